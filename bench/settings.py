"""Settings of the load benchmark only (`python -m bench.load`): the project's, with a bare view.

The bare view (`bench/urls.py`) is the yardstick every page is measured against; no
other settings module serves it.
"""

from ratsinfo.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
