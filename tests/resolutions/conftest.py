# The back office's small town (every role, two departments, a second Body) serves the lifecycle's tests too.
from tests.office.conftest import _fast_passwords, town  # noqa: F401
