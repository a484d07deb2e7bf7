"""The signal centre (sources, refresh, handling with a note) and the tariff review."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.toegang import helpers as th
from tests.uitkomsten import helpers as h
from uitkomst.catalogus import services as catalogus
from uitkomst.catalogus.models import Tarief
from uitkomst.contractering import services as contractering
from uitkomst.signalen import selectors as signalen
from uitkomst.signalen import services as signaal_services
from uitkomst.signalen.models import Signaal
from uitkomst.sturing import selectors, services
from uitkomst.trajecten import services as trajecten
from uitkomst.utils.errors import Conflict, NotAllowed, ValidationFailed

pytestmark = pytest.mark.django_db


def test_signals_from_their_sources(toegang, collega, aanbieder_user, zwolle, ijsselland, contractmanager, settings):
    settings.WACHTTIJD_SIGNAAL_DAGEN = 0
    duur = h.traject(toegang, zwolle, ijsselland, aanbieder_user.aanbieder, productcode="P09-I")  # segment C
    if duur.toewijzing.goedkeuring == "wacht":
        trajecten.toewijzing_goedkeuren(toewijzing=duur.toewijzing, door=collega)
    geweigerd = h.traject(toegang, zwolle, ijsselland, aanbieder_user.aanbieder)
    trajecten.traject_afwijzen(traject=geweigerd, reden="onveilig", door=aanbieder_user)
    trajecten.stapeling_uitzondering_aanvragen(
        client=geweigerd.client, inkoopmodel=ijsselland, reden="Crisis naast behandeling", door=toegang
    )
    assert list(Signaal.objects.values_list("soort", flat=True)) == ["afwijzing"]  # raised by the decline itself
    uitslag = services.signalen_verversen(op=th.today() + dt.timedelta(days=1))
    soorten = sorted(Signaal.objects.values_list("soort", flat=True))
    # segment C and a long wait (norm 0 days) for the expensive one, the decline, the stacking
    # exception; no overdue acceptance yet (the term is five days)
    assert soorten == ["afwijzing", "lange_wachttijd", "segment_c", "stapeling"]
    assert uitslag == {"nieuw": 3, "vervallen": 0, "actueel": 4}
    c = Signaal.objects.get(soort="segment_c")
    assert c.traject_uuid == str(duur.uuid) and "extra controle" in c.omschrijving and c.gemeente == zwolle
    assert c.regio == zwolle.regio and c.sleutel == f"traject:{duur.uuid}"
    assert services.signalen_verversen(op=th.today() + dt.timedelta(days=1))["nieuw"] == 0  # idempotent
    assert Signaal.objects.count() == 4
    assert signalen.signalen_voor(contractmanager).count() == 4


def test_expired_quality_evidence_is_a_signal(aanbieder, ijsselland, systeem):
    eis = contractering.kwaliteitseis_save(code="vog", naam="VOG medewerkers", inkoopmodel=ijsselland, door=systeem)
    contractering.kwaliteitsbewijs_add(
        aanbieder=aanbieder, kwaliteitseis=eis, omschrijving="VOG 2023", door=systeem,
        geldig_van=th.today() - dt.timedelta(days=400), geldig_tot=th.today() - dt.timedelta(days=1),
    )  # fmt: skip
    services.signalen_verversen()
    s = Signaal.objects.get(soort="kwaliteitsbewijs_verloopt", aanbieder=aanbieder)
    assert "VOG medewerkers" in s.omschrijving and "verlopen" in s.omschrijving and s.regio == ijsselland.regio


def test_handling_a_signal_with_a_note(toegang, aanbieder_user, zwolle, ijsselland, financien, financien_kampen):
    t = h.traject(toegang, zwolle, ijsselland, aanbieder_user.aanbieder)
    trajecten.traject_afwijzen(traject=t, reden="onveilig", door=aanbieder_user)
    services.signalen_verversen()
    s = Signaal.objects.get(soort="afwijzing")
    with pytest.raises(ValidationFailed) as err:
        signaal_services.signaal_afhandelen(signaal=s, toelichting="  ", door=financien)
    assert err.value.code == "toelichting_ontbreekt"
    with pytest.raises(NotAllowed) as err:
        signaal_services.signaal_afhandelen(signaal=s, toelichting="Gebeld", door=financien_kampen)
    assert err.value.code == "geen_toegang"
    s = signaal_services.signaal_afhandelen(signaal=s, toelichting="Gebeld met de aanbieder", door=financien)
    assert s.is_afgehandeld and s.toelichting == "Gebeld met de aanbieder" and s.afgehandeld_door == financien
    with pytest.raises(Conflict) as err:
        signaal_services.signaal_afhandelen(signaal=s, toelichting="nog eens", door=financien)
    assert err.value.code == "al_afgehandeld"
    services.signalen_verversen()
    assert Signaal.objects.get(pk=s.pk).toelichting == "Gebeld met de aanbieder"  # a refresh keeps it
    assert signalen.signalen_voor(financien_kampen).filter(pk=s.pk).count() == 0


def test_provider_differing_from_the_benchmark_becomes_a_signal(
    toegang, aanbieder_user, tweede_user, zwolle, ijsselland
):
    for _ in range(12):
        h.gemeten(toegang, aanbieder_user, zwolle, ijsselland, reden="32", score=3)
    for _ in range(40):
        h.gemeten(toegang, tweede_user, zwolle, ijsselland, reden="31", score=9)
    services.signalen_verversen()
    eigen = Signaal.objects.filter(soort="uitkomst_afwijkend", aanbieder=aanbieder_user.aanbieder)
    uitval = eigen.get(sleutel__startswith="uitval_breed:")
    assert "Significant hoger" in uitval.omschrijving and "(slechter)" in uitval.omschrijving
    assert uitval.regio == zwolle.regio and uitval.gemeente is None and uitval.ernst == "aandacht"
    assert eigen.filter(sleutel__startswith="tevreden:").exists()


def _p01(ijsselland):
    return ijsselland.producten.get(code="P01-P")


def test_tariff_review_preview_saves_nothing_and_confirm_adds_a_version(
    toegang, aanbieder_user, zwolle, ijsselland, contractmanager
):
    running = h.traject(toegang, zwolle, ijsselland, aanbieder_user.aanbieder)
    budget_voor = running.toewijzing.budget
    product = _p01(ijsselland)
    versies = Tarief.objects.filter(product=product).count()
    ingang = dt.date(th.today().year + 1, 1, 1)
    effect = services.tariefeffect(product=product, bedrag="4000.00", ingangsdatum=ingang, door=contractmanager)
    assert Tarief.objects.filter(product=product).count() == versies  # nothing saved
    assert effect["nieuw"] == Decimal("4000.00") and effect["oud"] == budget_voor and effect["jaar"] == ingang.year
    assert effect["verschil"] == effect["met"] - effect["zonder"] and effect["verschil"] >= 0
    tarief = services.tarief_herzien(product=product, bedrag="4000.00", ingangsdatum=ingang, door=contractmanager)
    assert tarief.geldig_van == ingang and Tarief.objects.filter(product=product).count() == versies + 1
    running.toewijzing.refresh_from_db()
    assert running.toewijzing.budget == budget_voor  # running assignments keep their budget


def test_overlapping_tariff_version_refused(systeem, ijsselland, contractmanager):
    product = _p01(ijsselland)
    volgend = th.today().year + 1
    catalogus.tarief_herzien(door=systeem, product=product, bedrag="3500.00", ingangsdatum=dt.date(volgend, 7, 1))
    # a second version from the same date would overlap the version from 1 July: refused in the preview
    # (which validates exactly as the confirmation does) and on confirmation, nothing saved
    catalogus_versies = Tarief.objects.filter(product=product).count()
    with pytest.raises(ValidationFailed) as err:
        services.tariefeffect(product=product, bedrag="3600", ingangsdatum=dt.date(volgend, 7, 1), door=contractmanager)
    assert err.value.code == "herziening_te_vroeg"
    with pytest.raises(ValidationFailed) as err:
        services.tarief_herzien(product=product, bedrag="3600", ingangsdatum=dt.date(volgend, 7, 1),
                                door=contractmanager)  # fmt: skip
    assert err.value.code == "herziening_te_vroeg" and "moet na de ingang" in err.value.message
    assert Tarief.objects.filter(product=product).count() == catalogus_versies


def test_only_the_regions_contract_manager_revises(ijsselland, financien):
    with pytest.raises(NotAllowed) as err:
        services.tarief_herzien(product=_p01(ijsselland), bedrag="1", ingangsdatum=dt.date(2030, 1, 1), door=financien)
    assert err.value.code == "geen_toegang"


def test_tariff_review_table(toegang, aanbieder_user, zwolle, ijsselland):
    for reden in ["31"] * 9 + ["32"]:
        h.gemeten(toegang, aanbieder_user, zwolle, ijsselland, reden=reden, score=8)
    jaar = th.today().year
    rijen = {r.product.code: r for r in selectors.tariefherziening(
        inkoopmodel=ijsselland, van=dt.date(jaar, 1, 1), tot=dt.date(jaar, 12, 31))}  # fmt: skip
    p = rijen["P01-P"]
    assert (p.trajecten, p.beeindigd, p.volgens_plan) == (10, 10, 9)
    assert p.aandeel_volgens_plan == pytest.approx(0.9) and p.maximale_duur_maanden == 6
    assert p.gemiddelde_duur_maanden == 0 and p.boven_maximum == 0
    assert p.uitval_breed.aandeel == pytest.approx(0.1) and not p.doelen_behaald.onderdrukt


def test_refused_stacking_attempt_becomes_a_signal(toegang, aanbieder_user, zwolle, ijsselland):
    lopend = h.traject(toegang, zwolle, ijsselland, aanbieder_user.aanbieder, bsn_=th.BSNS[0])
    tweede = th.plan(toegang, zwolle, ijsselland, productcode="P02-P", bsn=th.BSNS[0])
    assert tweede.client == lopend.client
    with pytest.raises(Conflict) as err:
        trajecten.toewijzing_create(
            plan=tweede, aanbieder=aanbieder_user.aanbieder, door=toegang, startdatum=th.today(), keuze_door_client=True
        )
    assert err.value.code == "stapeling"
    signaal = Signaal.objects.get(soort="stapeling", sleutel__startswith="poging:")  # raised at the refusal
    assert signaal.traject_uuid == str(lopend.uuid) and signaal.gemeente == zwolle and signaal.regio == zwolle.regio
    assert "Poging tot stapeling" in signaal.omschrijving
