"""Pages of the journey, the approver queue, the provider inbox; scoping and audit on pages."""

import pytest

from tests.tweestaps import inloggen
from uitkomst.audit.models import Inzage
from uitkomst.trajecten.models import Toewijzing, Traject

from . import helpers

pytestmark = pytest.mark.django_db


def test_access_worker_journey_through_pages(client, toegang, aanbieder, ijsselland):
    client.force_login(toegang)
    r = client.post(
        "/toegang/verwijzingen/nieuw",
        {
            "bsn": "111222333",
            "geboortedatum": "2014-05-01",
            "gemeente": toegang.gemeente_id,
            "inkoopmodel": ijsselland.pk,
            "datum": helpers.today().isoformat(),
            "verwijzer_type": "01",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    detail = client.get(r["Location"])
    html = detail.content.decode()
    assert "••••••333" in html and "111222333" not in html  # masked on every page
    r = client.post(r["Location"], {"doelen": "Rust in huis\nNaar school"})
    plan_url = r["Location"]
    html = client.get(plan_url).content.decode()
    assert "Keuzehulp" in html and "Gezinscommunicatie en opvoeding" in html and "Perspectief" in html
    assert "max. 6 maanden" in html
    product = ijsselland.producten.get(code="P01-P")
    r = client.post(plan_url, {"product": product.pk, "motivering": "Opvoedvragen, kort traject"})
    assert r.status_code == 302
    choice = client.get(plan_url + "/aanbieder").content.decode()
    assert aanbieder.naam in choice and "Gezinsbehandeling" in choice
    r = client.post(
        plan_url + "/aanbieder",
        {"aanbieder": str(aanbieder.uuid), "startdatum": helpers.today().isoformat(), "keuze_door_client": "1"},
    )
    assert r.status_code == 302 and "/trajecten/" in r["Location"]
    t = Toewijzing.objects.get()
    assert t.keuze_door_client and t.traject.status == "toegewezen"
    assert Inzage.objects.filter(gebruikersnaam="toegang-zwolle", kanaal="pagina").exists()


def test_excluded_care_on_page_shows_model_reason(client, toegang, zwolle, ijsselland):
    from uitkomst.toegang import services

    v = helpers.verwijzing(toegang, zwolle, ijsselland)
    plan = services.gezinsplan_create(verwijzing=v, doelen=["Rust"], door=toegang)
    client.force_login(toegang)
    r = client.post(f"/toegang/plannen/{plan.uuid}", {"uitsluiting": "veilig-thuis", "motivering": "x"}, follow=True)
    assert "eigen beleidskader" in r.content.decode()


def test_missing_client_choice_on_page_is_explained(client, plan, aanbieder, toegang):
    client.force_login(toegang)
    r = client.post(
        f"/toegang/plannen/{plan.uuid}/aanbieder",
        {"aanbieder": str(aanbieder.uuid), "startdatum": helpers.today().isoformat()},
    )
    assert r.status_code == 200 and "cliënt kiest zelf" in r.content.decode()
    assert not Toewijzing.objects.exists()


def test_other_municipality_gets_404_on_pages(client, plan, toegang_kampen):
    client.force_login(toegang_kampen)
    assert client.get(f"/toegang/plannen/{plan.uuid}").status_code == 404
    assert client.get(f"/toegang/verwijzingen/{plan.verwijzing.uuid}").status_code == 404
    assert client.get(f"/toegang/clienten/{plan.client.uuid}").status_code == 404


def test_provider_inbox_accept_start_end(client, plan, aanbieder, aanbieder_user, toegang):
    from uitkomst.trajecten import services

    traject = services.toewijzing_create(
        plan=plan, aanbieder=aanbieder, startdatum=helpers.today(), keuze_door_client=True, door=toegang
    ).traject
    client.force_login(aanbieder_user)
    inbox = client.get("/trajecten/inbox").content.decode()
    assert traject.toewijzing.nummer in inbox
    base = f"/trajecten/{traject.uuid}"
    assert client.post(base + "/afwijzen", {"reden": ""}, follow=True).status_code == 200
    traject.refresh_from_db()
    assert traject.status == "toegewezen"
    client.post(base + "/accepteren")
    client.post(base + "/starten", {"datum": helpers.today().isoformat()})
    goals = {f"doel_{d.pk}": "behaald" for d in plan.doelen.all()}
    client.post(base + "/beeindigen", {"reden": "31", **goals})
    traject.refresh_from_db()
    assert traject.status == "beeindigd" and traject.reden_beeindiging == "31"
    html = client.get(base).content.decode()
    assert "Statushistorie" in html and "beëindigd" in html


def test_approver_queue_hides_own_button(client, toegang, collega, aanbieder, zwolle, ijsselland):
    from uitkomst.trajecten import services

    plan = helpers.plan(toegang, zwolle, ijsselland, productcode="P04-I")
    t = services.toewijzing_create(
        plan=plan, aanbieder=aanbieder, startdatum=helpers.today(), keuze_door_client=True, door=toegang
    )
    client.force_login(toegang)
    html = client.get("/toegang/goedkeuren").content.decode()
    assert t.nummer in html and "eigen toewijzing" in html
    client.post("/toegang/goedkeuren", {"toewijzing": str(t.uuid)})  # a forged post is still refused
    t.refresh_from_db()
    assert t.goedkeuring == "wacht"
    client.force_login(collega)
    client.post("/toegang/goedkeuren", {"toewijzing": str(t.uuid)})
    t.refresh_from_db()
    assert t.goedkeuring == "goedgekeurd"


def test_lists_filter_paginate_and_stay_constant_in_queries(
    client, toegang, aanbieder, zwolle, ijsselland, django_assert_max_num_queries
):
    from uitkomst.trajecten import services

    for i, bsn in enumerate(helpers.BSNS[:6]):
        plan = helpers.plan(toegang, zwolle, ijsselland, bsn=bsn, productcode="P01-P" if i % 2 else "P12-P")
        services.toewijzing_create(
            plan=plan, aanbieder=aanbieder, startdatum=helpers.today(), keuze_door_client=True, door=toegang
        )
    client.force_login(toegang)
    with django_assert_max_num_queries(14):
        r = client.get("/trajecten/", {"status": "toegewezen"})
    assert r.status_code == 200 and r.content.decode().count("TW0") == 6
    with django_assert_max_num_queries(14):
        assert client.get("/toegang/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/toegang/clienten").status_code == 200
    assert Traject.objects.count() == 6


def test_audit_log_only_for_privacy_officer(client, plan, toegang, make_user, regio):
    client.force_login(toegang)
    client.get(f"/toegang/clienten/{plan.client.uuid}")
    row = Inzage.objects.filter(wat__startswith="cliëntdossier").get()
    assert row.gebruiker == toegang and row.client_uuid == plan.client.uuid and row.waarom == "dossier openen"
    assert client.get("/audit/").status_code == 403
    po = make_user("po", "privacy-officer", regio=regio)
    inloggen(client, po)  # password step plus the TOTP step of the privacy officer
    html = client.get("/audit/").content.decode()
    assert "toegang-zwolle" in html and "dossier openen" in html
    cm = make_user("cm", "regio-contractmanager", regio=regio)
    client.force_login(cm)
    assert client.get("/audit/").status_code == 403


def test_audit_rows_cannot_be_changed_or_deleted(plan, toegang):
    from uitkomst.audit.services import audit_log_read

    audit_log_read(user=toegang, clients=[plan.client], wat="test", waarom="test")
    row = Inzage.objects.get()
    row.waarom = "anders"
    with pytest.raises(ValueError):
        row.save()
    with pytest.raises(ValueError):
        row.delete()
