import datetime as dt
import itertools

import pytest

from uitkomst.contractering import services
from uitkomst.contractering.models import Procedure

D = dt.date
_agb = itertools.count(1)


@pytest.fixture
def make_aanbieder(db, systeem):
    def _make(naam: str | None = None, **kwargs):
        n = next(_agb)
        return services.aanbieder_create(
            door=systeem,
            naam=naam or f"Aanbieder {n}",
            agb_code=kwargs.pop("agb_code", f"7777{n:04d}"),
            kvk_nummer=kwargs.pop("kvk_nummer", f"6000{n:04d}"),
            **kwargs,
        )

    return _make


@pytest.fixture
def aanbieder(make_aanbieder):
    return make_aanbieder("De Vlinder Jeugdhulp")


@pytest.fixture
def procedure(systeem, ijsselland):
    return services.inkoopprocedure_create(
        door=systeem,
        inkoopmodel=ijsselland,
        soort=Procedure.SOCIAAL_CONTRACTEREN,
        naam="Sociaal contracteren",
        fasen=[("Dialoog", D(2017, 5, 1), D(2017, 6, 30)), ("Contracteren", D(2017, 10, 1), D(2017, 10, 31))],
    )


@pytest.fixture
def eisen(systeem, ijsselland):
    return [
        services.kwaliteitseis_save(door=systeem, code="skj-big", naam="Geregistreerde professionals", wet="jeugdwet"),
        services.kwaliteitseis_save(door=systeem, code="vog", naam="VOG", wet="jeugdwet"),
        services.kwaliteitseis_save(door=systeem, code="ijssel-keurmerk", naam="Keurmerk", inkoopmodel=ijsselland),
    ]


@pytest.fixture
def p01(ijsselland):
    return ijsselland.producten.get(code="P01-P")


@pytest.fixture
def p02(ijsselland):
    return ijsselland.producten.get(code="P02-P")


@pytest.fixture
def overeenkomst(systeem, aanbieder, ijsselland, procedure, p01):
    """2024-01-01 .. 2025-12-31, two extension options of one year."""
    return services.raamovereenkomst_create(
        door=systeem,
        aanbieder=aanbieder,
        inkoopmodel=ijsselland,
        producten=[p01],
        ingangsdatum=D(2024, 1, 1),
        procedure=procedure,
    )


@pytest.fixture
def ronde(systeem, procedure):
    return services.toetredingsronde_create(
        door=systeem,
        procedure=procedure,
        naam="Ronde najaar 2026",
        aanmelden_van=D(2026, 9, 1),
        aanmelden_tot=D(2026, 9, 30),
        beoordelen_tot=D(2026, 11, 30),
        ingangsdatum=D(2027, 1, 1),
    )
