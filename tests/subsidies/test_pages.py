"""The subsidy pages: schemes with the ceiling used, a grant with its results, the provider's report
form, the settlement with its reclaim; refusals shown on the page with nothing saved; 403/404 for others."""

from __future__ import annotations

from decimal import Decimal

import pytest

from uitkomst.subsidies.models import Subsidieverlening, Verantwoording

from .conftest import aanvraag, verlening

pytestmark = pytest.mark.django_db


def test_pages_from_grant_to_settlement(client, w):
    v = verlening(w, aanvraag(w))
    client.force_login(w.cm)
    page = client.get("/subsidies/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Beschermd wonen en maatschappelijke opvang" in html
    assert "€\u00a01.000.000,00" in html and "€\u00a0600.000,00" in html  # ceiling, granted
    assert "€\u00a0400.000,00" in html and "60%" in html  # remaining, used

    # finance pays the first advance on the grant page
    client.force_login(w.financien)
    eerste = v.voorschotten.order_by("volgnummer").first()
    r = client.post(f"/subsidies/verleningen/{v.uuid}", {"voorschot": str(eerste.uuid)})
    assert r.status_code == 302
    eerste.refresh_from_db()
    assert eerste.status == "betaald"

    # the provider reports: a missing value is shown, nothing saved; then the full report
    client.force_login(w.aanbieder_a)
    detail = client.get(f"/subsidies/verleningen/{v.uuid}").content.decode()
    assert "Bezette plaatsen beschermd wonen" in detail and "nog niet verantwoord" in detail
    assert f"/subsidies/verleningen/{v.uuid}/verantwoorden" in detail
    p1, p2 = v.prestaties.order_by("volgorde")
    r = client.post(f"/subsidies/verleningen/{v.uuid}/verantwoorden", {"jaar": v.jaar, f"prestatie-{p1.pk}": "35"})
    assert r.status_code == 400 and "Uitstroom naar zelfstandig wonen" in r.content.decode()
    assert not Verantwoording.objects.exists()
    r = client.post(f"/subsidies/verleningen/{v.uuid}/verantwoorden",
                    {"jaar": v.jaar, f"prestatie-{p1.pk}": "35", f"prestatie-{p2.pk}": "10,5"})  # fmt: skip
    assert r.status_code == 302, r.content.decode()

    # another provider neither sees the grant nor may report
    client.force_login(w.aanbieder_b)
    assert client.get(f"/subsidies/verleningen/{v.uuid}").status_code == 404

    # the contract manager settles: the reclaim is paid advances above the fixed amount
    client.force_login(w.cm)
    form = client.get(f"/subsidies/verleningen/{v.uuid}/vaststellen")
    assert form.status_code == 200 and "88%" in form.content.decode()  # 35 of 40 places
    r = client.post(f"/subsidies/verleningen/{v.uuid}/vaststellen", {"bedrag": "100.000,005"})
    assert r.status_code == 400
    v.refresh_from_db()
    assert v.status == "verantwoord"
    r = client.post(f"/subsidies/verleningen/{v.uuid}/vaststellen", {"bedrag": "120.000,00"})
    assert r.status_code == 302
    detail = client.get(f"/subsidies/verleningen/{v.uuid}").content.decode()
    assert "€\u00a030.000,00" in detail  # 150,000 paid − 120,000 fixed
    assert Subsidieverlening.objects.get(pk=v.pk).vaststelling.terugvordering == 30000


def test_other_roles_are_refused(client, w):
    v = verlening(w, aanvraag(w))
    client.force_login(w.toegang)
    assert client.get("/subsidies/").status_code == 403
    client.force_login(w.financien)
    assert client.get(f"/subsidies/verleningen/{v.uuid}/vaststellen").status_code == 403
    client.force_login(w.cm)
    assert client.get(f"/subsidies/verleningen/{v.uuid}/verantwoorden").status_code == 403


# --- every step through its own page form (issue 17, point 1) --------------------------------


def _codes(r) -> set[str]:
    """The codes of the service's problems shown in the page's error summary."""
    return {f["code"] for f in r.context["fouten"]}


def test_every_step_through_the_page_forms(client, w):
    from uitkomst.subsidies.models import Subsidieaanvraag, Subsidieregeling

    client.force_login(w.cm)
    assert "/subsidies/regelingen/nieuw" in client.get("/subsidies/").content.decode()
    form = client.get("/subsidies/regelingen/nieuw")
    assert form.status_code == 200 and "Zwolle" in form.content.decode()
    # a refusal: every problem at once, linked to its field, nothing saved, what was typed kept
    r = client.post("/subsidies/regelingen/nieuw", {"gemeente": str(w.zwolle.pk), "naam": "Dagbesteding collectief",
                                                    "wet": "wmo", "van_jaar": "2027", "tot_jaar": "2026",
                                                    "plafond": "1.000,005"})  # fmt: skip
    assert r.status_code == 400 and _codes(r) == {"ongeldige_periode", "ongeldig_bedrag"}
    html = r.content.decode()
    assert 'href="#plafond"' in html and 'aria-invalid="true"' in html and "Dagbesteding collectief" in html
    assert not Subsidieregeling.objects.filter(naam="Dagbesteding collectief").exists()
    r = client.post("/subsidies/regelingen/nieuw", {"gemeente": str(w.zwolle.pk), "naam": "Dagbesteding collectief",
                                                    "wet": "wmo", "van_jaar": "2026", "tot_jaar": "2027",
                                                    "plafond": "500.000,00"})  # fmt: skip
    assert r.status_code == 302, r.content.decode()
    regeling = Subsidieregeling.objects.get(naam="Dagbesteding collectief")
    assert (regeling.plafond, regeling.van_jaar, regeling.tot_jaar) == (Decimal("500000.00"), 2026, 2027)
    assert "€\u00a0500.000,00" in client.get(r["Location"]).content.decode()

    # the provider applies for itself (no choice of provider), for a year of the scheme
    client.force_login(w.aanbieder_a)
    form = client.get(f"/subsidies/regelingen/{regeling.uuid}/aanvragen")
    assert (
        form.status_code == 200 and w.a.naam in form.content.decode() and "Andere Opvang" not in form.content.decode()
    )
    r = client.post(f"/subsidies/regelingen/{regeling.uuid}/aanvragen", {"jaar": "2026", "bedrag": "-4"})
    assert r.status_code == 400 and _codes(r) == {"ongeldig_bedrag"}
    assert not Subsidieaanvraag.objects.filter(regeling=regeling).exists()
    r = client.post(f"/subsidies/regelingen/{regeling.uuid}/aanvragen",
                    {"jaar": "2026", "bedrag": "450.000,00", "toelichting": "Acht wijklocaties"})  # fmt: skip
    assert r.status_code == 302
    a = Subsidieaanvraag.objects.get(regeling=regeling)
    assert (a.aanbieder, a.jaar, a.aangevraagd_bedrag, a.status) == (w.a, 2026, Decimal("450000.00"), "ingediend")
    assert "Afwijzen" not in client.get(r["Location"]).content.decode()  # the provider does not decide
    assert client.get(f"/subsidies/aanvragen/{a.uuid}/verlenen").status_code == 403

    # the officer grants: results, obligations and conditions, advances
    client.force_login(w.cm)
    detail = client.get(f"/subsidies/aanvragen/{a.uuid}").content.decode()
    assert "Statusgeschiedenis" in detail and "ingediend" in detail and "Afwijzen" in detail
    form = client.get(f"/subsidies/aanvragen/{a.uuid}/verlenen")
    assert form.status_code == 200 and "€\u00a0500.000,00" in form.content.decode()  # remaining under the ceiling
    grant = {
        "bedrag": "400.000,00", "besluitdatum": "2025-12-01", "toelichting": "Verleend onder voorwaarden",
        "prestatie_1_indicator": "deelnemers", "prestatie_1_omschrijving": "Unieke deelnemers",
        "prestatie_1_eenheid": "deelnemers", "prestatie_1_streefwaarde": "400",
        "prestatie_3_indicator": "wijken", "prestatie_3_omschrijving": "Wijken met een locatie",
        "prestatie_3_streefwaarde": "8",
        "verplichting_1_soort": "verplichting", "verplichting_1_omschrijving": "Halfjaarlijkse rapportage",
        "verplichting_2_soort": "voorwaarde", "verplichting_2_omschrijving": "Samenwerking met de wijkteams",
        "voorschot_1_gepland_op": "2026-01-01", "voorschot_1_bedrag": "200.000,00",
        "voorschot_2_gepland_op": "2026-07-01", "voorschot_2_bedrag": "200.000,01",
    }  # fmt: skip
    r = client.post(f"/subsidies/aanvragen/{a.uuid}/verlenen", {**grant, "prestatie_3_streefwaarde": "acht"})
    assert r.status_code == 400 and _codes(r) == {"voorschot_boven_verlening", "ongeldige_streefwaarde"}
    html = r.content.decode()
    assert 'href="#prestatie_3_indicator"' in html  # the second row passed is form row 3
    assert 'value="Samenwerking met de wijkteams"' in html  # what was typed is kept
    a.refresh_from_db()
    assert a.status == "ingediend" and not Subsidieverlening.objects.filter(aanvraag=a).exists()
    r = client.post(f"/subsidies/aanvragen/{a.uuid}/verlenen", {**grant, "voorschot_2_bedrag": "200.000,00"})
    assert r.status_code == 302, r.content.decode()
    v = Subsidieverlening.objects.get(aanvraag=a)
    assert [p.indicator for p in v.prestaties.all()] == ["deelnemers", "wijken"]
    assert list(v.verplichtingen.values_list("soort", flat=True)) == ["verplichting", "voorwaarde"]
    assert [x.bedrag for x in v.voorschotten.all()] == [Decimal("200000.00"), Decimal("200000.00")]

    # finance pays an advance on a chosen date; the history shows grant and advance steps
    client.force_login(w.financien)
    eerste = v.voorschotten.get(volgnummer=1)
    r = client.post(f"/subsidies/verleningen/{v.uuid}", {"voorschot": str(eerste.uuid), "betaald_op": "2026-01-05"})
    assert r.status_code == 302
    eerste.refresh_from_db()
    assert eerste.betaald_op.isoformat() == "2026-01-05"
    detail = client.get(f"/subsidies/verleningen/{v.uuid}").content.decode()
    assert "Statusgeschiedenis" in detail and "Voorschot 1" in detail and "betaald" in detail

    # the provider reports; the officer settles with an additional payment
    client.force_login(w.aanbieder_a)
    p1, p2 = v.prestaties.order_by("volgorde")
    r = client.post(f"/subsidies/verleningen/{v.uuid}/verantwoorden",
                    {"jaar": "2026", f"prestatie-{p1.pk}": "380", f"prestatie-{p2.pk}": "8"})  # fmt: skip
    assert r.status_code == 302
    client.force_login(w.cm)
    r = client.post(f"/subsidies/verleningen/{v.uuid}/vaststellen",
                    {"bedrag": "390.000,00", "datum": "2027-05-01", "toelichting": "Bijna alle"})  # fmt: skip
    assert r.status_code == 302
    v.refresh_from_db()
    assert v.status == "vastgesteld" and v.vaststelling.nabetaling == Decimal("190000.00")
    assert v.vaststelling.datum.isoformat() == "2027-05-01"
    detail = client.get(f"/subsidies/verleningen/{v.uuid}").content.decode()
    assert "Bijna alle" in detail and "vastgesteld" in detail


def test_rejecting_an_application_needs_a_reason(client, w):
    a = aanvraag(w)
    client.force_login(w.cm)
    r = client.post(f"/subsidies/aanvragen/{a.uuid}", {"reden": "  "})
    assert r.status_code == 400 and _codes(r) == {"reden_ontbreekt"}
    a.refresh_from_db()
    assert a.status == "ingediend"
    r = client.post(f"/subsidies/aanvragen/{a.uuid}", {"reden": "Past niet binnen het doel van de regeling"})
    assert r.status_code == 302
    detail = client.get(f"/subsidies/aanvragen/{a.uuid}").content.decode()
    assert "afgewezen" in detail and "Past niet binnen het doel" in detail
    client.force_login(w.aanbieder_b)
    assert client.get(f"/subsidies/aanvragen/{a.uuid}").status_code == 404


# --- the bad inputs of issue 17 through the pages, with their codes --------------------------


def test_grant_above_the_ceiling_on_the_page(client, w):
    verlening(w, aanvraag(w), bedrag="600000.00")
    tweede = aanvraag(w, aanbieder=w.b, bedrag="500000.00")
    client.force_login(w.cm)
    r = client.post(f"/subsidies/aanvragen/{tweede.uuid}/verlenen",
                    {"bedrag": "400.000,01", "prestatie_1_indicator": "plaatsen",
                     "prestatie_1_omschrijving": "Bezette plaatsen", "prestatie_1_streefwaarde": "10"})  # fmt: skip
    assert r.status_code == 400 and _codes(r) == {"plafond_overschreden"}
    assert "€ 400.000,00" in r.content.decode()  # what remains is named
    tweede.refresh_from_db()
    assert tweede.status == "ingediend" and Subsidieverlening.objects.count() == 1


def test_settlement_before_the_report_on_the_page(client, w):
    v = verlening(w, aanvraag(w))
    client.force_login(w.cm)
    assert "/vaststellen" not in client.get(f"/subsidies/verleningen/{v.uuid}").content.decode()
    r = client.post(f"/subsidies/verleningen/{v.uuid}/vaststellen", {"bedrag": "100.000,00"})
    assert r.status_code == 400 and _codes(r) == {"verantwoording_ontbreekt"}
    v.refresh_from_db()
    assert v.status == "verleend" and not hasattr(v, "vaststelling")


def test_report_for_another_year_on_the_page(client, w):
    v = verlening(w, aanvraag(w))
    p1, p2 = v.prestaties.order_by("volgorde")
    client.force_login(w.aanbieder_a)
    r = client.post(f"/subsidies/verleningen/{v.uuid}/verantwoorden",
                    {"jaar": str(v.jaar + 1), f"prestatie-{p1.pk}": "35", f"prestatie-{p2.pk}": "10"})  # fmt: skip
    assert r.status_code == 400 and _codes(r) == {"verantwoording_ander_jaar"}
    assert 'href="#jaar"' in r.content.decode()
    assert not Verantwoording.objects.exists()
    v.refresh_from_db()
    assert v.status == "verleend"


def test_form_pages_refuse_other_roles(client, w):
    a = aanvraag(w)
    client.force_login(w.financien)
    assert client.get("/subsidies/regelingen/nieuw").status_code == 403
    assert client.get(f"/subsidies/regelingen/{w.regeling.uuid}/aanvragen").status_code == 403
    assert client.get(f"/subsidies/aanvragen/{a.uuid}/verlenen").status_code == 403
    assert client.post(f"/subsidies/aanvragen/{a.uuid}", {"reden": "nee"}).status_code == 403
    client.force_login(w.aanbieder_a)
    assert client.get("/subsidies/regelingen/nieuw").status_code == 403
    client.force_login(w.cm_elders)
    assert client.get(f"/subsidies/aanvragen/{a.uuid}").status_code == 404
    a.refresh_from_db()
    assert a.status == "ingediend"
