"""Personal budget (pgb, issue 17 point 5): the rules of the decision, each with the refusal's code,
nothing saved on a refusal, the life cycle through ``uitkomst.utils.overgangen`` with its history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.toegang import helpers
from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.toegang import services
from uitkomst.toegang.models import Pgbbesluit, PgbbesluitHistorie
from uitkomst.utils import overgangen
from uitkomst.utils.errors import Conflict, DomainError, NotAllowed, ValidationFailed

pytestmark = pytest.mark.django_db

JAAR = helpers.today().year
BEGIN, EIND = dt.date(JAAR, 1, 1), dt.date(JAAR, 12, 31)


@pytest.fixture
def wmo(reference_models) -> Inkoopmodel:
    return Inkoopmodel.objects.get(code="zwolle-wmo-maatwerk")


@pytest.fixture
def client(toegang, zwolle):
    return services.client_get_or_create(
        bsn="123456782", geboortedatum=dt.date(1950, 3, 1), gemeente=zwolle, door=toegang
    )


@pytest.fixture
def jeugdclient(plan):
    return plan.client


def wmo_pgb(client, door, **kwargs):
    args = {
        "client": client,
        "wet": "wmo",
        "bedrag": "12000.00",
        "ingangsdatum": BEGIN,
        "einddatum": EIND,
        "door": door,
        "keuze_client": True,
    }
    return services.pgbbesluit_aanvragen(**{**args, **kwargs})


def codes(exc: DomainError) -> set[str]:
    return {p.code for p in exc.problems}


def refused(fn, *args, **kwargs) -> set[str]:
    before = (Pgbbesluit.objects.count(), PgbbesluitHistorie.objects.count())
    with pytest.raises(DomainError) as exc:
        fn(*args, **kwargs)
    assert (Pgbbesluit.objects.count(), PgbbesluitHistorie.objects.count()) == before, "nothing is saved"
    assert exc.value.message
    return codes(exc.value)


# --- the rules ------------------------------------------------------------------------------------


def test_wmo_pgb_is_the_clients_choice_recorded(client, toegang, zwolle):
    besluit = wmo_pgb(client, toegang, tariefgrondslag="informeel")
    assert (besluit.status, besluit.gemeente, besluit.wet, besluit.bedrag) == (
        "aangevraagd",
        zwolle,
        "wmo",
        Decimal("12000.00"),
    )
    assert besluit.keuze_client and besluit.aangevraagd_door == toegang
    [rij] = besluit.historie.all()
    assert (rij.van_status, rij.naar_status, rij.door) == ("", "aangevraagd", toegang)


def test_wmo_pgb_without_the_clients_choice_is_refused(client, toegang):
    assert refused(wmo_pgb, client, toegang, keuze_client=False) == {"pgb_wmo_keuze_ontbreekt"}


def test_youth_pgb_without_a_reason_is_refused(jeugdclient, plan, toegang):
    """Document 003: in youth care a pgb only when the contracted care in kind does not fit."""
    kwargs = {"client": jeugdclient, "wet": "jeugdwet", "bedrag": "8000", "ingangsdatum": BEGIN, "einddatum": EIND}
    assert refused(services.pgbbesluit_aanvragen, **kwargs, door=toegang) == {"pgb_jeugd_zonder_reden"}
    assert refused(services.pgbbesluit_aanvragen, **kwargs, door=toegang, reden="   ") == {"pgb_jeugd_zonder_reden"}
    # the client's choice alone does not suffice for youth care
    assert refused(services.pgbbesluit_aanvragen, **kwargs, door=toegang, keuze_client=True) == {
        "pgb_jeugd_zonder_reden"
    }
    besluit = services.pgbbesluit_aanvragen(
        **kwargs, door=toegang, plan=plan, reden="Geen gecontracteerde aanbieder met gebarentaal in de regio."
    )
    assert (besluit.wet, besluit.plan, besluit.verwijzing_id) == ("jeugdwet", plan, plan.verwijzing_id)
    assert besluit.reden.startswith("Geen gecontracteerde")


@pytest.mark.parametrize(
    ("bedrag", "code"),
    [
        ("0", "pgb_bedrag_niet_positief"),
        ("-100,00", "pgb_bedrag_niet_positief"),
        (Decimal("0.00"), "pgb_bedrag_niet_positief"),
        ("", "pgb_bedrag_ontbreekt"),
        (None, "pgb_bedrag_ontbreekt"),
        ("1.234", "ongeldig_bedrag"),
        ("veel", "ongeldig_bedrag"),
    ],
)
def test_amount_above_zero_and_readable(client, toegang, bedrag, code):
    assert refused(wmo_pgb, client, toegang, bedrag=bedrag) == {code}


def test_amount_in_dutch_notation(client, toegang):
    assert wmo_pgb(client, toegang, bedrag="€ 12.500,50").bedrag == Decimal("12500.50")


def test_period_end_before_start_is_refused(client, toegang):
    assert refused(wmo_pgb, client, toegang, ingangsdatum=EIND, einddatum=BEGIN) == {"pgb_periode_omgekeerd"}
    assert refused(wmo_pgb, client, toegang, ingangsdatum=None) == {"pgb_ingangsdatum_ontbreekt"}
    assert refused(wmo_pgb, client, toegang, einddatum=None) == {"pgb_einddatum_ontbreekt"}
    assert refused(wmo_pgb, client, toegang, einddatum=dt.date(JAAR + 6, 1, 1)) == {"pgb_periode_te_lang"}
    one_day = wmo_pgb(client, toegang, ingangsdatum=BEGIN, einddatum=BEGIN)  # a single day is a period
    assert one_day.ingangsdatum == one_day.einddatum


def test_all_problems_reported_together(client, toegang):
    got = refused(wmo_pgb, client, toegang, keuze_client=False, bedrag="0", ingangsdatum=EIND, einddatum=BEGIN)
    assert got == {"pgb_wmo_keuze_ontbreekt", "pgb_bedrag_niet_positief", "pgb_periode_omgekeerd"}


def test_unknown_law_and_tariff_basis(client, toegang):
    assert refused(wmo_pgb, client, toegang, wet="awbz") == {"pgb_wet_onbekend"}
    assert refused(wmo_pgb, client, toegang, tariefgrondslag="goedkoop") == {"pgb_tariefgrondslag_onbekend"}


def test_overlapping_pgb_for_the_same_client_and_law_is_refused(client, toegang):
    eerste = wmo_pgb(client, toegang)
    assert refused(wmo_pgb, client, toegang, ingangsdatum=dt.date(JAAR, 6, 1), einddatum=dt.date(JAAR + 1, 5, 31)) == {
        "pgb_overlapt"
    }
    assert refused(wmo_pgb, client, toegang, ingangsdatum=EIND, einddatum=EIND) == {"pgb_overlapt"}  # one day shared
    services.pgbbesluit_toekennen(besluit=eerste, door=toegang)
    assert refused(wmo_pgb, client, toegang) == {"pgb_overlapt"}
    # the next period, adjacent, is fine
    volgende = wmo_pgb(client, toegang, ingangsdatum=dt.date(JAAR + 1, 1, 1), einddatum=dt.date(JAAR + 1, 12, 31))
    assert volgende.status == "aangevraagd"


def test_overlap_is_per_law(client, toegang, zwolle):
    wmo_pgb(client, toegang)
    jeugd = services.pgbbesluit_aanvragen(
        client=client,
        wet="jeugdwet",
        bedrag="100",
        ingangsdatum=BEGIN,
        einddatum=EIND,
        door=toegang,
        reden="Past niet.",
    )
    assert jeugd.status == "aangevraagd"


def test_withdrawn_refused_and_ended_periods_free_the_dates(client, toegang):
    a = wmo_pgb(client, toegang)
    services.pgbbesluit_afwijzen(besluit=a, door=toegang, toelichting="Onvoldoende onderbouwd.")
    b = wmo_pgb(client, toegang)
    services.pgbbesluit_intrekken(besluit=b, door=toegang, toelichting="Cliënt kiest toch zorg in natura.")
    c = wmo_pgb(client, toegang, toekennen=True)
    services.pgbbesluit_beeindigen(besluit=c, door=toegang, per=dt.date(JAAR, 6, 30), toelichting="Verhuisd.")
    # the ended budget still holds its days up to 30 June; from 1 July the period is free
    assert refused(wmo_pgb, client, toegang, ingangsdatum=dt.date(JAAR, 6, 30), einddatum=EIND) == {"pgb_overlapt"}
    assert wmo_pgb(client, toegang, ingangsdatum=dt.date(JAAR, 7, 1), einddatum=EIND).status == "aangevraagd"


def test_no_pgb_beside_a_running_trajectory_in_kind(plan, toegang, aanbieder):
    """No stacking: a pgb replaces care in kind under the same law, it does not come on top."""
    from uitkomst.trajecten.services import toewijzing_create

    toewijzing = toewijzing_create(
        plan=plan, aanbieder=aanbieder, startdatum=helpers.today(), keuze_door_client=True, door=toegang
    )
    kwargs = {"client": plan.client, "bedrag": "5000", "ingangsdatum": BEGIN, "einddatum": EIND, "door": toegang}
    assert refused(services.pgbbesluit_aanvragen, **kwargs, wet="jeugdwet", reden="Past niet.") == {"pgb_naast_natura"}
    # under the other law the trajectory does not block (a Wmo pgb beside youth care in kind)
    assert services.pgbbesluit_aanvragen(**kwargs, wet="wmo", keuze_client=True).status == "aangevraagd"
    # a pgb that ends before the trajectory was assigned does not stack
    vroeger = {
        **kwargs,
        "ingangsdatum": dt.date(JAAR - 2, 1, 1),
        "einddatum": toewijzing.traject.toegewezen_op - dt.timedelta(days=1),
    }
    assert services.pgbbesluit_aanvragen(**vroeger, wet="jeugdwet", reden="Past niet.").status == "aangevraagd"


def test_trajectory_that_may_stack_does_not_block(plan, toegang, aanbieder):
    from uitkomst.trajecten.models import Traject
    from uitkomst.trajecten.services import toewijzing_create

    toewijzing_create(plan=plan, aanbieder=aanbieder, startdatum=helpers.today(), keuze_door_client=True, door=toegang)
    Traject.objects.filter(client=plan.client).update(stapeling_toegestaan=True)  # crisis care or an exception
    besluit = services.pgbbesluit_aanvragen(
        client=plan.client,
        wet="jeugdwet",
        bedrag="5000",
        ingangsdatum=BEGIN,
        einddatum=EIND,
        door=toegang,
        reden="Past niet.",
    )
    assert besluit.status == "aangevraagd"


def test_granting_checks_the_trajectory_again(plan, toegang, aanbieder):
    from uitkomst.trajecten.services import toewijzing_create

    besluit = services.pgbbesluit_aanvragen(
        client=plan.client,
        wet="jeugdwet",
        bedrag="5000",
        ingangsdatum=BEGIN,
        einddatum=EIND,
        door=toegang,
        reden="Past niet.",
    )
    toewijzing_create(plan=plan, aanbieder=aanbieder, startdatum=helpers.today(), keuze_door_client=True, door=toegang)
    assert refused(services.pgbbesluit_toekennen, besluit=besluit, door=toegang) == {"pgb_naast_natura"}
    besluit.refresh_from_db()
    assert besluit.status == "aangevraagd"


def test_plan_of_another_client_or_law(plan, client, toegang, wmo, zwolle):
    assert refused(wmo_pgb, client, toegang, plan=plan) == {"pgb_plan_andere_client"}
    got = refused(services.pgbbesluit_aanvragen, client=plan.client, wet="wmo", bedrag="10", ingangsdatum=BEGIN,
                  einddatum=EIND, door=toegang, keuze_client=True, plan=plan)  # fmt: skip
    assert got == {"pgb_plan_andere_wet"}


def test_another_municipalitys_client_is_refused(client, toegang_kampen, huisarts, aanbieder_user):
    for user in (toegang_kampen, huisarts, aanbieder_user):
        with pytest.raises(NotAllowed) as exc:
            wmo_pgb(client, user)
        assert exc.value.code == "geen_toegang"
    assert not Pgbbesluit.objects.exists()


def test_another_municipalitys_plan_is_refused(plan, client, toegang_kampen, kampen):
    other = services.client_get_or_create(
        bsn="010000008", geboortedatum=dt.date(1960, 1, 1), gemeente=kampen, door=toegang_kampen
    )
    with pytest.raises(NotAllowed) as exc:
        wmo_pgb(other, toegang_kampen, plan=plan)
    assert exc.value.code == "geen_toegang"


def test_deciding_on_another_municipalitys_pgb_is_refused(client, toegang, toegang_kampen):
    besluit = wmo_pgb(client, toegang)
    for step in (
        lambda: services.pgbbesluit_toekennen(besluit=besluit, door=toegang_kampen),
        lambda: services.pgbbesluit_afwijzen(besluit=besluit, door=toegang_kampen, toelichting="x"),
        lambda: services.pgbbesluit_intrekken(besluit=besluit, door=toegang_kampen, toelichting="x"),
    ):
        with pytest.raises(NotAllowed) as exc:
            step()
        assert exc.value.code == "geen_toegang"
    besluit.refresh_from_db()
    assert besluit.status == "aangevraagd"


# --- the life cycle -------------------------------------------------------------------------------


def test_life_cycle_with_history(client, toegang, collega):
    besluit = wmo_pgb(client, toegang)
    services.pgbbesluit_toekennen(besluit=besluit, door=collega, toelichting="Akkoord, budgetplan ontvangen.")
    besluit.refresh_from_db()
    assert (besluit.status, besluit.besloten_door, besluit.besluit_toelichting) == (
        "toegekend",
        collega,
        "Akkoord, budgetplan ontvangen.",
    )
    assert besluit.besloten_op is not None
    services.pgbbesluit_beeindigen(besluit=besluit, door=toegang, per=dt.date(JAAR, 9, 30), toelichting="Opname.")
    besluit.refresh_from_db()
    assert (besluit.status, besluit.beeindigd_op, besluit.laatste_dag) == (
        "beeindigd",
        dt.date(JAAR, 9, 30),
        dt.date(JAAR, 9, 30),
    )
    rijen = list(besluit.historie.values_list("van_status", "naar_status", "door__username", "toelichting"))
    assert rijen == [
        ("", "aangevraagd", "toegang-zwolle", "Pgb aangevraagd."),
        ("aangevraagd", "toegekend", "toegang-zwolle-2", "Akkoord, budgetplan ontvangen."),
        ("toegekend", "beeindigd", "toegang-zwolle", "Opname."),
    ]
    overgangen.controleer_pad(Pgbbesluit, [r[1] for r in rijen])


def test_grant_at_once(client, toegang):
    besluit = wmo_pgb(client, toegang, toekennen=True, toelichting="Direct toegekend.")
    assert besluit.status == "toegekend"
    assert list(besluit.historie.values_list("naar_status", flat=True)) == ["aangevraagd", "toegekend"]


@pytest.mark.parametrize(
    ("stap", "van"),
    [("toekennen", "toegekend"), ("afwijzen", "toegekend"), ("beeindigen", "aangevraagd"), ("intrekken", "afgewezen"),
     ("toekennen", "ingetrokken"), ("beeindigen", "beeindigd")],
)  # fmt: skip
def test_illegal_steps_are_refused(client, toegang, stap, van):
    besluit = wmo_pgb(client, toegang)
    pad = overgangen.pad(Pgbbesluit, "aangevraagd", van)
    for naar in pad:
        {
            "toegekend": lambda: services.pgbbesluit_toekennen(besluit=besluit, door=toegang),
            "afgewezen": lambda: services.pgbbesluit_afwijzen(besluit=besluit, door=toegang, toelichting="r"),
            "ingetrokken": lambda: services.pgbbesluit_intrekken(besluit=besluit, door=toegang, toelichting="r"),
            "beeindigd": lambda: services.pgbbesluit_beeindigen(
                besluit=besluit, door=toegang, per=dt.date(JAAR, 3, 1), toelichting="r"
            ),
        }[naar]()
    besluit.refresh_from_db()
    n = besluit.historie.count()
    call = {
        "toekennen": lambda: services.pgbbesluit_toekennen(besluit=besluit, door=toegang),
        "afwijzen": lambda: services.pgbbesluit_afwijzen(besluit=besluit, door=toegang, toelichting="r"),
        "intrekken": lambda: services.pgbbesluit_intrekken(besluit=besluit, door=toegang, toelichting="r"),
        "beeindigen": lambda: services.pgbbesluit_beeindigen(
            besluit=besluit, door=toegang, per=dt.date(JAAR, 4, 1), toelichting="r"
        ),
    }[stap]
    with pytest.raises(Conflict) as exc:
        call()
    assert exc.value.code == "ongeldige_overgang"
    besluit.refresh_from_db()
    assert (besluit.status, besluit.historie.count()) == (van, n)


def test_reasons_required_for_refusal_withdrawal_and_ending(client, toegang):
    besluit = wmo_pgb(client, toegang)
    assert refused(services.pgbbesluit_afwijzen, besluit=besluit, door=toegang, toelichting=" ") == {
        "pgb_afwijzing_zonder_reden"
    }
    assert refused(services.pgbbesluit_intrekken, besluit=besluit, door=toegang, toelichting="") == {
        "pgb_intrekking_zonder_reden"
    }
    services.pgbbesluit_toekennen(besluit=besluit, door=toegang)
    n = PgbbesluitHistorie.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.pgbbesluit_beeindigen(besluit=besluit, door=toegang, per=None, toelichting="")
    assert codes(exc.value) == {"pgb_beeindigdatum_ontbreekt", "pgb_beeindiging_zonder_reden"}
    for per in (BEGIN - dt.timedelta(days=1), EIND, EIND + dt.timedelta(days=1)):
        with pytest.raises(ValidationFailed) as exc:
            services.pgbbesluit_beeindigen(besluit=besluit, door=toegang, per=per, toelichting="r")
        assert codes(exc.value) == {"pgb_beeindiging_buiten_periode"}
    besluit.refresh_from_db()
    assert (besluit.status, besluit.beeindigd_op, PgbbesluitHistorie.objects.count()) == ("toegekend", None, n)


def test_status_is_protected_and_history_append_only(client, toegang):
    besluit = wmo_pgb(client, toegang)
    with pytest.raises(AttributeError):
        besluit.status = "toegekend"
    rij = besluit.historie.get()
    with pytest.raises(RuntimeError):
        rij.save()
    with pytest.raises(RuntimeError):
        rij.delete()


def test_database_refuses_what_the_service_refuses(client, toegang, zwolle):
    base = {"client": client, "gemeente": zwolle, "wet": "wmo", "ingangsdatum": BEGIN, "einddatum": EIND}
    bad_rows = [
        {"bedrag": Decimal("0")},
        {"bedrag": Decimal("1"), "einddatum": BEGIN - dt.timedelta(days=1)},
        {"bedrag": Decimal("1"), "wet": "awbz"},
        {"bedrag": Decimal("1"), "beeindigd_op": EIND + dt.timedelta(days=1)},
    ]
    for bad in bad_rows:
        with pytest.raises(IntegrityError), transaction.atomic():
            Pgbbesluit.objects.create(**{**base, **bad})


def test_no_care_in_kind_beside_a_granted_pgb(plan, toegang, aanbieder):
    """The other direction of no stacking: while a granted pgb runs under the same law, care in kind
    under that law is refused with ``natura_naast_pgb`` and nothing is assigned."""
    from uitkomst.trajecten.models import Toewijzing
    from uitkomst.trajecten.services import toewijzing_create

    services.pgbbesluit_aanvragen(
        client=plan.client, wet="jeugdwet", bedrag="5000", ingangsdatum=dt.date(JAAR - 1, 1, 1),
        einddatum=dt.date(JAAR + 1, 12, 31), door=toegang, reden="Het gecontracteerde aanbod past niet.",
        toekennen=True,
    )  # fmt: skip
    with pytest.raises(ValidationFailed) as exc:
        toewijzing_create(
            plan=plan, aanbieder=aanbieder, startdatum=helpers.today(), keuze_door_client=True, door=toegang
        )
    assert "natura_naast_pgb" in codes(exc.value)
    assert not Toewijzing.objects.filter(plan=plan).exists()
