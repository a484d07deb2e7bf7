import contextlib
import datetime as dt
import json
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from uitkomst.accounts.services import gebruiker_create
from uitkomst.catalogus import services as catalogus
from uitkomst.catalogus.models import Bekostigingsvorm, IjwEenheid, Inkoopmodel, Tariefeenheid, Wet
from uitkomst.catalogus.referentiedata import load_all
from uitkomst.organisaties.models import Gemeente, Regio

PASSWORD = "een-lang-testwachtwoord"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _nederlands_per_test():
    """Every test starts and ends in Dutch. A request through the test client with another language
    (Accept-Language, the language cookie) leaves that language active in the thread: LocaleMiddleware
    activates it and nothing deactivates it, so a later test on the same worker would otherwise see
    English labels and messages depending on the order xdist happened to give."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _api_limieten_per_test():
    """The API rate limits (api/throttling.py) count in the cache; each test starts with empty buckets."""
    from django.core.cache import cache

    cache.clear()


# Reference data is loaded once per test database (per xdist worker), not per test: every test runs
# in a transaction that is rolled back, so the rows stay as loaded. Regions and roles come back by
# themselves after a transactional test's flush (post_migrate); the reference models are reloaded
# by pytest_runtest_teardown below. Loading took ~0.7 s, and two thirds of the tests need it.
_test_db_ready = False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    global _test_db_ready
    with django_db_blocker.unblock():
        load_all()
    _test_db_ready = True
    yield
    _test_db_ready = False  # torn down (the last test's teardown): nothing left to reload into


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    names = getattr(item, "fixturenames", ())
    return any(n in names for n in ("transactional_db", "live_server", "django_db_reset_sequences"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if _test_db_ready and _is_transactional(item):  # its flush emptied the test database
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            load_all()
    return result


@pytest.fixture
def systeem(db):
    """The named system actor tests use for set-up that no role in particular does."""
    from uitkomst.accounts import policy

    return policy.systeem_actor("test")


@pytest.fixture
def regio(db) -> Regio:
    return Regio.objects.get(code="ijsselland")  # loaded after migrate from organisaties/data


@pytest.fixture
def zwolle(db) -> Gemeente:
    return Gemeente.objects.get(cbs_code="0193")


@pytest.fixture
def reference_models(db):
    """The shipped reference purchasing models; already in the test database (see django_db_setup)."""
    return list(Inkoopmodel.objects.filter(is_referentiemodel=True).order_by("code"))


@pytest.fixture
def ijsselland(reference_models):
    return Inkoopmodel.objects.get(code="ijsselland-jeugd-2018")


@pytest.fixture
def model(systeem, regio):
    """A small, fresh purchasing model to test the rules on."""
    return catalogus.inkoopmodel_create(
        door=systeem,
        regio=regio,
        code="test-model",
        naam="Testmodel",
        wet=Wet.JEUGDWET,
        geldig_van=dt.date(2025, 1, 1),
        geldig_tot=dt.date(2026, 12, 31),
    )


@pytest.fixture
def product(systeem, model):
    return catalogus.product_create(
        door=systeem,
        inkoopmodel=model,
        code="T01",
        naam="Testproduct",
        bekostiging=Bekostigingsvorm.TRAJECT,
        tariefeenheid=Tariefeenheid.TRAJECT,
        ijw_eenheid=IjwEenheid.STUKS_OUTPUT,
        productcategorie="45",
    )


@pytest.fixture
def make_user(db):
    def _make(username: str, rol_code: str, **scope):
        return gebruiker_create(username=username, password=PASSWORD, rol_code=rol_code, check_password=False, **scope)

    return _make


@pytest.fixture
def contractmanager(make_user, regio):
    return make_user("cm", "regio-contractmanager", regio=regio)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


# --- data built once per test module ---------------------------------------------------------------
# The small demo region (20 clients, one user per shipped role) takes about 1.6 s to build, and some
# modules need it in every one of their tests (the menu, notation, audit and least-privilege scans of
# every role). ``demo_gedeeld`` builds it once per module inside an outer transaction; each test's own
# transaction nests in it as a savepoint and is rolled back as usual, and the outer one is rolled back
# when the module ends, so the next module finds the database as loaded. This is what Django's
# ``TestCase.setUpTestData`` does per class. Only for modules without transactional tests (a flush
# inside the outer transaction would be rolled back with it, and a live server cannot see the rows).


@contextlib.contextmanager
def gedeeld_gebouwd(django_db_blocker, bouw):
    """Run ``bouw()`` once inside an outer transaction that stays open while the module's tests run
    (each test's own transaction nests in it as a savepoint) and is rolled back afterwards; yields what
    ``bouw`` returned. The shared builds below and the demo modules' own shared regions use it."""
    from django.db import transaction

    with django_db_blocker.unblock():
        buiten = transaction.atomic()
        buiten.__enter__()
        try:
            gebouwd = bouw()
        except BaseException:
            transaction.set_rollback(True)
            buiten.__exit__(None, None, None)
            raise
    try:
        yield gebouwd
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            buiten.__exit__(None, None, None)


@pytest.fixture(scope="module")
def demo_gedeeld(django_db_setup, django_db_blocker):
    from django.test.utils import override_settings

    from uitkomst.demo import services
    from uitkomst.demo.users import demo_users_ensure

    def bouw():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            services.demo_region_build(clients=20, seed=3)
            return {u.username: u.pk for u in demo_users_ensure(password=PASSWORD)}

    with gedeeld_gebouwd(django_db_blocker, bouw) as pks:
        yield pks


@pytest.fixture
def demo_klein(demo_gedeeld, db):
    """The small demo region of ``demo_gedeeld`` with fresh user objects per test (a test that changes a
    user in memory does not pass that on to the next test)."""
    from uitkomst.accounts.models import Gebruiker

    gebruikers = Gebruiker.objects.in_bulk(list(demo_gedeeld.values()))
    return {naam: gebruikers[pk] for naam, pk in demo_gedeeld.items()}


def _pg_fase_overslaan(items):
    """``pg_fase`` tests run once, in the PostgreSQL phase (CI runs both phases): on SQLite they are
    skipped, so ``make test`` stays within its time. Only for slow tests that need not run on both
    databases (a historical data migration, the model file's byte-for-byte rebuild)."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return
    skip = pytest.mark.skip(reason="pg_fase: runs in the PostgreSQL phase (make test-pg)")
    for item in items:
        if "pg_fase" in item.keywords:
            item.add_marker(skip)


# --- the order in which the two workers take the test files ----------------------------------------
# xdist (``--dist loadfile``) hands out whole files in collection order; ``make test`` turns off its own
# reordering by test count (``--no-loadscope-reorder``). With the slowest files first and the quick
# ones last (longest processing time first), the two workers finish together instead of one waiting
# for the other's last long file. ``tests/duur.json`` holds each file's seconds from a measured run
# (``make test-duur`` writes it again); a file not in it counts 0.1 s per test. Order only: which test
# runs where never changes an outcome.
_DUUR = Path(__file__).with_name("duur.json")


def _langste_eerst(items):
    try:
        gemeten = json.loads(_DUUR.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    per_bestand: dict[str, list] = {}
    for item in items:
        per_bestand.setdefault(item.nodeid.split("::", 1)[0], []).append(item)

    def duur(bestand: str) -> float:
        return float(gemeten.get(bestand, 0.1 * len(per_bestand[bestand])))

    items[:] = [item for b in sorted(per_bestand, key=lambda b: (-duur(b), b)) for item in per_bestand[b]]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    _langste_eerst(items)
    _pg_fase_overslaan(items)


def pytest_addoption(parser):
    parser.addoption("--duur-opslaan", metavar="PAD", help="write each test file's seconds to PAD (tests/duur.json)")


_gemeten: dict[str, float] = {}


def pytest_runtest_logreport(report):
    """Seconds per file, setup and teardown included; a setup counts at most 20 s (the first test of a
    worker also waits for the test database: migrations and reference data, which no file owes)."""
    duur = min(report.duration, 20.0) if report.when == "setup" else report.duration
    bestand = report.nodeid.split("::", 1)[0]
    _gemeten[bestand] = _gemeten.get(bestand, 0.0) + duur


def pytest_sessionfinish(session):
    pad = session.config.getoption("--duur-opslaan", None)
    if pad and not hasattr(session.config, "workerinput"):  # the controller, which saw every report
        tekst = json.dumps({b: round(s, 1) for b, s in sorted(_gemeten.items())}, indent=0, sort_keys=True)
        Path(pad).write_text(tekst + "\n", encoding="utf-8")
