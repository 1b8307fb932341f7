# The back office's small town (every role, two departments, a second Body) serves the lifecycle's tests too.
from tests.office.conftest import town  # noqa: F401
