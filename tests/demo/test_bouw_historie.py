"""The history rows of an assignment and a trajectory are built positionally (the demo makes one per
step, issue 13): the row must be exactly what the keyword constructor gives, relation caches included,
and an unsaved owner must still give its key when the row is saved."""

import datetime as dt
import uuid

import pytest
import time_machine
from django.utils import timezone

from uitkomst.accounts.models import Gebruiker
from uitkomst.trajecten.models import StatusWijziging, Toewijzing, ToewijzingHistorie, Traject

OP = timezone.make_aware(dt.datetime(2026, 3, 4, 12))


def _velden(rij) -> dict:
    return {f.attname: getattr(rij, f.attname) for f in type(rij)._meta.concrete_fields}


@pytest.mark.parametrize("met_door", [True, False], ids=["door", "zonder-door"])
@pytest.mark.parametrize("op", [OP, None], ids=["op", "nu"])
@pytest.mark.parametrize(
    ("model", "rij_model", "relatie"),
    [(Toewijzing, ToewijzingHistorie, "toewijzing"), (Traject, StatusWijziging, "traject")],
    ids=["toewijzing", "traject"],
)
def test_historie_rij_is_what_the_keyword_constructor_gives(model, rij_model, relatie, op, met_door):
    eigenaar = model(pk=41)
    door = Gebruiker(pk=7, username="a") if met_door else None
    with time_machine.travel(OP, tick=False):
        rij = eigenaar.historie_rij(van="", naar="x", door=door, reden="r", op=op)
        verwacht = rij_model(**{relatie: eigenaar}, van="", naar="x", door=door, op=op or timezone.now(), reden="r")
    assert type(rij) is rij_model
    assert _velden(rij) == _velden(verwacht)
    assert rij._state.fields_cache == verwacht._state.fields_cache
    assert getattr(rij, relatie) is eigenaar and rij.door is door
    assert rij._state.adding and rij.pk is None


def test_historie_rij_takes_no_user_without_a_key():
    rij = Traject(pk=3).historie_rij(van="", naar="x", door=Gebruiker(username="nog-niet-opgeslagen"), reden="")
    assert rij.door_id is None and rij.door is None


@pytest.mark.django_db
def test_historie_rij_of_an_unsaved_assignment_gets_its_key_on_save(reference_models):
    """The row may be made before its owner is saved: the saved row points to the owner's new key."""
    from uitkomst.demo import services

    services.demo_region_build(clients=20, seed=3)
    t = Toewijzing.objects.filter(is_synthetisch=True).first()
    t.pk, t.uuid, t.nummer = None, uuid.uuid4(), "DTNIEUW01"  # the same facts as a new, unsaved assignment
    rij = t.historie_rij(van="", naar=t.goedkeuring, door=None, reden="", op=OP)
    assert rij.toewijzing_id is None
    t.save()
    rij.save()
    assert ToewijzingHistorie.objects.get(pk=rij.pk).toewijzing_id == t.pk
