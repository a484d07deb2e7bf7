"""Competitive procedures (issue 17): criteria and weights, tenders, scores, ranking, the award with
its reasons, the standstill period and the framework agreements; every refusal by its code."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from uitkomst.contractering import selectors, services
from uitkomst.contractering.models import (
    Aanbesteding,
    AanbestedingHistorie,
    Gunningsbesluit,
    Inschrijving,
    Procedure,
    Raamovereenkomst,
    Score,
)
from uitkomst.organisaties.models import Regio
from uitkomst.utils.errors import DomainError, NotAllowed

from .test_gunning_scenarios import CRITERIA, aanbesteding, competitieve_procedure, inschrijven, scoor

D = dt.date
pytestmark = pytest.mark.django_db


def codes(exc: DomainError) -> set[str]:
    return {p.code for p in exc.problems}


@pytest.fixture
def drie(make_aanbieder):
    return [make_aanbieder(n) for n in ("Thuis Plus (fictief)", "Zorg Dichtbij (fictief)", "Wijkhulp (fictief)")]


@pytest.fixture
def a(model, product):
    return aanbesteding(model, [product])


@pytest.fixture
def tenders(a, drie):
    return [inschrijven(a, x) for x in drie]


def _scoor_alles(a, tenders):
    scoor(a, tenders[0], {"plan": 9, "samenwerking": 8, "prijs": 6})  # 36 + 24 + 18 = 78
    scoor(a, tenders[1], {"plan": 6, "samenwerking": 6, "prijs": 10})  # 24 + 18 + 30 = 72
    scoor(a, tenders[2], {"plan": 5, "samenwerking": 7, "prijs": 5})  # 20 + 21 + 15 = 56


def test_a_competitive_award_end_to_end(systeem, a, tenders, product):
    _scoor_alles(a, tenders)
    r = selectors.volledige_rangschikking(a)
    assert [(x.inschrijving.pk, x.totaal, x.rang, x.geselecteerd) for x in r.regels] == [
        (tenders[0].pk, Decimal("78.00"), 1, True),
        (tenders[1].pk, Decimal("72.00"), 2, True),
        (tenders[2].pk, Decimal("56.00"), 3, False),
    ]
    assert r.regels[0].kwaliteit == Decimal("60.00") and r.regels[0].prijs == Decimal("18.00")
    assert r.compleet and r.grens == Decimal("72.00")

    besluit = services.gunnen(aanbesteding=a, door=systeem, besloten_op=D(2025, 4, 15), toelichting="Besluit B&W")
    assert besluit.einde_opschortende_termijn == D(2025, 5, 5) and besluit.aantal_gegund == 2
    statussen = {i.pk: (i.status, i.rang) for i in Inschrijving.objects.all()}
    assert statussen == {tenders[0].pk: ("gegund", 1), tenders[1].pk: ("gegund", 2), tenders[2].pk: ("afgewezen", 3)}
    afgewezen = Inschrijving.objects.get(pk=tenders[2].pk)
    assert "Rang 3 van 3, 56,00 van 100 punten" in afgewezen.besluit_reden
    assert "laagst geselecteerde inschrijving scoorde 72,00" in afgewezen.besluit_reden
    assert "Plan van aanpak 5/10" in afgewezen.besluit_reden
    assert afgewezen.historie.last().naar_status == "afgewezen"
    assert not Raamovereenkomst.objects.exists()  # the standstill period runs first

    overeenkomsten = services.gunning_definitief(aanbesteding=a, door=systeem, datum=D(2025, 5, 6))
    assert [o.aanbieder_id for o in overeenkomsten] == [tenders[0].aanbieder_id, tenders[1].aanbieder_id]
    for o in overeenkomsten:
        assert o.ingangsdatum == D(2025, 7, 1) and list(o.producten.all()) == [product]
        assert o.procedure_id == a.procedure_id and o.historie.first().gebeurtenis == "aangemaakt"
    a.refresh_from_db()
    assert a.status == "gegund" and a.gunningsbesluit.definitief_op == D(2025, 5, 6)
    assert list(AanbestedingHistorie.objects.filter(aanbesteding=a).values_list("van_status", "naar_status")) == [
        ("", "open"), ("open", "in_beoordeling"), ("in_beoordeling", "voorlopig_gegund"),
        ("voorlopig_gegund", "gegund"),
    ]  # fmt: skip
    assert Inschrijving.objects.get(pk=tenders[0].pk).raamovereenkomst == overeenkomsten[0]


def test_weights_must_sum_to_100(model, product):
    criteria = [{**c} for c in CRITERIA]
    criteria[0]["weging"] = 30
    with pytest.raises(DomainError) as exc:
        aanbesteding(model, [product], criteria=criteria)
    assert codes(exc.value) == {"weging_niet_100"}
    assert "90%" in exc.value.message and not Aanbesteding.objects.exists()


@pytest.mark.parametrize(
    "wijziging, code",
    [
        ({"weging": 0}, "weging_ongeldig"),
        ({"weging": "40"}, "weging_ongeldig"),
        ({"code": "prijs"}, "criterium_dubbel"),
        ({"naam": " "}, "criterium_naam_ontbreekt"),
        ({"soort": "korting"}, "criterium_soort_onbekend"),
    ],
)
def test_bad_criteria_are_refused(model, product, wijziging, code):
    criteria = [{**c} for c in CRITERIA]
    criteria[0].update(wijziging)
    with pytest.raises(DomainError) as exc:
        aanbesteding(model, [product], criteria=criteria)
    assert code in codes(exc.value) and not Aanbesteding.objects.exists()


def test_no_criteria_and_bad_dates_and_max(model, product):
    with pytest.raises(DomainError) as exc:
        aanbesteding(model, [product], criteria=[], max_aanbieders=0, ingangsdatum=D(2025, 3, 31))
    assert codes(exc.value) == {"criteria_ontbreken", "max_ongeldig", "ingang_voor_sluiting"}


def test_only_a_competitive_procedure(systeem, model, product):
    open_house = services.inkoopprocedure_create(
        inkoopmodel=model, soort=Procedure.OPEN_HOUSE, naam="Open house", door=systeem
    )
    with pytest.raises(DomainError) as exc:
        aanbesteding(model, [product], procedure=open_house)
    assert codes(exc.value) == {"procedure_niet_competitief"}


def test_products_of_the_model_only(model, ijsselland):
    with pytest.raises(DomainError) as exc:
        aanbesteding(model, [ijsselland.producten.first()])
    assert codes(exc.value) == {"product_ander_model"}


def test_tender_after_the_deadline_and_twice(a, drie):
    with pytest.raises(DomainError) as exc:
        inschrijven(a, drie[0], datum=D(2025, 4, 1))
    assert codes(exc.value) == {"na_sluitingsdatum"} and not Inschrijving.objects.exists()
    inschrijven(a, drie[0], datum=D(2025, 3, 31))  # the closing day itself still counts
    with pytest.raises(DomainError) as exc:
        inschrijven(a, drie[0])
    assert codes(exc.value) == {"al_ingeschreven"}
    assert Inschrijving.objects.count() == 1


def test_provider_tenders_for_itself_only(make_user, regio, a, drie):
    eigen = make_user("thuisplus", "aanbieder", aanbieder=drie[0], regio=regio)
    i = services.inschrijving_indienen(aanbesteding=a, aanbieder=drie[0], datum=D(2025, 3, 1), door=eigen)
    assert i.ingediend_door == eigen and i.historie.get().naar_status == "ingediend"
    with pytest.raises(NotAllowed) as exc:
        services.inschrijving_indienen(aanbesteding=a, aanbieder=drie[1], datum=D(2025, 3, 1), door=eigen)
    assert exc.value.code == "geen_toegang"


def test_contract_manager_cannot_tender_for_a_provider(contractmanager, a, drie):
    with pytest.raises(NotAllowed):
        services.inschrijving_indienen(aanbesteding=a, aanbieder=drie[0], datum=D(2025, 3, 1), door=contractmanager)


@pytest.mark.parametrize("punten", [11, -1, True, 7.5, "8", None])
def test_score_outside_the_scale_is_refused_and_nothing_saved(a, tenders, punten):
    c = list(a.criteria.all())
    with pytest.raises(DomainError) as exc:
        services.scores_vastleggen(
            aanbesteding=a,
            scores=[
                {"inschrijving": tenders[0], "criterium": c[0], "punten": 8},
                {"inschrijving": tenders[0], "criterium": c[1], "punten": punten},
            ],
            door=a.historie.first().door,
            datum=D(2025, 4, 1),
        )
    assert codes(exc.value) == {"score_buiten_schaal"}
    a.refresh_from_db()
    assert not Score.objects.exists() and a.status == "open"


def test_the_database_refuses_a_score_outside_the_scale(a, tenders):
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(inschrijving=tenders[0], criterium=a.criteria.first(), punten=11)


def test_no_scoring_while_tenders_may_come_in(a, tenders):
    with pytest.raises(DomainError) as exc:
        scoor(a, tenders[0], {"plan": 8}, datum=D(2025, 3, 31))
    assert codes(exc.value) == {"inschrijving_nog_open"}


def test_scoring_by_a_non_authorised_role(make_user, regio, a, tenders, drie):
    rotterdam = Regio.objects.get(code="rotterdam-rijnmond")
    aanbieder = make_user("thuisplus", "aanbieder", aanbieder=drie[0], regio=regio)
    anders = make_user("cm-rotterdam", "regio-contractmanager", regio=rotterdam)
    lezer_zonder_recht = make_user("toegang", "gemeente-toegang", gemeente=regio.gemeenten.first())
    for user in (aanbieder, anders, lezer_zonder_recht):
        with pytest.raises(NotAllowed) as exc:
            scoor(a, tenders[0], {"plan": 10}, door=user)
        assert exc.value.code == "geen_toegang"
        with pytest.raises(NotAllowed):
            services.gunnen(aanbesteding=a, door=user, besloten_op=D(2025, 4, 2))
    assert not Score.objects.exists()


def test_the_regions_contract_manager_scores_and_awards(contractmanager, a, tenders):
    for i, punten in zip(tenders, (9, 7, 5), strict=True):
        scoor(a, i, {"plan": punten, "samenwerking": punten, "prijs": punten}, door=contractmanager)
    assert Score.objects.filter(beoordeeld_door=contractmanager).count() == 9
    besluit = services.gunnen(aanbesteding=a, door=contractmanager, besloten_op=D(2025, 4, 2))
    assert besluit.besloten_door == contractmanager


def test_unknown_criterion_or_tender_of_another_procedure(model, product, a, tenders, drie):
    ander = aanbesteding(model, [product], procedure=a.procedure)
    vreemd = inschrijven(ander, drie[0])
    with pytest.raises(DomainError) as exc:
        services.scores_vastleggen(
            aanbesteding=a,
            scores=[
                {"inschrijving": vreemd, "criterium": a.criteria.first(), "punten": 5},
                {"inschrijving": tenders[0], "criterium": ander.criteria.first(), "punten": 5},
            ],
            door=a.historie.first().door,
            datum=D(2025, 4, 1),
        )
    assert codes(exc.value) == {"inschrijving_onbekend", "criterium_onbekend"}


def test_award_without_every_score_is_refused_and_nothing_changes(systeem, a, tenders):
    scoor(a, tenders[0], {"plan": 9, "samenwerking": 8, "prijs": 6})
    scoor(a, tenders[1], {"plan": 6, "samenwerking": 6})  # no price score
    with pytest.raises(DomainError) as exc:
        services.gunnen(aanbesteding=a, door=systeem, besloten_op=D(2025, 4, 15))
    assert codes(exc.value) == {"scores_ontbreken"}
    assert "4 score(s) ontbreken" in exc.value.message and "op 'Prijs'" in exc.value.message
    a.refresh_from_db()
    assert a.status == "in_beoordeling" and not Gunningsbesluit.objects.exists()
    assert set(Inschrijving.objects.values_list("status", flat=True)) == {"ingediend"}
    assert not Inschrijving.objects.filter(rang__isnull=False).exists()


def test_award_without_tenders(systeem, a):
    with pytest.raises(DomainError) as exc:
        services.gunnen(aanbesteding=a, door=systeem, besloten_op=D(2025, 4, 15))
    assert codes(exc.value) == {"geen_inschrijvingen"}


def test_award_before_the_deadline(systeem, a, tenders):
    with pytest.raises(DomainError) as exc:
        services.gunnen(aanbesteding=a, door=systeem, besloten_op=D(2025, 3, 30))
    assert "inschrijving_nog_open" in codes(exc.value)


def test_awarding_twice_is_refused(systeem, a, tenders):
    _scoor_alles(a, tenders)
    services.gunnen(aanbesteding=a, door=systeem, besloten_op=D(2025, 4, 15))
    with pytest.raises(DomainError) as exc:
        services.gunnen(aanbesteding=a, door=systeem, besloten_op=D(2025, 4, 16))
    assert codes(exc.value) == {"al_gegund"}
    assert Gunningsbesluit.objects.count() == 1
    with pytest.raises(DomainError) as exc:
        scoor(a, tenders[2], {"plan": 10})
    assert codes(exc.value) == {"al_gegund"}
    services.gunning_definitief(aanbesteding=a, door=systeem, datum=D(2025, 5, 6))
    with pytest.raises(DomainError) as exc:
        services.gunning_definitief(aanbesteding=a, door=systeem, datum=D(2025, 5, 7))
    assert codes(exc.value) == {"al_gegund"}
    assert Raamovereenkomst.objects.count() == 2


def test_definitive_award_waits_for_the_standstill_period(systeem, a, tenders):
    _scoor_alles(a, tenders)
    with pytest.raises(DomainError) as exc:
        services.gunning_definitief(aanbesteding=a, door=systeem, datum=D(2025, 4, 15))
    assert codes(exc.value) == {"niet_voorlopig_gegund"}
    services.gunnen(aanbesteding=a, door=systeem, besloten_op=D(2025, 4, 15))
    with pytest.raises(DomainError) as exc:
        services.gunning_definitief(aanbesteding=a, door=systeem, datum=D(2025, 5, 5))
    assert codes(exc.value) == {"opschortende_termijn_loopt"} and "05-05-2025" in exc.value.message
    assert not Raamovereenkomst.objects.exists()


def test_a_tie_on_the_boundary_is_refused(systeem, a, tenders):
    scoor(a, tenders[0], {"plan": 9, "samenwerking": 8, "prijs": 6})  # 78
    scoor(a, tenders[1], {"plan": 6, "samenwerking": 6, "prijs": 6})  # 60
    scoor(a, tenders[2], {"plan": 6, "samenwerking": 6, "prijs": 6})  # 60: shares rank 2 with the second
    r = selectors.volledige_rangschikking(a)
    assert [x.rang for x in r.regels] == [1, 2, 2] and r.gelijke_stand_op_grens
    assert [x.geselecteerd for x in r.regels] == [True, False, False]
    with pytest.raises(DomainError) as exc:
        services.gunnen(aanbesteding=a, door=systeem, besloten_op=D(2025, 4, 15))
    assert codes(exc.value) == {"gelijke_stand_op_grens"}
    scoor(a, tenders[2], {"prijs": 5})  # the tie-break rule of the tender documents, applied by re-scoring
    assert services.gunnen(aanbesteding=a, door=systeem, besloten_op=D(2025, 4, 15)).aantal_gegund == 2


def test_a_tie_inside_the_maximum_selects_both(systeem, a, tenders):
    scoor(a, tenders[0], {"plan": 6, "samenwerking": 6, "prijs": 6})
    scoor(a, tenders[1], {"plan": 6, "samenwerking": 6, "prijs": 6})
    scoor(a, tenders[2], {"plan": 1, "samenwerking": 1, "prijs": 1})
    services.gunnen(aanbesteding=a, door=systeem, besloten_op=D(2025, 4, 15))
    assert sorted(Inschrijving.objects.values_list("rang", "status")) == [(1, "gegund"), (1, "gegund"),
                                                                          (3, "afgewezen")]  # fmt: skip


def test_definitive_award_refused_as_a_whole_when_an_agreement_would_overlap(systeem, a, tenders, model, product):
    services.raamovereenkomst_create(
        aanbieder=tenders[1].aanbieder, inkoopmodel=model, producten=[product], ingangsdatum=D(2025, 1, 1), door=systeem
    )
    _scoor_alles(a, tenders)
    services.gunnen(aanbesteding=a, door=systeem, besloten_op=D(2025, 4, 15))
    with pytest.raises(DomainError) as exc:
        services.gunning_definitief(aanbesteding=a, door=systeem, datum=D(2025, 5, 6))
    assert codes(exc.value) == {"overeenkomsten_overlappen"}
    a.refresh_from_db()
    assert a.status == "voorlopig_gegund" and Raamovereenkomst.objects.count() == 1
    assert a.gunningsbesluit.definitief_op is None


def test_the_provider_sees_its_own_row_and_its_scores_only_after_the_decision(make_user, regio, systeem, a, tenders):
    _scoor_alles(a, tenders)
    eigen = make_user("zorgdichtbij", "aanbieder", aanbieder=tenders[1].aanbieder, regio=regio)
    r = selectors.rangschikking(aanbesteding=a, user=eigen)
    assert [x.inschrijving.pk for x in r.regels] == [tenders[1].pk]
    assert r.regels[0].totaal is None and r.regels[0].scores == {}
    services.gunnen(aanbesteding=a, door=systeem, besloten_op=D(2025, 4, 15))
    r = selectors.rangschikking(aanbesteding=a, user=eigen)
    assert [(x.rang, x.totaal) for x in r.regels] == [(2, Decimal("72.00"))]
    assert set(selectors.inschrijving_list(user=eigen)) == {tenders[1]}
    assert a in selectors.aanbesteding_list(user=eigen)  # a tender is public


def test_other_region_does_not_see_the_procedure(make_user, a, tenders):
    rotterdam = make_user("cm-r", "regio-contractmanager", regio=Regio.objects.get(code="rotterdam-rijnmond"))
    assert not selectors.aanbesteding_list(user=rotterdam).exists()
    assert not selectors.inschrijving_list(user=rotterdam).exists()
    with pytest.raises(Aanbesteding.DoesNotExist):
        selectors.rangschikking(aanbesteding=a, user=rotterdam)


def test_weighted_total_formula():
    class C:
        def __init__(self, pk, weging):
            self.pk, self.weging = pk, weging

    criteria = [C(1, 45), C(2, 35), C(3, 20)]
    assert selectors.gewogen_totaal({1: 7, 2: 9, 3: 10}, criteria) == Decimal("83.00")  # 31.5 + 31.5 + 20
    assert selectors.gewogen_totaal({1: 7, 2: 9}, criteria) is None
    assert selectors.gewogen_totaal({1: 10, 2: 10, 3: 10}, criteria) == Decimal("100.00")


def test_illegal_steps_through_the_one_transition_mechanism(a):
    from uitkomst.utils import overgangen

    with pytest.raises(DomainError) as exc:
        overgangen.overgaan(a, Aanbesteding.Status.GEGUND)
    assert exc.value.code == "ongeldige_overgang"
    assert overgangen.pad(Aanbesteding, "", "gegund") == ["open", "in_beoordeling", "voorlopig_gegund", "gegund"]


def test_competitive_procedure_helper_is_competitive(model):
    assert competitieve_procedure(model).soort == "europees_openbaar"


def test_subcontracting_as_a_trajectory_shows_it(systeem, model, product, drie):
    hoofd, onder, los = drie
    o = services.raamovereenkomst_create(
        aanbieder=hoofd, inkoopmodel=model, producten=[product], ingangsdatum=D(2025, 1, 1), door=systeem
    )
    services.onderaanneming_melden(overeenkomst=o, onderaannemer=onder, van=D(2025, 2, 1), door=systeem)
    r = selectors.onderaanneming_in_traject(hoofdaanbieder=hoofd, onderaannemer=onder, product=product,
                                            datum=D(2025, 3, 1))  # fmt: skip
    assert not r.gecontracteerd and r.via_hoofdaanbieder and r.melding.raamovereenkomst == o
    vroeg = selectors.onderaanneming_in_traject(hoofdaanbieder=hoofd, onderaannemer=onder, product=product,
                                                datum=D(2025, 1, 15))  # fmt: skip
    assert vroeg.melding is None  # registered from 1 February
    r = selectors.onderaanneming_in_traject(hoofdaanbieder=hoofd, onderaannemer=los, product=product,
                                            datum=D(2025, 3, 1))  # fmt: skip
    assert r.melding is None and not r.gecontracteerd
    services.raamovereenkomst_create(
        aanbieder=los, inkoopmodel=model, producten=[product], ingangsdatum=D(2025, 1, 1), door=systeem
    )
    assert selectors.onderaanneming_in_traject(hoofdaanbieder=hoofd, onderaannemer=los, product=product,
                                               datum=D(2025, 3, 1)).gecontracteerd  # fmt: skip
