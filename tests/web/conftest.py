import pytest


@pytest.fixture
def demo(demo_klein):
    """A small demo region with one user per shipped role (the same as `make run`, fewer clients), built
    once per module (``tests/conftest.py``, ``demo_gedeeld``)."""
    return demo_klein
