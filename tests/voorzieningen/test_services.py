"""Rules of collective provisions: districts, provisions, attendance reports and their correction,
referrals by the access without a BSN, and the reach per district for the monitor."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from uitkomst.utils.errors import Conflict, DomainError, NotAllowed, ValidationFailed
from uitkomst.voorzieningen import selectors, services
from uitkomst.voorzieningen.models import (
    AlgemeneVoorziening,
    Deelnamemelding,
    MeldingHistorie,
    VoorliggendeVerwijzing,
    VoorzieningHistorie,
    Wijk,
)

from .conftest import JAAR, verlening

pytestmark = pytest.mark.django_db

GELDIG_BSN = "111222333"  # passes the eleven-test


def codes(exc: DomainError) -> set[str]:
    return {p.code for p in exc.problems}


def melden(w, periode=dt.date(JAAR, 3, 1), deelnames=120, door=None, **kwargs):
    return services.deelname_melden(voorziening=w.voorziening, periode=periode, deelnames=deelnames,
                                    door=door or w.aanbieder_a, **kwargs)  # fmt: skip


# --- districts and provisions ----------------------------------------------------------------


def test_district_once_per_municipality(w):
    with pytest.raises(ValidationFailed) as err:
        services.wijk_create(gemeente=w.zwolle, naam="holtenbroek", door=w.cm)
    assert codes(err.value) == {"wijk_bestaat"}
    with pytest.raises(ValidationFailed) as err:
        services.wijk_create(gemeente=w.zwolle, naam="  ", door=w.cm)
    assert codes(err.value) == {"naam_ontbreekt"}
    # the same name in another municipality is another district
    assert services.wijk_create(gemeente=w.kampen, naam="Holtenbroek", door=w.cm).gemeente == w.kampen


def test_provision_created_open_with_history(w):
    v = w.voorziening
    assert v.status == AlgemeneVoorziening.Status.OPEN and v.gemeente == w.zwolle and v.aanbieder == w.a
    rij = VoorzieningHistorie.objects.get(voorziening=v)
    assert (rij.van_status, rij.naar_status, rij.door) == ("", "open", w.cm)
    # no field of a provision can hold a client or a BSN
    namen = {f.name for f in AlgemeneVoorziening._meta.get_fields()}
    assert not namen & {"client", "bsn", "beschikking", "toewijzing"}


def test_provision_bad_input_all_reported_nothing_saved(w):
    voor = AlgemeneVoorziening.objects.count()
    with pytest.raises(ValidationFailed) as err:
        services.voorziening_create(
            wijk=w.holtenbroek, aanbieder=w.a, naam="", soort="zwemmen", capaciteit=-3, capaciteit_eenheid="dag",
            geldig_van=dt.date(JAAR, 6, 1), geldig_tot=dt.date(JAAR, 1, 1), wet="zvw", door=w.cm,
        )  # fmt: skip
    assert codes(err.value) == {"naam_ontbreekt", "ongeldige_soort", "ongeldig_aantal", "ongeldige_eenheid",
                                "ongeldige_periode", "ongeldige_wet"}  # fmt: skip
    assert AlgemeneVoorziening.objects.count() == voor


def test_provision_district_of_another_municipality_refused(w):
    kampen_wijk = services.wijk_create(gemeente=w.kampen, naam="Brunnepe", door=w.cm)
    with pytest.raises(ValidationFailed) as err:
        services.voorziening_create(wijk=kampen_wijk, gemeente=w.zwolle, aanbieder=w.a, naam="X", soort="ontmoeting",
                                    capaciteit=10, geldig_van=dt.date(JAAR, 1, 1), door=w.cm)  # fmt: skip
    assert codes(err.value) == {"wijk_andere_gemeente"}


def test_provision_twice_refused(w):
    with pytest.raises(ValidationFailed) as err:
        services.voorziening_create(
            wijk=w.holtenbroek,
            aanbieder=w.a,
            naam="Dagbesteding De Buurtkamer",
            soort="dagbesteding",
            capaciteit=40,
            geldig_van=dt.date(JAAR, 1, 1),
            door=w.cm,
        )
    assert codes(err.value) == {"voorziening_bestaat"}


def test_provision_funded_by_the_day_activity_subsidy(w):
    grant = verlening(w)
    v = services.voorziening_create(wijk=w.stadshagen, aanbieder=w.a, naam="Dagbesteding Stadshagen",
                                    soort="dagbesteding", capaciteit=30, geldig_van=dt.date(JAAR, 1, 1),
                                    subsidieverlening=grant, door=w.cm)  # fmt: skip
    assert v.subsidieverlening == grant


def test_subsidy_of_another_provider_municipality_or_year_refused(w):
    van_b = verlening(w, aanbieder=w.b)
    van_kampen = verlening(w, gemeente=w.kampen)
    vorig_jaar = verlening(w, jaar=JAAR - 1)
    for grant, code in ((van_b, "subsidie_andere_aanbieder"), (van_kampen, "subsidie_andere_gemeente"),
                        (vorig_jaar, "subsidie_buiten_periode")):  # fmt: skip
        with pytest.raises(ValidationFailed) as err:
            services.voorziening_create(wijk=w.stadshagen, aanbieder=w.a, naam=f"Met {code}", soort="dagbesteding",
                                        capaciteit=30, geldig_van=dt.date(JAAR, 1, 1), subsidieverlening=grant,
                                        door=w.cm)  # fmt: skip
        assert code in codes(err.value)


def test_bsn_in_a_description_refused(w):
    with pytest.raises(ValidationFailed) as err:
        services.voorziening_create(wijk=w.stadshagen, aanbieder=w.a, naam="Inloop", soort="ontmoeting",
                                    capaciteit=5, geldig_van=dt.date(JAAR, 1, 1),
                                    omschrijving=f"Voor mevrouw met bsn {GELDIG_BSN[:4]} {GELDIG_BSN[4:]}",
                                    door=w.cm)  # fmt: skip
    assert codes(err.value) == {"bsn_niet_toegestaan"}
    assert GELDIG_BSN not in err.value.message  # the refusal does not repeat it


def test_only_the_manager_of_that_region_or_municipality_manages(w):
    for user in (w.cm_elders, w.toegang, w.aanbieder_a, w.financien):
        with pytest.raises(NotAllowed) as err:
            services.wijk_create(gemeente=w.zwolle, naam=f"Nieuw {user.username}", door=user)
        assert err.value.code == "geen_toegang"
    with pytest.raises(NotAllowed):
        services.wijk_create(gemeente=w.zwolle, naam="Zonder actor", door=None)


def test_closing_a_provision(w):
    melden(w, periode=dt.date(JAAR, 5, 1))
    with pytest.raises(ValidationFailed) as err:
        services.voorziening_sluiten(voorziening=w.voorziening, per=dt.date(JAAR, 4, 30), reden="", door=w.cm)
    assert codes(err.value) == {"reden_ontbreekt", "meldingen_na_sluiting"}
    v = services.voorziening_sluiten(voorziening=w.voorziening, per=dt.date(JAAR, 6, 30), reden="Verhuisd", door=w.cm)
    assert (v.status, v.geldig_tot, v.sluitreden) == ("gesloten", dt.date(JAAR, 6, 30), "Verhuisd")
    assert list(v.historie.values_list("naar_status", flat=True)) == ["open", "gesloten"]
    with pytest.raises(Conflict) as err:
        services.voorziening_sluiten(voorziening=v, per=dt.date(JAAR, 6, 1), reden="Nog eens", door=w.cm)
    assert err.value.code == "ongeldige_overgang"
    # the months up to closing can still be reported; after it not
    melden(w, periode=dt.date(JAAR, 6, 1))
    with pytest.raises(ValidationFailed) as err:
        melden(w, periode=dt.date(JAAR, 7, 1))
    assert codes(err.value) == {"periode_buiten_geldigheid"}


# --- attendance reports -----------------------------------------------------------------------


def test_provider_reports_a_month_counts_only(w):
    m = melden(w, periode=dt.date(JAAR, 3, 17), deelnames=120, unieke_deelnemers=31)
    assert (m.periode, m.deelnames, m.unieke_deelnemers, m.status) == (dt.date(JAAR, 3, 1), 120, 31, "geldig")
    assert (m.gemeente, m.aanbieder) == (w.zwolle, w.a)
    assert m.historie.get().naar_status == "geldig"
    namen = {f.name for f in Deelnamemelding._meta.get_fields()}
    assert not namen & {"client", "bsn", "deelnemer", "naam"}
    assert services.deelname_melden(voorziening=w.voorziening, periode="2026-04", deelnames="0",
                                    door=w.aanbieder_a).deelnames == 0  # fmt: skip


def test_report_for_another_providers_provision_refused(w):
    with pytest.raises(NotAllowed) as err:
        melden(w, door=w.aanbieder_b)
    assert err.value.code == "geen_toegang"
    for user in (w.cm, w.toegang, w.financien):  # nobody reports for the provider
        with pytest.raises(NotAllowed):
            melden(w, door=user)
    assert not Deelnamemelding.objects.exists()


def test_report_outside_validity_in_future_or_bad_month_refused(w):
    for periode, code in ((dt.date(JAAR - 1, 12, 1), "periode_buiten_geldigheid"), ("2027-01", "periode_in_toekomst"),
                          ("maart", "ongeldige_periode"), ("2026-13", "ongeldige_periode")):  # fmt: skip
        with pytest.raises(ValidationFailed) as err:
            melden(w, periode=periode)
        assert codes(err.value) == {code}, periode
    assert not Deelnamemelding.objects.exists()


def test_negative_or_non_integer_counts_refused(w):
    for deelnames in (-1, "-4", 2.5, "veel", None, True):
        with pytest.raises(ValidationFailed) as err:
            melden(w, deelnames=deelnames)
        assert codes(err.value) == {"ongeldig_aantal"}, deelnames
    with pytest.raises(ValidationFailed) as err:
        melden(w, deelnames=10, unieke_deelnemers=-2)
    assert codes(err.value) == {"ongeldig_aantal"}
    with pytest.raises(ValidationFailed) as err:
        melden(w, deelnames=10, unieke_deelnemers=11)
    assert codes(err.value) == {"uniek_boven_deelnames"}
    assert not Deelnamemelding.objects.exists()


def test_bsn_in_report_text_refused(w):
    with pytest.raises(ValidationFailed) as err:
        melden(w, toelichting=f"Nieuw: {GELDIG_BSN}")
    assert codes(err.value) == {"bsn_niet_toegestaan"}


def test_duplicate_report_refused_correction_replaces_with_history(w):
    eerste = melden(w, deelnames=120)
    with pytest.raises(ValidationFailed) as err:
        melden(w, periode=dt.date(JAAR, 3, 28), deelnames=125)
    assert codes(err.value) == {"al_gemeld"}
    with pytest.raises(ValidationFailed) as err:
        services.deelname_corrigeren(melding=eerste, deelnames=-1, reden="", door=w.aanbieder_a)
    assert codes(err.value) == {"reden_ontbreekt", "ongeldig_aantal"}
    with pytest.raises(NotAllowed):
        services.deelname_corrigeren(melding=eerste, deelnames=130, reden="Telfout", door=w.aanbieder_b)

    nieuw = services.deelname_corrigeren(melding=eerste, deelnames=130, reden="Telfout in week 2", door=w.aanbieder_a)
    eerste.refresh_from_db()
    assert (eerste.status, nieuw.status, nieuw.vervangt, nieuw.periode) == (
        "vervangen",
        "geldig",
        eerste,
        eerste.periode,
    )
    assert list(MeldingHistorie.objects.filter(melding=eerste).values_list("naar_status", "toelichting")) == [
        ("geldig", ""),
        ("vervangen", "Telfout in week 2"),
    ]
    assert [m.deelnames for m in selectors.deelname_list(user=w.cm, voorziening=w.voorziening)] == [130]
    assert len(selectors.deelname_list(user=w.cm, voorziening=w.voorziening, ook_vervangen=True)) == 2
    with pytest.raises(Conflict) as err:
        services.deelname_corrigeren(melding=eerste, deelnames=140, reden="Nog eens", door=w.aanbieder_a)
    assert err.value.code == "al_vervangen"


def test_database_keeps_one_current_report_per_month(w):
    m = melden(w)
    with pytest.raises(IntegrityError), transaction.atomic():
        Deelnamemelding.objects.create(voorziening=w.voorziening, gemeente=w.zwolle, aanbieder=w.a, periode=m.periode,
                                       deelnames=1, ingediend_op=m.ingediend_op)  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Deelnamemelding.objects.create(voorziening=w.voorziening, gemeente=w.zwolle, aanbieder=w.a,
                                       periode=dt.date(JAAR, 8, 1), deelnames=1, unieke_deelnemers=2,
                                       ingediend_op=m.ingediend_op)  # fmt: skip


# --- referrals by the access --------------------------------------------------------------------


def test_access_worker_refers_as_a_count(w):
    r = services.voorliggend_verwijzen(voorziening=w.voorziening, aantal=2, kenmerk="SWT-0412", door=w.toegang)
    assert (r.aantal, r.gemeente, r.aanbieder, r.verwezen_door, r.datum) == (2, w.zwolle, w.a, w.toegang,
                                                                              dt.date(JAAR, 12, 15))  # fmt: skip
    namen = {f.name for f in VoorliggendeVerwijzing._meta.get_fields()}
    assert not namen & {"client", "bsn", "verwijzing", "plan"}


def test_referral_with_a_bsn_refused(w):
    with pytest.raises(ValidationFailed) as err:
        services.voorliggend_verwijzen(voorziening=w.voorziening, bsn=GELDIG_BSN, door=w.toegang)
    assert err.value.code == "bsn_niet_toegestaan" and err.value.field == "bsn"
    assert "geen BSN" in err.value.message and GELDIG_BSN not in err.value.message
    with pytest.raises(ValidationFailed) as err:
        services.voorliggend_verwijzen(voorziening=w.voorziening, bsn="123", door=w.toegang)  # even an invalid one
    assert err.value.code == "bsn_niet_toegestaan"
    for kenmerk in (GELDIG_BSN, f"dossier {GELDIG_BSN[:3]}.{GELDIG_BSN[3:6]}.{GELDIG_BSN[6:]}", "123456789"):
        with pytest.raises(ValidationFailed) as err:
            services.voorliggend_verwijzen(voorziening=w.voorziening, kenmerk=kenmerk, door=w.toegang)
        assert codes(err.value) == {"bsn_niet_toegestaan"}, kenmerk
    assert not VoorliggendeVerwijzing.objects.exists()


def test_referral_with_a_client_refused(w, ijsselland):
    from tests.toegang import helpers

    plan = helpers.plan(w.toegang, w.zwolle, ijsselland)
    with pytest.raises(ValidationFailed) as err:
        services.voorliggend_verwijzen(voorziening=w.voorziening, client=plan.client, door=w.toegang)
    assert codes(err.value) == {"client_niet_toegestaan"}


def test_referral_bad_input(w):
    for kwargs, code in (({"aantal": 0}, "ongeldig_aantal"), ({"aantal": 101}, "ongeldig_aantal"),
                         ({"datum": dt.date(JAAR + 1, 1, 5)}, "datum_in_toekomst"),
                         ({"datum": dt.date(JAAR - 1, 12, 31)}, "buiten_geldigheid"),
                         ({"datum": "gisteren"}, "ongeldige_datum")):  # fmt: skip
        with pytest.raises(ValidationFailed) as err:
            services.voorliggend_verwijzen(voorziening=w.voorziening, door=w.toegang, **kwargs)
        assert codes(err.value) == {code}, kwargs
    services.voorziening_sluiten(voorziening=w.voorziening, per=dt.date(JAAR, 6, 30), reden="Dicht", door=w.cm)
    with pytest.raises(ValidationFailed) as err:
        services.voorliggend_verwijzen(voorziening=w.voorziening, door=w.toegang)
    assert codes(err.value) == {"voorziening_gesloten"}
    # a referral dated while it was open still counts
    assert services.voorliggend_verwijzen(voorziening=w.voorziening, datum=dt.date(JAAR, 6, 1), door=w.toegang)


def test_only_the_access_of_that_municipality_refers(w):
    for user in (w.toegang_kampen, w.aanbieder_a, w.cm, w.verwijzer, w.financien):
        with pytest.raises(NotAllowed) as err:
            services.voorliggend_verwijzen(voorziening=w.voorziening, door=user)
        assert err.value.code == "geen_toegang"


# --- reads --------------------------------------------------------------------------------------


def test_capacity_per_year_pro_rata():
    v = AlgemeneVoorziening(capaciteit=40, capaciteit_eenheid="week", geldig_van=dt.date(JAAR, 1, 1))
    assert selectors.capaciteit_in_jaar(v, JAAR) == 2080
    v.capaciteit_eenheid = "maand"
    assert selectors.capaciteit_in_jaar(v, JAAR) == 480
    v.capaciteit_eenheid, v.geldig_van, v.geldig_tot = "jaar", dt.date(JAAR, 7, 1), dt.date(JAAR + 1, 12, 31)
    assert selectors.capaciteit_in_jaar(v, JAAR) == 20  # 184 of 365 days, rounded half up
    assert selectors.capaciteit_in_jaar(v, JAAR - 1) == 0


def test_reach_per_district_for_the_monitor(w):
    stadshagen = services.voorziening_create(wijk=w.stadshagen, aanbieder=w.b, naam="Ontmoeting Stadshagen",
                                             soort="ontmoeting", capaciteit=100, capaciteit_eenheid="maand",
                                             geldig_van=dt.date(JAAR, 7, 1), door=w.cm)  # fmt: skip
    for m, n in ((1, 150), (2, 160), (3, 170)):
        melden(w, periode=dt.date(JAAR, m, 1), deelnames=n, unieke_deelnemers=n // 5)
    services.deelname_corrigeren(melding=Deelnamemelding.objects.get(periode=dt.date(JAAR, 3, 1)), deelnames=180,
                                 reden="Telfout", door=w.aanbieder_a)  # fmt: skip
    melden(w, periode=dt.date(JAAR - 1, 12, 1) if False else dt.date(JAAR, 4, 1), deelnames=10)
    services.voorliggend_verwijzen(voorziening=w.voorziening, aantal=3, door=w.toegang)
    services.voorliggend_verwijzen(voorziening=stadshagen, door=w.toegang)

    rijen = selectors.bereik_per_wijk(user=w.cm, jaar=JAAR)
    assert [(r.wijk, r.voorziening) for r in rijen] == [("Holtenbroek", "Dagbesteding De Buurtkamer"),
                                                        ("Stadshagen", "Ontmoeting Stadshagen")]  # fmt: skip
    h, s = rijen
    assert isinstance(h, selectors.BereikWijk) and h.gemeente == w.zwolle
    assert (h.capaciteit, h.deelnames, h.verwijzingen, h.maanden_gemeld) == (2080, 150 + 160 + 180 + 10, 3, 4)
    assert h.bezetting == Decimal("0.2404") and isinstance(h.bezetting, Decimal)
    assert (s.capaciteit, s.deelnames, s.verwijzingen, s.bezetting) == (605, 0, 1, Decimal("0.0000"))
    # the figures reconcile with the reports that count
    assert sum(r.deelnames for r in rijen) == sum(m.deelnames for m in selectors.deelname_list(user=w.cm, jaar=JAAR))
    assert selectors.bereik_per_wijk(user=w.cm, jaar=JAAR, gemeenten=[w.kampen]) == []
    assert selectors.bereik_per_wijk(user=w.cm, jaar=JAAR - 1) == []
    # scoped: another region sees nothing, provider B only its own provision, finance its municipality
    assert selectors.bereik_per_wijk(user=w.cm_elders, jaar=JAAR) == []
    assert [r.voorziening for r in selectors.bereik_per_wijk(user=w.aanbieder_b, jaar=JAAR)] == [
        "Ontmoeting Stadshagen"
    ]
    assert len(selectors.bereik_per_wijk(user=w.financien, jaar=JAAR)) == 2
    with pytest.raises(NotAllowed):
        selectors.bereik_per_wijk(user=w.verwijzer, jaar=JAAR)


def test_access_sees_the_open_provisions_first_own_district_first(w):
    stadshagen = services.voorziening_create(wijk=w.stadshagen, aanbieder=w.b, naam="Ontmoeting Stadshagen",
                                             soort="ontmoeting", capaciteit=10, geldig_van=dt.date(JAAR, 1, 1),
                                             door=w.cm)  # fmt: skip
    later = services.voorziening_create(wijk=w.stadshagen, aanbieder=w.b, naam="Nog niet open", soort="ontmoeting",
                                        capaciteit=10, geldig_van=dt.date(JAAR + 1, 1, 1), door=w.cm)  # fmt: skip
    jeugd = services.voorziening_create(
        wijk=w.stadshagen,
        aanbieder=w.b,
        naam="Opvoedspreekuur",
        soort="opvoeding",
        wet="jeugdwet",
        capaciteit=10,
        geldig_van=dt.date(JAAR, 1, 1),
        door=w.cm,
    )
    aanbod = selectors.voorliggend_aanbod(user=w.toegang, gemeente=w.zwolle, wijk=w.stadshagen, wet="wmo")
    assert aanbod == [stadshagen, w.voorziening]
    assert later not in aanbod and jeugd not in aanbod
    assert selectors.voorliggend_aanbod(user=w.toegang, gemeente=w.zwolle, wet="jeugdwet") == [jeugd]
    assert selectors.voorliggend_aanbod(user=w.toegang_kampen, gemeente=w.zwolle) == []
    assert selectors.voorliggend_aanbod(user=w.aanbieder_a, gemeente=w.zwolle) == []


def test_rows_scoped(w):
    assert list(selectors.voorziening_list(user=w.aanbieder_b)) == []
    assert list(selectors.voorziening_list(user=w.aanbieder_a)) == [w.voorziening]
    assert list(selectors.voorziening_list(user=w.toegang_kampen)) == []
    assert list(selectors.voorziening_list(user=w.cm_elders)) == []
    assert set(selectors.wijk_list(user=w.aanbieder_b)) >= {w.holtenbroek, w.stadshagen}
    assert list(selectors.wijk_list(user=w.cm_elders)) == []
    assert Wijk.objects.count() == 2
    with pytest.raises(NotAllowed):
        selectors.voorziening_list(user=w.verwijzer)
