"""The bounded schemathesis run (marker ``schemathesis``) runs only when asked for (``-m schemathesis``,
``make api-fuzz``), not in the ordinary suite: it takes a few minutes."""

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "schemathesis: the bounded API fuzz run (make api-fuzz)")


def pytest_collection_modifyitems(config, items):
    if "schemathesis" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="the schemathesis run is `make api-fuzz` (-m schemathesis)")
    for item in items:
        if item.get_closest_marker("schemathesis"):
            item.add_marker(skip)
