"""Rules of assignment and trajectory. Every refusal is specific and saves nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.toegang import helpers
from uitkomst.catalogus import services as catalogus
from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.signalen.models import Signaal
from uitkomst.toegang import services as toegang_services
from uitkomst.trajecten import services
from uitkomst.trajecten.models import Evaluatie, Stapelpoging, StatusWijziging, Toewijzing, Traject
from uitkomst.utils.errors import Conflict, NotAllowed, ValidationFailed

pytestmark = pytest.mark.django_db


def assign(plan, aanbieder, door, **kw):
    kw.setdefault("startdatum", helpers.today())
    kw.setdefault("keuze_door_client", True)
    return services.toewijzing_create(plan=plan, aanbieder=aanbieder, door=door, **kw)


def nothing_saved():
    return Toewijzing.objects.count() == 0 and Traject.objects.count() == 0 and StatusWijziging.objects.count() == 0


def test_assignment_fixes_tariff_on_start_date_and_max_duration(systeem, plan, aanbieder, toegang, ijsselland):
    t = assign(plan, aanbieder, toegang)
    assert t.nummer.startswith("TW") and len(t.nummer) == 10
    assert t.budget == Decimal("3180.00")  # P01-P, version from 2024
    assert t.einddatum > t.startdatum  # the maximum itself: test_perspectief_lasts_at_most_six_calendar_months
    assert t.keuze_door_client and t.aantal_keuzemogelijkheden == 1
    assert t.goedkeuring == "niet-nodig" and t.vrijgegeven_op is not None
    assert t.accepteren_voor == helpers.today() + dt.timedelta(days=5)
    traject = t.traject
    assert traject.status == "toegewezen" and traject.zichtbaar_voor_aanbieder
    assert traject.tussenevaluatie_op == t.startdatum + (t.einddatum - t.startdatum) / 2
    # a later tariff revision does not touch the budget
    catalogus.tarief_herzien(
        door=systeem, product=t.product, bedrag="9999.00", ingangsdatum=helpers.today() + dt.timedelta(days=1)
    )
    t.refresh_from_db()
    assert t.budget == Decimal("3180.00")
    assert list(traject.historie.values_list("van", "naar")) == [("", "toegewezen")]


@pytest.mark.parametrize(
    "start,einde",
    [
        (dt.date(2027, 1, 15), dt.date(2027, 7, 14)),
        (dt.date(2027, 8, 31), dt.date(2028, 2, 28)),  # no 31 February: the month's last day, minus one
    ],
)
def test_perspectief_lasts_at_most_six_calendar_months(plan, aanbieder, toegang, start, einde):
    t = assign(plan, aanbieder, toegang, startdatum=start)
    assert t.einddatum == einde


def test_acceptance_term_is_configurable(plan, aanbieder, toegang, settings):
    settings.ACCEPTATIETERMIJN_DAGEN = 10
    t = assign(plan, aanbieder, toegang)
    assert t.accepteren_voor == helpers.today() + dt.timedelta(days=10)


def test_non_contracted_provider_refused(plan, niet_gecontracteerd, toegang):
    with pytest.raises(ValidationFailed) as err:
        assign(plan, niet_gecontracteerd, toegang)
    assert err.value.code == "niet_gecontracteerd" and "geen contract" in err.value.message
    assert nothing_saved()


def test_start_before_agreement_refused(toegang, zwolle, ijsselland):
    late = helpers.aanbieder("Laat")
    helpers.contracteer(late, ijsselland, ingangsdatum=helpers.today() + dt.timedelta(days=30))
    plan = helpers.plan(toegang, zwolle, ijsselland)
    with pytest.raises(ValidationFailed) as err:
        assign(plan, late, toegang)
    assert err.value.code == "niet_gecontracteerd"
    assert nothing_saved()


def test_start_outside_model_refused(plan, aanbieder, toegang):
    with pytest.raises(ValidationFailed) as err:
        assign(plan, aanbieder, toegang, startdatum=dt.date(2017, 6, 1))
    codes = {p.code for p in err.value.problems}
    assert "start_buiten_model" in codes
    assert nothing_saved()


def test_end_before_start_refused(plan, aanbieder, toegang):
    with pytest.raises(ValidationFailed) as err:
        assign(plan, aanbieder, toegang, einddatum=helpers.today() - dt.timedelta(days=1))
    assert err.value.code == "einde_voor_begin" and "vóór de startdatum" in err.value.message
    assert nothing_saved()


def test_end_beyond_maximum_duration_refused(plan, aanbieder, toegang):
    with pytest.raises(ValidationFailed) as err:
        assign(plan, aanbieder, toegang, einddatum=helpers.today() + dt.timedelta(days=400))
    assert err.value.code == "duur_te_lang" and "maximaal 6 maanden" in err.value.message
    assert nothing_saved()


def test_client_must_have_chosen(plan, aanbieder, toegang):
    with pytest.raises(ValidationFailed) as err:
        assign(plan, aanbieder, toegang, keuze_door_client=False)
    assert err.value.code == "keuze_client_ontbreekt"
    assert nothing_saved()


def test_product_of_another_model_refused_at_assignment(plan, aanbieder, toegang, reference_models):
    foreign = Inkoopmodel.objects.get(code="rotterdam-rijnmond-jeugd-week").producten.first()
    with pytest.raises(ValidationFailed) as err:
        assign(plan, aanbieder, toegang, product=foreign)
    assert "product_ander_model" in {p.code for p in err.value.problems}
    assert nothing_saved()


def test_goal_less_plan_cannot_be_assigned(plan, aanbieder, toegang):
    plan.doelen.all().delete()
    with pytest.raises(ValidationFailed) as err:
        assign(plan, aanbieder, toegang)
    assert err.value.code == "plan_zonder_doelen"
    assert nothing_saved()


def test_other_municipality_cannot_assign(plan, aanbieder, toegang_kampen):
    with pytest.raises(NotAllowed) as err:
        assign(plan, aanbieder, toegang_kampen)
    assert err.value.code == "geen_toegang" and "andere gemeente" in err.value.message
    assert nothing_saved()


def test_unapproved_maatwerk_cannot_be_assigned(toegang, collega, zwolle, ijsselland, aanbieder):
    v = helpers.verwijzing(toegang, zwolle, ijsselland)
    plan = toegang_services.gezinsplan_create(verwijzing=v, doelen=["Rust"], door=toegang)
    plan = toegang_services.gezinsplan_profiel_kiezen(
        plan=plan,
        door=toegang,
        product=ijsselland.producten.get(code="MAATWERK"),
        motivering="past nergens",
        maatwerk_prijs="30000",
        maatwerk_motivering="zwaar",
    )
    with pytest.raises(ValidationFailed) as err:
        assign(plan, aanbieder, toegang, einddatum=helpers.today() + dt.timedelta(days=300))
    assert "maatwerk_niet_goedgekeurd" in {p.code for p in err.value.problems}
    toegang_services.gezinsplan_maatwerk_goedkeuren(plan=plan, door=collega)
    t = assign(plan, aanbieder, toegang, einddatum=helpers.today() + dt.timedelta(days=300))
    assert t.budget == Decimal("30000.00") and t.tarief is None
    assert t.goedkeuring == "wacht"  # above EUR 25,000: segment C


# --- no stacking --------------------------------------------------------------------------------


def test_second_active_trajectory_in_same_model_refused(plan, aanbieder, ander_aanbieder, toegang, zwolle, ijsselland):
    assign(plan, aanbieder, toegang)
    v2 = helpers.verwijzing(toegang, zwolle, ijsselland)  # same BSN: same client
    plan2 = toegang_services.gezinsplan_create(verwijzing=v2, doelen=["Iets anders"], door=toegang)
    plan2 = toegang_services.gezinsplan_profiel_kiezen(
        plan=plan2, door=toegang, product=ijsselland.producten.get(code="P02-P"), motivering="m"
    )
    with pytest.raises(Conflict) as err:
        assign(plan2, ander_aanbieder, toegang)
    assert err.value.code == "stapeling" and "al een actief traject" in err.value.message
    assert Traject.objects.count() == 1
    # The refused assignment saved nothing, but the attempt is on record for the signal centre.
    poging = Stapelpoging.objects.get()
    assert (poging.client, poging.aanbieder, poging.product.code) == (plan.client, ander_aanbieder, "P02-P")
    assert poging.lopend_traject == Traject.objects.get() and poging.door == toegang
    signaal = Signaal.objects.get(soort="stapeling")
    assert signaal.sleutel == f"poging:{poging.pk}" and signaal.regio == zwolle.regio and signaal.gemeente == zwolle
    assert signaal.traject_uuid == str(Traject.objects.get().uuid) and signaal.aanbieder == ander_aanbieder


def test_stacking_allowed_for_crisis_product(plan, aanbieder, toegang, zwolle, ijsselland):
    assign(plan, aanbieder, toegang)
    crisis = helpers.plan(toegang, zwolle, ijsselland, productcode="P11-P")
    t = assign(crisis, aanbieder, toegang)
    assert t.traject.stapeling_toegestaan and Traject.objects.count() == 2


def test_stacking_allowed_with_approved_exception_only(plan, aanbieder, toegang, collega, zwolle, ijsselland):
    assign(plan, aanbieder, toegang)
    second = helpers.plan(toegang, zwolle, ijsselland, productcode="P12-P")
    exc = services.stapeling_uitzondering_aanvragen(
        client=plan.client, inkoopmodel=ijsselland, reden="Dyslexiezorg naast gezinshulp", door=toegang
    )
    with pytest.raises(Conflict) as err:
        assign(second, aanbieder, toegang)  # not approved yet
    assert err.value.code == "stapeling"
    with pytest.raises(NotAllowed) as err:
        services.stapeling_uitzondering_goedkeuren(uitzondering=exc, door=toegang)
    assert err.value.code == "eigen_goedkeuring"
    services.stapeling_uitzondering_goedkeuren(uitzondering=exc, door=collega)
    t = assign(second, aanbieder, toegang)
    assert t.traject.uitzondering_id == exc.pk
    third = helpers.plan(toegang, zwolle, ijsselland, productcode="P02-P")
    with pytest.raises(Conflict) as err:
        assign(third, aanbieder, toegang)  # the exception is used up
    assert err.value.code == "stapeling"


def test_ended_trajectory_frees_the_client(plan, aanbieder, aanbieder_user, toegang, zwolle, ijsselland):
    t = assign(plan, aanbieder, toegang)
    services.traject_afwijzen(traject=t.traject, reden="onveilig", door=aanbieder_user)
    second = helpers.plan(toegang, zwolle, ijsselland, productcode="P02-P")
    assert assign(second, aanbieder, toegang).traject.status == "toegewezen"


def test_database_refuses_a_second_active_trajectory(plan, aanbieder, toegang):
    """The partial unique constraint is the last line of defence (e.g. a writer that skips the service)."""
    from django.db import IntegrityError, transaction

    t = assign(plan, aanbieder, toegang).traject
    with pytest.raises(IntegrityError), transaction.atomic():
        Traject.objects.create(
            toewijzing=Toewijzing.objects.create(
                nummer="X1",
                plan=plan,
                verwijzing=plan.verwijzing,
                client=plan.client,
                gemeente=plan.gemeente,
                inkoopmodel=plan.inkoopmodel,
                product=t.product,
                aanbieder=aanbieder,
                startdatum=helpers.today(),
                einddatum=helpers.today(),
                budget=1,
            ),
            client=plan.client,
            gemeente=plan.gemeente,
            inkoopmodel=plan.inkoopmodel,
            product=t.product,
            aanbieder=aanbieder,
            verwijsdatum=helpers.today(),
            toegewezen_op=helpers.today(),
            tussenevaluatie_op=helpers.today(),
            eindevaluatie_op=helpers.today(),
        )


# --- four eyes ----------------------------------------------------------------------------------


def test_segment_c_waits_for_a_second_person(toegang, collega, aanbieder, aanbieder_user, zwolle, ijsselland):
    plan = helpers.plan(toegang, zwolle, ijsselland, productcode="P04-I")  # EUR 29,020: segment C
    t = assign(plan, aanbieder, toegang)
    assert t.goedkeuring == "wacht" and t.kostensegment.code == "C" and t.vrijgegeven_op is None
    traject = t.traject
    assert not traject.zichtbaar_voor_aanbieder
    # the provider does not see it yet, so it cannot accept it
    with pytest.raises(NotAllowed) as err:
        services.traject_accepteren(traject=traject, door=aanbieder_user)
    assert err.value.code == "geen_toegang"
    with pytest.raises(NotAllowed) as err:
        services.toewijzing_goedkeuren(toewijzing=t, door=toegang)
    assert err.value.code == "eigen_goedkeuring" and "vier ogen" in err.value.message
    t.refresh_from_db()
    assert t.goedkeuring == "wacht"
    t = services.toewijzing_goedkeuren(toewijzing=t, door=collega)
    assert t.goedkeuring == "goedgekeurd" and t.goedgekeurd_door == collega and t.vrijgegeven_op
    assert services.traject_accepteren(traject=traject, door=aanbieder_user).status == "geaccepteerd"


# --- acceptance and life cycle ------------------------------------------------------------------


def test_full_life_cycle_with_history_and_waiting_times(plan, aanbieder, aanbieder_user, toegang):
    traject = assign(plan, aanbieder, toegang).traject
    services.traject_accepteren(traject=traject, door=aanbieder_user)
    services.traject_starten(traject=traject, door=aanbieder_user)
    doelen = list(plan.doelen.all())
    services.traject_tussenevaluatie(
        traject=traject, door=aanbieder_user, doelstatussen={d.pk: "deels" for d in doelen}
    )
    with pytest.raises(ValidationFailed) as err:
        services.traject_beeindigen(
            traject=traject, door=aanbieder_user, reden="31", doelstatussen={doelen[0].pk: "behaald"}
        )
    assert err.value.code == "doelstatus_ontbreekt"
    traject.refresh_from_db()
    assert traject.status == "gestart"
    services.traject_beeindigen(
        traject=traject, door=aanbieder_user, reden="31", doelstatussen={d.pk: "behaald" for d in doelen}
    )
    services.traject_afsluiten(traject=traject, door=toegang)
    traject.refresh_from_db()
    assert traject.status == "afgesloten" and traject.reden_beeindiging == "31"
    assert traject.dagen_tot_toewijzing == 0 and traject.dagen_tot_acceptatie == 0 and traject.dagen_tot_start == 0
    assert [h.naar for h in traject.historie.all()] == [
        "toegewezen",
        "geaccepteerd",
        "gestart",
        "beeindigd",
        "afgesloten",
    ]
    assert all(h.door for h in traject.historie.all())
    eind = traject.evaluaties.get(soort=Evaluatie.Soort.EIND)
    assert {s.status for s in eind.doelstatussen.all()} == {"behaald"} and eind.doelstatussen.count() == 2


def test_end_without_jz588_reason_refused(plan, aanbieder, aanbieder_user, toegang):
    traject = assign(plan, aanbieder, toegang).traject
    services.traject_accepteren(traject=traject, door=aanbieder_user)
    services.traject_starten(traject=traject, door=aanbieder_user)
    with pytest.raises(ValidationFailed) as err:
        services.traject_beeindigen(
            traject=traject, door=aanbieder_user, reden="99", doelstatussen={d.pk: "niet" for d in plan.doelen.all()}
        )
    assert err.value.code == "reden_beeindiging_ontbreekt"


@pytest.mark.parametrize(
    "steps, action",
    [
        ([], "starten"),
        ([], "afsluiten"),
        (["accepteren"], "accepteren"),
        (["accepteren", "starten"], "accepteren"),
        (["afwijzen"], "accepteren"),
    ],
)
def test_illegal_transitions_refused(plan, aanbieder, aanbieder_user, toegang, steps, action):
    traject = assign(plan, aanbieder, toegang).traject
    calls = {
        "accepteren": lambda: services.traject_accepteren(traject=traject, door=aanbieder_user),
        "starten": lambda: services.traject_starten(traject=traject, door=aanbieder_user),
        "afsluiten": lambda: services.traject_afsluiten(traject=traject, door=aanbieder_user),
        "afwijzen": lambda: services.traject_afwijzen(traject=traject, reden="onveilig", door=aanbieder_user),
    }
    for step in steps:
        calls[step]()
    traject.refresh_from_db()
    before = (traject.status, traject.historie.count())
    with pytest.raises(Conflict) as err:
        calls[action]()
    assert err.value.code == "ongeldige_overgang" and "kan niet naar" in err.value.message
    traject.refresh_from_db()
    assert (traject.status, traject.historie.count()) == before


def test_access_cannot_accept_and_provider_cannot_withdraw(plan, aanbieder, aanbieder_user, toegang):
    traject = assign(plan, aanbieder, toegang).traject
    with pytest.raises(NotAllowed) as err:
        services.traject_accepteren(traject=traject, door=toegang)
    assert err.value.code == "geen_toegang" and "accepteren" in err.value.message  # the policy: the provider's act
    with pytest.raises(NotAllowed) as err:
        services.traject_intrekken(traject=traject, door=aanbieder_user, reden="x")
    assert err.value.code == "geen_toegang"
    assert services.traject_intrekken(traject=traject, door=toegang, reden="Gezin verhuist").status == "ingetrokken"


def test_other_provider_cannot_touch_trajectory(plan, aanbieder, ander_aanbieder, make_user, regio, toegang):
    traject = assign(plan, aanbieder, toegang).traject
    other = make_user("ander", "aanbieder", aanbieder=ander_aanbieder, regio=regio)
    with pytest.raises(NotAllowed) as err:
        services.traject_accepteren(traject=traject, door=other)
    assert err.value.code == "geen_toegang"


def test_decline_needs_coded_reason_and_makes_a_signal(plan, aanbieder, aanbieder_user, toegang):
    traject = assign(plan, aanbieder, toegang).traject
    for bad in ("", "geen zin"):
        with pytest.raises(ValidationFailed) as err:
            services.traject_afwijzen(traject=traject, reden=bad, door=aanbieder_user)
        assert err.value.code == "reden_weigering_ontbreekt" and "gecodeerde reden" in err.value.message
    traject.refresh_from_db()
    assert traject.status == "toegewezen" and not Signaal.objects.exists()
    services.traject_afwijzen(traject=traject, reden="onveilig", toelichting="Agressie", door=aanbieder_user)
    traject.refresh_from_db()
    assert traject.status == "afgewezen" and traject.reden_weigering == "onveilig"
    signaal = Signaal.objects.get()
    assert (signaal.soort, signaal.sleutel, signaal.status) == ("afwijzing", f"traject:{traject.uuid}", "open")
    assert signaal.gemeente == plan.gemeente and signaal.regio_id == plan.gemeente.regio_id
    assert signaal.aanbieder == aanbieder and signaal.onderwerp_type == "traject" and signaal.ernst == "hoog"
    assert "geweigerd" in signaal.omschrijving


def test_overdue_acceptance_becomes_a_signal_once(plan, aanbieder, toegang):
    t = assign(plan, aanbieder, toegang)
    assert services.signalen_acceptatie_controleren(op=t.accepteren_voor) == 0
    later = t.accepteren_voor + dt.timedelta(days=1)
    assert services.signalen_acceptatie_controleren(op=later) == 1
    assert services.signalen_acceptatie_controleren(op=later) == 0
    signaal = Signaal.objects.get()
    assert (signaal.soort, signaal.sleutel) == ("acceptatie_overschreden", f"traject:{t.traject.uuid}")
    assert signaal.gemeente == plan.gemeente and "niet geaccepteerd" in signaal.omschrijving


def test_start_outside_assigned_period_refused(plan, aanbieder, aanbieder_user, toegang):
    traject = assign(plan, aanbieder, toegang).traject
    services.traject_accepteren(traject=traject, door=aanbieder_user)
    with pytest.raises(ValidationFailed) as err:
        services.traject_starten(traject=traject, door=aanbieder_user, datum=helpers.today() - dt.timedelta(days=3))
    assert err.value.code == "start_buiten_toewijzing"


# --- change, subcontractors, transition ---------------------------------------------------------


def test_change_of_intensity_ends_trajectory_and_starts_new_assignment(
    plan, aanbieder, aanbieder_user, toegang, ijsselland
):
    traject = assign(plan, aanbieder, toegang).traject
    services.traject_accepteren(traject=traject, door=aanbieder_user)
    services.traject_starten(traject=traject, door=aanbieder_user)
    nieuw = services.traject_wijzigen(
        traject=traject,
        product=ijsselland.producten.get(code="P01-I"),
        motivering="Meer nodig dan gedacht",
        door=toegang,
        startdatum=helpers.today() + dt.timedelta(days=1),
    )
    traject.refresh_from_db()
    assert traject.status == "beeindigd" and traject.reden_beeindiging == "36"
    assert nieuw.vorige == traject.toewijzing and nieuw.product.code == "P01-I"
    assert nieuw.aanbieder == aanbieder and nieuw.traject.status == "toegewezen"


def test_legacy_pxq_client_moves_to_new_model_on_change(toegang, aanbieder, zwolle, ijsselland, reference_models):
    """Phased introduction: a legacy P×Q trajectory runs on; a change moves the client to the new model."""
    from uitkomst.demo.toegang import legacy_traject_create

    legacy = Inkoopmodel.objects.get(code="ijsselland-jeugd-pxq-overgang")
    traject = legacy_traject_create(
        client_bsn="123456782", gemeente=zwolle, product=legacy.producten.get(code="45A01"), aanbieder=aanbieder
    )
    assert traject.status == "gestart" and traject.inkoopmodel == legacy
    # a P×Q budget is the unit tariff, the volume agreement its ceiling (as ``toewijzing_create`` and the
    # demo's access phase do)
    assert traject.toewijzing.budget == traject.toewijzing.tarief.bedrag
    assert traject.toewijzing.volumeafspraak.volume == Decimal(80)
    nieuw = services.traject_wijzigen(
        traject=traject, product=ijsselland.producten.get(code="P02-P"), motivering="Wijziging in de hulp", door=toegang
    )
    traject.refresh_from_db()
    assert traject.status == "beeindigd" and traject.reden_beeindiging == "36"
    assert nieuw.inkoopmodel == ijsselland and nieuw.plan.inkoopmodel == ijsselland
    assert nieuw.budget == Decimal("3720.00")


def test_subcontractor_by_responsible_provider_only(plan, aanbieder, ander_aanbieder, aanbieder_user, toegang):
    traject = assign(plan, aanbieder, toegang).traject
    with pytest.raises(ValidationFailed) as err:
        services.onderaannemer_toevoegen(
            traject=traject, aanbieder=ander_aanbieder, omschrijving="x", door=aanbieder_user
        )
    assert err.value.code == "traject_niet_lopend"
    services.traject_accepteren(traject=traject, door=aanbieder_user)
    with pytest.raises(NotAllowed) as err:
        services.onderaannemer_toevoegen(traject=traject, aanbieder=ander_aanbieder, omschrijving="x", door=toegang)
    assert err.value.code == "geen_toegang"
    with pytest.raises(ValidationFailed) as err:
        services.onderaannemer_toevoegen(traject=traject, aanbieder=aanbieder, omschrijving="x", door=aanbieder_user)
    assert err.value.code == "zelfde_aanbieder"
    o = services.onderaannemer_toevoegen(
        traject=traject, aanbieder=ander_aanbieder, omschrijving="Dyslexiebehandeling", door=aanbieder_user
    )
    assert o.traject == traject


def test_status_history_is_append_only(plan, aanbieder, toegang):
    h = assign(plan, aanbieder, toegang).traject.historie.get()
    h.reden = "gewijzigd"
    with pytest.raises(ValueError):
        h.save()
