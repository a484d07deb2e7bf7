"""Assignments and trajectories change state only through the declared transitions: an illegal step
is refused with code ``ongeldige_overgang`` and saves nothing; every step appends its history row."""

import pytest

from tests.toegang import helpers
from uitkomst.trajecten import services
from uitkomst.trajecten.models import StatusWijziging, Toewijzing, ToewijzingHistorie, Traject
from uitkomst.utils.errors import Conflict

pytestmark = pytest.mark.django_db


def assign(plan, aanbieder, door):
    return services.toewijzing_create(
        plan=plan, aanbieder=aanbieder, door=door, startdatum=helpers.today(), keuze_door_client=True
    )


def test_illegal_trajectory_step_refused_and_nothing_saved(plan, aanbieder, aanbieder_user, toegang):
    traject = assign(plan, aanbieder, toegang).traject
    with pytest.raises(Conflict) as err:
        services.traject_starten(traject=traject, door=aanbieder_user)
    assert err.value.code == "ongeldige_overgang"
    assert err.value.message == "Een traject met status 'toegewezen' kan niet naar 'gestart'."
    traject.refresh_from_db()
    assert traject.status == "toegewezen" and traject.gestart_op is None
    assert list(traject.historie.values_list("van", "naar")) == [("", "toegewezen")]


def test_change_of_a_closed_trajectory_refused(plan, aanbieder, aanbieder_user, toegang, ijsselland):
    traject = assign(plan, aanbieder, toegang).traject
    services.traject_afwijzen(traject=traject, reden="onveilig", door=aanbieder_user)
    with pytest.raises(Conflict) as err:
        services.traject_wijzigen(
            traject=traject, product=ijsselland.producten.get(code="P01-I"), motivering="Zwaarder", door=toegang
        )
    assert err.value.code == "ongeldige_overgang"


def test_end_by_change_records_the_jz588_reason_in_the_history(plan, aanbieder, aanbieder_user, toegang, ijsselland):
    traject = assign(plan, aanbieder, toegang).traject
    services.traject_accepteren(traject=traject, door=aanbieder_user)
    services.traject_starten(traject=traject, door=aanbieder_user)
    services.traject_wijzigen(
        traject=traject, product=ijsselland.producten.get(code="P01-I"), motivering="Zwaarder nodig", door=toegang
    )
    traject.refresh_from_db()
    last = traject.historie.last()
    assert traject.reden_beeindiging == "36" and (last.van, last.naar) == ("gestart", "beeindigd")
    assert last.reden == "36 Geïnitieerd door de gemeente. Wijziging naar P01-I: Zwaarder nodig"


def test_four_eyes_history_and_illegal_approval(toegang, collega, aanbieder, zwolle, ijsselland):
    plan = helpers.plan(toegang, zwolle, ijsselland, productcode="P04-I")  # segment C: four eyes
    t = assign(plan, aanbieder, toegang)
    services.toewijzing_goedkeuren(toewijzing=t, door=collega)
    rows = list(ToewijzingHistorie.objects.filter(toewijzing=t).values_list("van", "naar", "door__username"))
    assert rows == [("", "wacht", "toegang-zwolle"), ("wacht", "goedgekeurd", "toegang-zwolle-2")]
    # the trajectory's history holds only its own states (no 'toegewezen -> toegewezen' row)
    assert list(StatusWijziging.objects.filter(traject=t.traject).values_list("van", "naar")) == [("", "toegewezen")]
    with pytest.raises(Conflict) as err:
        services.toewijzing_goedkeuren(toewijzing=t, door=collega)
    assert err.value.code == "ongeldige_overgang"
    assert err.value.message == (
        "Een toewijzing met vier-ogencontrole 'goedgekeurd (vier ogen)' kan niet naar 'goedgekeurd (vier ogen)'."
    )
    assert ToewijzingHistorie.objects.filter(toewijzing=t).count() == 2


def test_approval_of_a_withdrawn_assignment_refused_by_the_condition(toegang, collega, aanbieder, zwolle, ijsselland):
    plan = helpers.plan(toegang, zwolle, ijsselland, productcode="P04-I")
    t = assign(plan, aanbieder, toegang)
    services.traject_intrekken(traject=t.traject, door=toegang, reden="Gezin verhuist")
    with pytest.raises(Conflict) as err:
        services.toewijzing_goedkeuren(toewijzing=t, door=collega)
    assert err.value.code == "ongeldige_overgang"
    assert err.value.message.endswith(": het traject is niet meer toegewezen.")
    t.refresh_from_db()
    assert t.goedkeuring == "wacht" and t.vrijgegeven_op is None
    assert not Traject.objects.get(pk=t.traject.pk).zichtbaar_voor_aanbieder


def test_assignment_without_four_eyes_cannot_be_approved(plan, aanbieder, toegang, collega):
    t = assign(plan, aanbieder, toegang)
    with pytest.raises(Conflict) as err:
        services.toewijzing_goedkeuren(toewijzing=t, door=collega)
    assert err.value.code == "ongeldige_overgang"
    assert Toewijzing.objects.get(pk=t.pk).goedkeuring == "niet-nodig"
    assert list(ToewijzingHistorie.objects.filter(toewijzing=t).values_list("van", "naar")) == [("", "niet-nodig")]
