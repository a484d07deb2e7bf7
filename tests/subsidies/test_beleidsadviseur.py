"""The municipality's policy adviser (role ``gemeente-beleid``): decides on and settles the subsidies of
its own municipality, reads its steering figures and uses the analysis tools, and starts on that work;
it sees no dossiers, invoice lines or BSNs (least privilege)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from uitkomst.accounts import policy
from uitkomst.subsidies import selectors, services
from uitkomst.utils.errors import NotAllowed

from .conftest import JAAR, PRESTATIES, VERPLICHTINGEN, aanvraag

pytestmark = pytest.mark.django_db


@pytest.fixture
def beleid(w, make_user):
    return make_user("beleid-zwolle", "gemeente-beleid", gemeente=w.zwolle)


def _verlenen(w, a, door):
    return services.verlening_create(
        aanvraag=a, bedrag="600000.00", prestaties=PRESTATIES, verplichtingen=VERPLICHTINGEN, voorschotten=[],
        besluitdatum=dt.date(JAAR - 1, 12, 1), door=door,
    )  # fmt: skip


def test_the_policy_adviser_decides_and_settles_its_own_municipalitys_subsidies(w, beleid, make_user):
    a = aanvraag(w)
    assert selectors.werk_telling(user=beleid) == {"aanvragen": 1, "verantwoordingen": 0}
    v = _verlenen(w, a, beleid)
    services.verantwoording_indienen(
        verlening=v, jaar=JAAR, realisaties={"plaatsen": "40", "uitstroom": "12"}, datum=dt.date(JAAR + 1, 3, 1),
        door=w.aanbieder_a,
    )  # fmt: skip
    assert selectors.werk_telling(user=beleid) == {"aanvragen": 0, "verantwoordingen": 1}

    # another municipality's adviser sees none of it and may not decide on it
    kampen = make_user("beleid-kampen", "gemeente-beleid", gemeente=w.kampen)
    assert selectors.werk_telling(user=kampen) == {"aanvragen": 0, "verantwoordingen": 0}
    b = aanvraag(w, aanbieder=w.b)
    with pytest.raises(NotAllowed) as err:
        _verlenen(w, b, kampen)
    assert err.value.code == "geen_toegang"
    # roles without the right to decide have no subsidy work
    assert selectors.werk_telling(user=w.financien) == {"aanvragen": 0, "verantwoordingen": 0}


def test_the_policy_adviser_sees_no_dossiers_invoice_lines_or_bsns(beleid):
    assert not beleid.has_right("bsn.zien")
    for soort in ("client", "verwijzing", "traject", "toewijzing", "declaratieregel", "bericht", "verzoek"):
        assert policy.rijen(beleid, soort) == policy.NIETS, soort
    assert policy.mag(beleid, "sturing.lezen") and policy.mag(beleid, "simulatie.lezen")
    assert not policy.mag(beleid, "declaraties.regel_beoordelen")


def test_the_policy_adviser_starts_on_its_own_work_and_every_link_opens(w, beleid, client):
    aanvraag(w)
    client.force_login(beleid)
    html = client.get("/").content.decode()
    hoofd = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.search(r"<main.*?</main>", html, re.S).group(0)))
    assert "Beleid en subsidies" in hoofd and "1 Subsidieaanvragen te besluiten" in hoofd
    assert "Sturing" in hoofd  # the steering figures of its municipality
    links = set(re.findall(r'href="(/[^"#]*)"', re.search(r"<main.*?</main>", html, re.S).group(0)))
    assert {"/subsidies/", "/contractvormen/vergelijk", "/contractvormen/lezen", "/simulatie/"} <= links
    for url in sorted(links):
        assert client.get(url).status_code == 200, url
