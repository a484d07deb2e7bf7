"""The shared transition mechanism (utils/overgangen.py) read against the models' declared transitions.

Nothing here touches the database: the table comes from the django-fsm declarations, and a step
with ``opslaan=False`` runs on objects in memory (as the demo builder does before a bulk insert).
"""

import datetime as dt

import pytest

from uitkomst.contractering.models import Aanmelding, Raamovereenkomst
from uitkomst.trajecten.models import StatusWijziging, Toewijzing, Traject
from uitkomst.utils import overgangen
from uitkomst.utils.errors import Conflict


def test_trajectory_table_is_read_from_the_declared_transitions():
    table = overgangen.tabel(Traject)
    assert {pair: stap.actie for pair, stap in table.items()} == {
        ("toegewezen", "geaccepteerd"): "accepteren",
        ("toegewezen", "afgewezen"): "afwijzen",
        ("toegewezen", "ingetrokken"): "intrekken",
        ("geaccepteerd", "ingetrokken"): "intrekken",
        ("geaccepteerd", "gestart"): "starten",
        ("gestart", "beeindigd"): "beeindigen",
        ("beeindigd", "afgesloten"): "afsluiten",
    }
    assert table[("toegewezen", "geaccepteerd")].custom["actoren"] == {"aanbieder"}
    assert table[("gestart", "beeindigd")].custom["actoren"] == {"aanbieder", "toegang"}
    assert overgangen.volgende(Traject, "toegewezen") == ["geaccepteerd", "afgewezen", "ingetrokken"]
    assert overgangen.volgende(Traject, "afgesloten") == []


def test_tables_of_agreement_application_and_assignment():
    assert set(overgangen.tabel(Raamovereenkomst)) == {
        ("actief", "opgeschort"),
        ("opgeschort", "actief"),
        ("actief", "beeindigd"),
        ("opgeschort", "beeindigd"),
    }
    assert set(overgangen.tabel(Aanmelding)) == {
        ("ingediend", "in_beoordeling"),
        ("in_beoordeling", "toegelaten"),
        ("in_beoordeling", "afgewezen"),
        ("ingediend", "ingetrokken"),
        ("in_beoordeling", "ingetrokken"),
    }
    assert set(overgangen.tabel(Toewijzing)) == {("wacht", "goedgekeurd")}
    assert overgangen.beginstatussen(Toewijzing) == {"niet-nodig", "wacht"}
    assert overgangen.beginstatussen(Traject) == {"toegewezen"}
    assert overgangen.beginstatussen(Raamovereenkomst) == {"actief"}


def test_path_through_the_table():
    assert overgangen.pad(Traject, "toegewezen", "afgesloten") == ["geaccepteerd", "gestart", "beeindigd", "afgesloten"]
    assert overgangen.pad(Traject, "", "gestart") == ["toegewezen", "geaccepteerd", "gestart"]
    assert overgangen.pad(Traject, "gestart", "gestart") == []
    assert overgangen.pad(Raamovereenkomst, "opgeschort", "beeindigd") == ["beeindigd"]
    with pytest.raises(Conflict) as err:
        overgangen.pad(Traject, "afgesloten", "gestart")
    assert err.value.code == "ongeldige_overgang"
    assert err.value.message == "Een traject met status 'afgesloten' kan niet naar 'gestart'."


@pytest.mark.parametrize(
    "chain, message",
    [
        (["toegewezen", "gestart"], "Een traject met status 'toegewezen' kan niet naar 'gestart'."),
        (["geaccepteerd"], "Een traject kan niet beginnen met status 'geaccepteerd'."),
        (
            ["toegewezen", "geaccepteerd", "gestart", "afgesloten"],
            "Een traject met status 'gestart' kan niet naar 'afgesloten'.",
        ),
        (
            ["toegewezen", "afgewezen", "geaccepteerd"],
            "Een traject met status 'afgewezen' kan niet naar 'geaccepteerd'.",
        ),
    ],
)
def test_illegal_chains_refused(chain, message):
    with pytest.raises(Conflict) as err:
        overgangen.controleer_pad(Traject, chain)
    assert err.value.code == "ongeldige_overgang"
    assert err.value.message == message


def test_legal_chain_passes():
    overgangen.controleer_pad(Traject, ["toegewezen", "geaccepteerd", "gestart", "beeindigd", "afgesloten"])
    overgangen.controleer_pad(Toewijzing, ["wacht", "goedgekeurd"])
    overgangen.controleer_pad(Raamovereenkomst, ["actief", "opgeschort", "actief", "beeindigd"])


def _in_memory_traject() -> Traject:
    t = Toewijzing(
        nummer="X1",
        startdatum=dt.date(2025, 1, 1),
        einddatum=dt.date(2025, 6, 30),
        budget=0,
        vrijgegeven_op=None,
    )
    return Traject(
        toewijzing=t,
        zichtbaar_voor_aanbieder=True,
        verwijsdatum=dt.date(2025, 1, 1),
        toegewezen_op=dt.date(2025, 1, 1),
        tussenevaluatie_op=dt.date(2025, 4, 1),
        eindevaluatie_op=dt.date(2025, 6, 30),
    )


def test_status_cannot_be_assigned_directly():
    traject = _in_memory_traject()
    with pytest.raises(AttributeError):
        traject.status = "gestart"
    assert traject.status == "toegewezen"


def test_steps_in_memory_set_the_facts_and_return_the_history_row():
    traject = _in_memory_traject()
    rows = [overgangen.begin(traject, opslaan=False)]
    rows.append(overgangen.overgaan(traject, "geaccepteerd", datum=dt.date(2025, 1, 3), opslaan=False))
    rows.append(overgangen.overgaan(traject, "gestart", datum=dt.date(2025, 1, 10), opslaan=False))
    rows.append(
        overgangen.overgaan(traject, "beeindigd", datum=dt.date(2025, 5, 1), reden="33", opslaan=False)
    )
    assert all(isinstance(r, StatusWijziging) and r.pk is None for r in rows)
    assert [(r.van, r.naar) for r in rows] == [
        ("", "toegewezen"),
        ("toegewezen", "geaccepteerd"),
        ("geaccepteerd", "gestart"),
        ("gestart", "beeindigd"),
    ]
    assert rows[-1].reden == "33 Voortijdig afgesloten, door aanbieder"
    assert traject.status == "beeindigd" and traject.reden_beeindiging == "33"
    assert traject.geaccepteerd_op == dt.date(2025, 1, 3) and traject.dagen_tot_acceptatie == 2
    assert traject.dagen_tot_start == 7 and traject.beeindigd_op == dt.date(2025, 5, 1)


def test_illegal_step_in_memory_changes_nothing():
    traject = _in_memory_traject()
    with pytest.raises(Conflict) as err:
        overgangen.overgaan(traject, "afgesloten", datum=dt.date(2025, 1, 3), opslaan=False)
    assert err.value.code == "ongeldige_overgang"
    assert err.value.message == "Een traject met status 'toegewezen' kan niet naar 'afgesloten'."
    assert traject.status == "toegewezen" and traject.afgesloten_op is None


def test_condition_refuses_with_its_reason():
    traject = _in_memory_traject()
    traject.zichtbaar_voor_aanbieder = False  # four eyes: not released to the provider yet
    with pytest.raises(Conflict) as err:
        overgangen.overgaan(traject, "geaccepteerd", datum=dt.date(2025, 1, 3), opslaan=False)
    assert err.value.code == "ongeldige_overgang"
    assert err.value.message == (
        "Een traject met status 'toegewezen' kan niet naar 'geaccepteerd': "
        "de toewijzing is nog niet vrijgegeven aan de aanbieder (vier ogen)."
    )
    assert traject.status == "toegewezen"
