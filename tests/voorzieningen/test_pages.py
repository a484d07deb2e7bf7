"""The collective-provision pages: the list with reach per district, the detail with the provider's
attendance form and its correction, the manager's forms, the access worker's referral from the
referral page (the collective provisions shown first); refusals on the page with nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.toegang import helpers
from uitkomst.voorzieningen.models import AlgemeneVoorziening, Deelnamemelding, VoorliggendeVerwijzing, Wijk

from .conftest import JAAR, verlening

pytestmark = pytest.mark.django_db


def test_list_with_reach_per_district(client, w):
    services_melden(w, 3, 520)
    client.force_login(w.cm)
    r = client.get(f"/voorzieningen/?gemeente=0193&jaar={JAAR}")
    assert r.status_code == 200
    html = r.content.decode()
    assert "Dagbesteding De Buurtkamer" in html and "Holtenbroek" in html
    assert "2080" in html and "520" in html and "25%" in html  # capacity, attendance, occupancy
    assert 'scope="col"' in html and "<caption" in html
    client.force_login(w.verwijzer)
    assert client.get("/voorzieningen/").status_code == 403


def services_melden(w, maand: int, n: int):
    from uitkomst.voorzieningen import services

    return services.deelname_melden(voorziening=w.voorziening, periode=dt.date(JAAR, maand, 1), deelnames=n,
                                    door=w.aanbieder_a)  # fmt: skip


def test_provider_reports_and_corrects_on_the_page(client, w):
    client.force_login(w.aanbieder_a)
    url = f"/voorzieningen/{w.voorziening.uuid}"
    page = client.get(url).content.decode()
    assert "Deelname melden" in page
    r = client.post(url, {"actie": "melden", "periode": f"{JAAR}-05", "deelnames": "-2"})
    assert r.status_code == 400 and "het aantal moet nul of meer zijn" in r.content.decode()
    assert 'aria-invalid="true"' in r.content.decode()
    assert not Deelnamemelding.objects.exists()
    r = client.post(url, {"actie": "melden", "periode": f"{JAAR}-05", "deelnames": "140", "unieke_deelnemers": "30"})
    assert r.status_code == 302
    melding = Deelnamemelding.objects.get()
    r = client.post(url, {"actie": "melden", "periode": f"{JAAR}-05", "deelnames": "150"})
    assert r.status_code == 400 and "al gemeld" in r.content.decode()

    r = client.post(url, {"actie": "melden", "periode": f"{JAAR}-06", "deelnames": "0", "unieke_deelnemers": "0"})
    assert r.status_code == 302
    assert Deelnamemelding.objects.get(periode=dt.date(JAAR, 6, 1)).unieke_deelnemers == 0  # 0 is not "empty"
    r = client.post(f"/voorzieningen/meldingen/{melding.uuid}/corrigeren", {"deelnames": "150", "reden": ""})
    assert r.status_code == 400 and "reden van de correctie" in r.content.decode()
    r = client.post(f"/voorzieningen/meldingen/{melding.uuid}/corrigeren", {"deelnames": "150", "reden": "Telfout"})
    assert r.status_code == 302
    mei = Deelnamemelding.objects.filter(periode=dt.date(JAAR, 5, 1)).order_by("pk")
    assert list(mei.values_list("status", "deelnames")) == [
        ("vervangen", 140), ("geldig", 150)]  # fmt: skip

    # another provider sees neither the provision nor may correct
    client.force_login(w.aanbieder_b)
    assert client.get(url).status_code == 404
    assert client.get(f"/voorzieningen/meldingen/{melding.uuid}/corrigeren").status_code == 404


def test_manager_creates_district_and_provision(client, w):
    grant = verlening(w)
    client.force_login(w.cm)
    r = client.post("/voorzieningen/wijken/nieuw", {"gemeente": str(w.zwolle.pk), "naam": "Holtenbroek"})
    assert r.status_code == 400 and "bestaat al" in r.content.decode()
    r = client.post("/voorzieningen/wijken/nieuw", {"gemeente": str(w.zwolle.pk), "naam": "Assendorp"})
    assert r.status_code == 302
    wijk = Wijk.objects.get(naam="Assendorp")
    form = client.get("/voorzieningen/nieuw").content.decode()
    assert str(grant.uuid) in form and "Assendorp" in form
    data = {"wijk": str(wijk.uuid), "aanbieder": str(w.a.uuid), "naam": "Dagbesteding Assendorp",
            "soort": "dagbesteding", "wet": "wmo", "capaciteit": "nul", "capaciteit_eenheid": "week",
            "geldig_van": f"{JAAR}-01-01", "geldig_tot": "", "subsidieverlening": str(grant.uuid), "adres": "",
            "omschrijving": ""}  # fmt: skip
    r = client.post("/voorzieningen/nieuw", data)
    assert r.status_code == 400 and "geen geheel getal" in r.content.decode()
    r = client.post("/voorzieningen/nieuw", {**data, "capaciteit": "25"})
    assert r.status_code == 302
    v = AlgemeneVoorziening.objects.get(naam="Dagbesteding Assendorp")
    assert v.subsidieverlening == grant and v.capaciteit == 25
    # closing from the detail page
    r = client.post(f"/voorzieningen/{v.uuid}", {"actie": "sluiten", "per": f"{JAAR}-10-31", "reden": ""})
    assert r.status_code == 400
    r = client.post(f"/voorzieningen/{v.uuid}", {"actie": "sluiten", "per": f"{JAAR}-10-31", "reden": "Samengevoegd"})
    assert r.status_code == 302
    v.refresh_from_db()
    assert v.status == "gesloten"
    # the access may not manage
    client.force_login(w.toegang)
    assert client.get("/voorzieningen/nieuw").status_code == 403


def test_access_worker_sees_collective_provisions_first_and_refers(client, w):
    from uitkomst.catalogus.models import Inkoopmodel
    from uitkomst.voorzieningen import services

    jeugd = services.voorziening_create(wijk=w.stadshagen, aanbieder=w.b, naam="Opvoedspreekuur Stadshagen",
                                        soort="opvoeding", wet="jeugdwet", capaciteit=20,
                                        geldig_van=dt.date(JAAR, 1, 1), door=w.cm)  # fmt: skip
    model = Inkoopmodel.objects.filter(wet="jeugdwet").order_by("pk").first()
    verwijzing = helpers.verwijzing(w.toegang, w.zwolle, model)
    client.force_login(w.toegang)
    html = client.get(f"/toegang/verwijzingen/{verwijzing.uuid}").content.decode()
    assert "Eerst: algemene voorzieningen" in html and "Opvoedspreekuur Stadshagen" in html
    assert "Dagbesteding De Buurtkamer" not in html  # a Wmo provision is not offered on a youth referral
    assert html.index("Eerst: algemene voorzieningen") < html.index("Gezinsplan: de doelen")
    terug = f"/toegang/verwijzingen/{verwijzing.uuid}"
    r = client.post(f"/voorzieningen/{jeugd.uuid}", {"actie": "verwijzen", "aantal": "1", "terug": terug})
    assert r.status_code == 302 and r["Location"] == terug
    r = client.post(
        f"/voorzieningen/{jeugd.uuid}", {"actie": "verwijzen", "aantal": "1", "terug": "https://x.invalid/"}
    )
    assert r["Location"] == f"/voorzieningen/{jeugd.uuid}"  # never an open redirect
    r = client.post(f"/voorzieningen/{jeugd.uuid}", {"actie": "verwijzen", "aantal": "1", "kenmerk": "111222333"})
    assert r.status_code == 400 and "lijkt op een BSN" in r.content.decode()
    assert VoorliggendeVerwijzing.objects.filter(voorziening=jeugd).count() == 2
    # another municipality's access does not get the block
    client.force_login(w.toegang_kampen)
    assert client.get(f"/voorzieningen/{jeugd.uuid}").status_code == 404


def test_menu_item(client, w):
    client.force_login(w.aanbieder_a)
    assert 'href="/voorzieningen/"' in client.get("/voorzieningen/").content.decode()
