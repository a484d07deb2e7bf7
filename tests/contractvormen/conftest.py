import os
import shutil
import tempfile

_EIGEN: list[str] = []


def pytest_configure(config):
    """The reader caches simplemma's decoded dictionary on disk (lemmas.py). Tests keep it in a
    temporary directory instead of the user's cache (set before collection, which may read text
    already), unless a cache directory is set."""
    if "UITKOMST_CACHE_DIR" not in os.environ:
        path = tempfile.mkdtemp(prefix="uitkomst-lemmacache-")
        _EIGEN.append(path)
        os.environ["UITKOMST_CACHE_DIR"] = path


def pytest_unconfigure(config):
    for path in _EIGEN:
        os.environ.pop("UITKOMST_CACHE_DIR", None)
        shutil.rmtree(path, ignore_errors=True)
