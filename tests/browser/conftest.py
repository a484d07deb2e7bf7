"""Browser tests: Playwright (Python) driving Debian's Chromium at /usr/bin/chromium.

No browser is ever downloaded. Where Chromium is missing and cannot be installed (no root), the
tests are skipped with a visible message; under CI=true they always run, so a missing browser fails.
"""

import os
import shutil
from types import SimpleNamespace

import pytest

CHROMIUM = os.environ.get("UITKOMST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable in
# fixtures and assertions of the same test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _chromium_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
    if _chromium_available():
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"Chromium not found at {CHROMIUM}: under CI the browser tests must run.")
    reason = f"Chromium not found at {CHROMIUM} (install Debian's 'chromium' with `make browser-deps` as root)"
    print(f"\nNOTE: browser tests skipped: {reason}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def live_server_url(live_server) -> str:
    return live_server.url


@pytest.fixture
def login(page, live_server_url):
    """Log in through the real login form: ``login(user)``; the password is tests.conftest.PASSWORD."""
    from tests.conftest import PASSWORD

    def _login(user, password: str = PASSWORD):
        page.goto(f"{live_server_url}/inloggen")
        page.get_by_label("Gebruikersnaam").fill(user.username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()
        return page

    return _login


@pytest.fixture
def declaratie_wereld(db, make_user):
    """The invoicing journeys' region: reference data (a transactional test database is flushed
    between tests), Zwolle, one contracted provider and its users, and ``traject()`` for a running
    P01-P trajectory started on 3 March."""
    from tests.declaraties import helpers as h
    from uitkomst.accounts.services import load_roles
    from uitkomst.catalogus.referentiedata import load_all
    from uitkomst.organisaties.models import Gemeente
    from uitkomst.organisaties.services import load_reference_regions

    load_reference_regions()
    load_roles()
    load_all()
    zwolle = Gemeente.objects.get(cbs_code="0193")
    aanbieder = h.aanbieder("Kompas Jeugdhulp")
    h.contracteer(aanbieder, "ijsselland-jeugd-2018")
    toegang = make_user("toegang-zwolle", "gemeente-toegang", gemeente=zwolle)
    provider = make_user("aanbieder", "aanbieder", aanbieder=aanbieder, regio=zwolle.regio)
    finance = make_user("financien-zwolle", "gemeente-financien", gemeente=zwolle)

    def traject():
        return h.traject(
            toegang_user=toegang, aanbieder_user=provider, gemeente=zwolle,
            model_code="ijsselland-jeugd-2018", productcode="P01-P", start=h.datum(3, 3),
        )  # fmt: skip

    return SimpleNamespace(zwolle=zwolle, aanbieder=aanbieder, provider=provider, finance=finance, traject=traject)
