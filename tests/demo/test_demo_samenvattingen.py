"""The demo build's summaries: after ``uitkomst demo`` every summary table holds what a whole rebuild
from the source rows gives, and nothing is left dirty.

The build rebuilds the summaries whole once, after its bulk phases (which write without the dirty-key
triggers); the command's last step then refreshes only the keys the later phases marked dirty
(``services.statistieken_bijwerken``, ``utils.db.na_bulkladen(alles=False)``). If a later phase wrote
source rows past the triggers, or the last step refreshed nothing, the cells would differ here."""

import pytest
from django.core.management import call_command

from uitkomst.declaraties.models import Betaalcel, Betaalvuil, Declaratiegemeente
from uitkomst.sturing.models import Budgetvuil, Declaratiecel, Toewijzingcel
from uitkomst.uitkomsten.models import Indicatorcel, Indicatorrollup, Indicatorvuil
from uitkomst.utils import db

pytestmark = pytest.mark.django_db

CELLEN = (Betaalcel, Declaratiegemeente, Declaratiecel, Toewijzingcel, Indicatorcel, Indicatorrollup)
VUIL = (Betaalvuil, Budgetvuil, Indicatorvuil)


def _cellen() -> dict[str, list[tuple]]:
    """Every summary row without its key (a rebuild numbers the rows anew)."""
    uit = {}
    for model in CELLEN:
        velden = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        uit[model._meta.label] = sorted(
            tuple("" if v is None else str(v) for v in rij) for rij in model.objects.values_list(*velden)
        )
    return uit


def test_the_build_leaves_every_summary_as_a_whole_rebuild_makes_it(reference_models):
    call_command("demo", "--clients", "200", "--seed", "11", "--no-progress")
    assert {m._meta.label: m.objects.count() for m in VUIL} == {m._meta.label: 0 for m in VUIL}
    na_bouw = _cellen()
    assert all(na_bouw[m._meta.label] for m in CELLEN)  # the build wrote every summary

    db.na_bulkladen(analyse=False)  # the whole rebuild, from the source rows
    assert _cellen() == na_bouw


def test_a_refresh_of_the_dirty_keys_only_leaves_a_whole_summary_alone(reference_models):
    """``na_bulkladen(alles=False)`` with nothing dirty changes no cell; a whole rebuild is still what
    ``alles`` (the default) does: cells removed behind the summary's back come back."""
    call_command("demo", "--clients", "60", "--seed", "12", "--no-progress")
    voor = _cellen()
    db.na_bulkladen(analyse=False, alles=False)
    assert _cellen() == voor

    Betaalcel.objects.all().delete()  # not through the triggers: no key is marked dirty
    Declaratiegemeente.objects.all().delete()
    db.na_bulkladen(analyse=False, alles=False)
    assert not Betaalcel.objects.exists() and not Declaratiegemeente.objects.exists()
    db.na_bulkladen(analyse=False)
    assert _cellen() == voor
