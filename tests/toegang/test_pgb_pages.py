"""The pgb pages: the form from the client's dossier and the plan, the list, the decision page with its
steps; refusals shown in Dutch at the field, nothing saved; other municipalities and roles kept out;
reads audit-logged, BSN masked."""

from __future__ import annotations

import datetime as dt

import pytest

from uitkomst.audit.models import Inzage
from uitkomst.toegang import services
from uitkomst.toegang.models import Pgbbesluit

from . import helpers

pytestmark = pytest.mark.django_db

JAAR = helpers.today().year


@pytest.fixture
def wmo_client(toegang, zwolle):
    return services.client_get_or_create(
        bsn="123456782", geboortedatum=dt.date(1950, 3, 1), gemeente=zwolle, door=toegang
    )


def form(**overrides):
    return {
        "wet": "wmo",
        "bedrag": "12.000,00",
        "ingangsdatum": f"{JAAR}-01-01",
        "einddatum": f"{JAAR}-12-31",
        "keuze_client": "1",
        "tariefgrondslag": "professioneel",
        "reden": "",
        "toelichting": "",
    } | overrides


def test_access_worker_records_and_decides_a_pgb_through_pages(client, toegang, wmo_client):
    client.force_login(toegang)
    dossier = client.get(f"/toegang/clienten/{wmo_client.uuid}").content.decode()
    assert f"/toegang/pgb/nieuw?client={wmo_client.uuid}" in dossier
    r = client.get(f"/toegang/pgb/nieuw?client={wmo_client.uuid}")
    html = r.content.decode()
    assert r.status_code == 200 and '<label for="bedrag">' in html and "••••••782" in html and "123456782" not in html
    r = client.post("/toegang/pgb/nieuw", {"client": str(wmo_client.uuid), **form()})
    assert r.status_code == 302, r.content.decode()[:3000]
    besluit = Pgbbesluit.objects.get()
    assert r["Location"] == f"/toegang/pgb/{besluit.uuid}"
    html = client.get(r["Location"]).content.decode()
    assert "€\xa012.000,00" in html and "Pgb toekennen" in html and "Pgb beëindigen" not in html
    r = client.post(r["Location"], {"stap": "toekennen", "toelichting": "Budgetplan akkoord."})
    assert r.status_code == 302
    html = client.get(r["Location"]).content.decode()
    assert "toegekend" in html and "Pgb beëindigen" in html and "Budgetplan akkoord." in html
    listing = client.get("/toegang/pgb").content.decode()
    assert str(besluit.uuid) in listing and "••••••782" in listing
    assert Inzage.objects.filter(
        gebruikersnaam="toegang-zwolle", kanaal="pagina", wat__startswith="pgb-besluit"
    ).exists()
    assert Inzage.objects.filter(wat__startswith="pgb-besluiten:", client_uuid=wmo_client.uuid).exists()


def test_refusals_are_shown_at_the_field_and_nothing_saved(client, toegang, wmo_client):
    client.force_login(toegang)
    r = client.post(
        "/toegang/pgb/nieuw",
        {"client": str(wmo_client.uuid), **form(keuze_client="", bedrag="0", einddatum=f"{JAAR - 1}-01-01")},
    )
    html = r.content.decode()
    assert r.status_code == 400
    assert "Er zijn 3 problemen" in html and 'href="#keuze_client"' in html and 'aria-invalid="true"' in html
    assert "keuze van de cliënt" in html and "groter dan nul" in html and "vóór de ingangsdatum" in html
    assert 'value="0"' in html  # what was typed stays
    r = client.post("/toegang/pgb/nieuw", {"client": str(wmo_client.uuid), **form(wet="jeugdwet", keuze_client="")})
    assert r.status_code == 400 and "gecontracteerde aanbod in natura niet passend" in r.content.decode()
    r = client.post("/toegang/pgb/nieuw", {"client": str(wmo_client.uuid), **form(ingangsdatum="31-02-2026")})
    assert r.status_code == 400 and "geldige datum" in r.content.decode()
    assert not Pgbbesluit.objects.exists()


def test_ending_outside_the_period_is_refused_on_the_page(client, toegang, wmo_client):
    besluit = services.pgbbesluit_aanvragen(
        client=wmo_client, wet="wmo", bedrag="100", ingangsdatum=dt.date(JAAR, 1, 1), einddatum=dt.date(JAAR, 12, 31),
        door=toegang, keuze_client=True, toekennen=True,
    )  # fmt: skip
    client.force_login(toegang)
    r = client.post(
        f"/toegang/pgb/{besluit.uuid}", {"stap": "beeindigen", "per": f"{JAAR + 1}-01-01", "toelichting": "x"}
    )
    assert r.status_code == 400 and 'href="#per"' in r.content.decode()
    r = client.post(f"/toegang/pgb/{besluit.uuid}", {"stap": "beeindigen", "per": f"{JAAR}-03-31", "toelichting": ""})
    assert r.status_code == 400 and 'href="#toelichting-beeindigen"' in r.content.decode()
    besluit.refresh_from_db()
    assert (besluit.status, besluit.beeindigd_op) == ("toegekend", None)


def test_pgb_from_the_youth_plan(client, toegang, plan):
    client.force_login(toegang)
    html = client.get(f"/toegang/plannen/{plan.uuid}").content.decode()
    assert "Persoonsgebonden budget" in html and f"/toegang/pgb/nieuw?plan={plan.uuid}" in html
    r = client.get(f"/toegang/pgb/nieuw?plan={plan.uuid}")
    assert '<option value="jeugdwet" selected>' in r.content.decode()
    r = client.post(
        "/toegang/pgb/nieuw",
        {"plan": str(plan.uuid), **form(wet="jeugdwet", keuze_client="", reden="Geen passend aanbod.")},
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    besluit = Pgbbesluit.objects.get()
    assert (besluit.plan, besluit.client, besluit.wet) == (plan, plan.client, "jeugdwet")
    html = client.get(f"/toegang/plannen/{plan.uuid}").content.decode()
    assert f"/toegang/pgb/{besluit.uuid}" in html
    assert Inzage.objects.filter(wat__startswith="pgb-besluiten bij het plan").exists()


def test_other_municipality_and_roles_are_kept_out(client, toegang, toegang_kampen, wmo_client, aanbieder_user):
    besluit = services.pgbbesluit_aanvragen(
        client=wmo_client, wet="wmo", bedrag="100", ingangsdatum=dt.date(JAAR, 1, 1), einddatum=dt.date(JAAR, 12, 31),
        door=toegang, keuze_client=True,
    )  # fmt: skip
    client.force_login(toegang_kampen)
    assert client.get(f"/toegang/pgb/{besluit.uuid}").status_code == 404
    assert client.post(f"/toegang/pgb/{besluit.uuid}", {"stap": "toekennen"}).status_code == 404
    assert client.get(f"/toegang/pgb/nieuw?client={wmo_client.uuid}").status_code == 404
    assert str(besluit.uuid) not in client.get("/toegang/pgb").content.decode()
    client.force_login(aanbieder_user)
    assert client.get("/toegang/pgb").status_code == 403
    assert client.get(f"/toegang/pgb/nieuw?client={wmo_client.uuid}").status_code == 403
    besluit.refresh_from_db()
    assert besluit.status == "aangevraagd"
