from tests.toegang.conftest import *  # noqa: F403
