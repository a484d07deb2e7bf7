from tests.uitkomsten.conftest import *  # noqa: F403
