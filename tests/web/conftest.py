import pytest

from tests.conftest import PASSWORD


@pytest.fixture
def demo(reference_models):
    """A small demo region with one user per shipped role (the same as `make run`, fewer clients)."""
    from uitkomst.demo import services
    from uitkomst.demo.users import demo_users_ensure

    services.demo_region_build(clients=20, seed=3)
    return {u.username: u for u in demo_users_ensure(password=PASSWORD)}
