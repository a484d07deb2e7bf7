"""Agreements and applications change state only through the declared transitions: an illegal step
is refused with code ``ongeldige_overgang`` and saves nothing; every step appends its history row."""

import datetime as dt

import pytest

from uitkomst.contractering import services
from uitkomst.contractering.models import Aanmelding, Raamovereenkomst
from uitkomst.utils.errors import Conflict

pytestmark = pytest.mark.django_db
D = dt.date


def test_resuming_an_active_agreement_refused(overeenkomst, contractmanager):
    with pytest.raises(Conflict) as err:
        services.raamovereenkomst_hervatten(overeenkomst=overeenkomst, per=D(2024, 6, 1), door=contractmanager)
    assert err.value.code == "ongeldige_overgang"
    assert err.value.message == "Een raamovereenkomst met status 'actief' kan niet naar 'actief'."
    assert overeenkomst.historie.count() == 1


def test_ended_agreement_cannot_be_suspended_or_ended_again(overeenkomst, contractmanager):
    services.raamovereenkomst_beeindigen(
        overeenkomst=overeenkomst, per=D(2024, 6, 30), reden="Op verzoek", door=contractmanager
    )
    with pytest.raises(Conflict) as err:
        services.raamovereenkomst_opschorten(
            overeenkomst=overeenkomst, per=D(2024, 6, 1), reden="Onderzoek", door=contractmanager
        )
    assert err.value.code == "ongeldige_overgang"
    assert err.value.message == "Een raamovereenkomst met status 'beëindigd' kan niet naar 'opgeschort'."
    with pytest.raises(Conflict) as err:
        services.raamovereenkomst_beeindigen(
            overeenkomst=overeenkomst, per=D(2024, 6, 1), reden="Nogmaals", door=contractmanager
        )
    assert err.value.code == "ongeldige_overgang"
    o = Raamovereenkomst.objects.get(pk=overeenkomst.pk)
    assert o.status == "beeindigd" and o.einddatum == D(2024, 6, 30) and not o.opschortingen.exists()


def test_agreement_history_records_every_step(overeenkomst, contractmanager):
    services.raamovereenkomst_opschorten(
        overeenkomst=overeenkomst, per=D(2024, 3, 1), reden="Onderzoek", door=contractmanager
    )
    services.raamovereenkomst_hervatten(overeenkomst=overeenkomst, per=D(2024, 4, 1), door=contractmanager)
    services.raamovereenkomst_beeindigen(
        overeenkomst=overeenkomst, per=D(2024, 6, 30), reden="Op verzoek", door=contractmanager
    )
    rows = list(overeenkomst.historie.values_list("gebeurtenis", "status", "datum", "toelichting"))
    assert rows == [
        ("aangemaakt", "actief", D(2024, 1, 1), ""),
        ("opgeschort", "opgeschort", D(2024, 3, 1), "Onderzoek"),
        ("hervat", "actief", D(2024, 4, 1), ""),
        ("beeindigd", "beeindigd", D(2024, 6, 30), "Op verzoek"),
    ]
    assert overeenkomst.historie.last().gegevens["vorigeEinddatum"] == "2025-12-31"


def test_application_steps_and_illegal_withdrawal(systeem, ronde, aanbieder, p02, eisen, contractmanager):
    a = services.aanmelding_indienen(
        door=systeem,
        ronde=ronde,
        aanbieder=aanbieder,
        producten=[p02],
        aanvullend_aanbod="Avondaanbod",
        datum=D(2026, 9, 10),
    )
    services.aanmelding_beoordelen(
        aanmelding=a, beoordelingen=[{"kwaliteitseis": e, "voldaan": True} for e in eisen], door=contractmanager
    )
    services.aanmelding_besluiten(aanmelding=a, toelaten=False, reden="Geen aanvulling", door=contractmanager)
    with pytest.raises(Conflict) as err:
        services.aanmelding_intrekken(aanmelding=a, door=contractmanager, reden="Toch niet")
    assert err.value.code == "ongeldige_overgang"
    assert err.value.message == "Een aanmelding met status 'afgewezen' kan niet naar 'ingetrokken'."
    a = Aanmelding.objects.get(pk=a.pk)
    assert a.status == "afgewezen" and a.besluit_reden == "Geen aanvulling"
    assert list(a.historie.values_list("van_status", "naar_status", "toelichting")) == [
        ("", "ingediend", ""),
        ("ingediend", "in_beoordeling", ""),
        ("in_beoordeling", "afgewezen", "Geen aanvulling"),
    ]
