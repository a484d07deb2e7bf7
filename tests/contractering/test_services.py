"""Contracting rules, each bad input refused with a specific Dutch message and nothing saved."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from uitkomst.accounts import policy
from uitkomst.contractering import selectors, services
from uitkomst.contractering.models import (
    Aanbieder,
    Aanmelding,
    AanmeldingHistorie,
    Onderaanneming,
    OvereenkomstHistorie,
    Raamovereenkomst,
    Toetredingsronde,
)
from uitkomst.signalen.models import Signaal
from uitkomst.utils.errors import Conflict, ValidationFailed

D = dt.date
pytestmark = pytest.mark.django_db


# --- providers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "agb,expected",
    [
        ("1234567", "precies acht cijfers"),
        ("123456789", "precies acht cijfers"),
        ("1234abcd", "acht cijfers"),
        ("", ""),
    ],
)
def test_invalid_agb_refused(systeem, agb, expected):
    with pytest.raises(ValidationFailed) as err:
        services.aanbieder_create(door=systeem, naam="X", agb_code=agb, kvk_nummer="12345678")
    assert err.value.code == "agb_ongeldig"
    assert "AGB-code" in err.value.message and expected in err.value.message
    assert not Aanbieder.objects.filter(naam="X").exists()


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "KVK12345", " "])
def test_invalid_kvk_refused(systeem, kvk):
    with pytest.raises(ValidationFailed) as err:
        services.aanbieder_create(door=systeem, naam="X", agb_code="12345678", kvk_nummer=kvk)
    assert err.value.code == "kvk_ongeldig"
    assert "KvK-nummer" in err.value.message and "acht cijfers" in err.value.message
    assert not Aanbieder.objects.exists()


def test_all_provider_problems_reported_at_once(systeem):
    with pytest.raises(ValidationFailed) as err:
        services.aanbieder_create(door=systeem, naam="", agb_code="1", kvk_nummer="2", grootte="middel")
    assert {p.code for p in err.value.problems} == {
        "naam_ontbreekt",
        "agb_ongeldig",
        "kvk_ongeldig",
        "grootte_onbekend",
    }


def test_duplicate_agb_refused(systeem, aanbieder):
    with pytest.raises(ValidationFailed) as err:
        services.aanbieder_create(door=systeem, naam="Ander", agb_code=aanbieder.agb_code, kvk_nummer="87654321")
    assert err.value.code == "agb_bestaat"
    assert Aanbieder.objects.count() == 1


def test_provider_update_validates(systeem, aanbieder):
    with pytest.raises(ValidationFailed) as err:
        services.aanbieder_update(door=systeem, aanbieder=aanbieder, kvk_nummer="12")
    assert err.value.code == "kvk_ongeldig"
    aanbieder.refresh_from_db()
    assert aanbieder.kvk_nummer != "12"


def test_provider_with_locations_specialisms_and_contacts(systeem, aanbieder, zwolle):
    services.vestiging_add(door=systeem, aanbieder=aanbieder, naam="Hoofdvestiging", plaats="Zwolle", gemeente=zwolle)
    services.contactpersoon_add(door=systeem, aanbieder=aanbieder, naam="Anne de Boer", email="anne@example.nl")
    services.aanbieder_update(door=systeem, aanbieder=aanbieder, werkgebied=[zwolle])
    assert aanbieder.vestigingen.get().gemeente == zwolle
    assert list(aanbieder.werkgebied.all()) == [zwolle]
    assert aanbieder.contactpersonen.count() == 1


# --- quality ---------------------------------------------------------------------------------


def test_requirement_is_for_a_model_or_a_law(systeem, ijsselland):
    with pytest.raises(ValidationFailed) as err:
        services.kwaliteitseis_save(door=systeem, code="x", naam="X", inkoopmodel=ijsselland, wet="jeugdwet")
    assert err.value.code == "eis_model_of_wet"
    with pytest.raises(ValidationFailed) as err:
        services.kwaliteitseis_save(door=systeem, code="x", naam="X")
    assert err.value.code == "eis_model_of_wet"


def test_requirements_of_a_model_include_its_law(systeem, eisen, ijsselland, regio):
    services.kwaliteitseis_save(door=systeem, code="wmo-only", naam="Wmo-eis", wet="wmo")
    codes = {e.code for e in selectors.kwaliteitseisen_voor(inkoopmodel=ijsselland)}
    assert codes == {"skj-big", "vog", "ijssel-keurmerk"}


def test_expired_evidence_raises_one_signal(systeem, aanbieder, eisen, overeenkomst):
    vog = eisen[1]
    old = services.kwaliteitsbewijs_add(
        door=systeem,
        aanbieder=aanbieder,
        kwaliteitseis=vog,
        omschrijving="VOG 2022",
        geldig_van=D(2022, 1, 1),
        geldig_tot=D(2024, 12, 31),
    )
    assert list(selectors.verlopen_bewijzen(peildatum=D(2024, 12, 31))) == []
    assert list(selectors.verlopen_bewijzen(peildatum=D(2025, 1, 1))) == [old]
    made = services.kwaliteitssignalen_maken(peildatum=D(2025, 1, 1))
    # a requirement under the law: one signal for each region the provider works in (its agreement's)
    assert len(made) == 1 and "verlopen op 31-12-2024" in made[0].omschrijving
    assert (made[0].soort, made[0].aanbieder, made[0].regio.code) == (
        "kwaliteitsbewijs_verloopt", aanbieder, "ijsselland"
    )  # fmt: skip
    assert made[0].sleutel == f"bewijs:{old.pk}:regio:{made[0].regio_id}" and made[0].onderwerp_id == str(old.pk)
    assert services.kwaliteitssignalen_maken(peildatum=D(2025, 2, 1)) == []  # idempotent
    assert Signaal.objects.count() == 1


def test_quality_signal_lapses_when_evidence_is_renewed(systeem, aanbieder, eisen):
    keurmerk = eisen[2]  # a requirement of the IJsselland model: the model's region
    services.kwaliteitsbewijs_add(door=systeem,
        aanbieder=aanbieder, kwaliteitseis=keurmerk, omschrijving="oud", geldig_van=D(2022, 1, 1),
        geldig_tot=D(2024, 12, 31),
    )  # fmt: skip
    assert len(services.kwaliteitssignalen_maken(peildatum=D(2025, 1, 1))) == 1
    services.kwaliteitsbewijs_add(
        door=systeem, aanbieder=aanbieder, kwaliteitseis=keurmerk, omschrijving="nieuw", geldig_van=D(2025, 1, 2)
    )
    assert services.kwaliteitssignalen_maken(peildatum=D(2025, 1, 3)) == []
    assert not Signaal.objects.exists()  # the open signal lapsed: its fact is gone


def test_renewed_evidence_is_not_expired(systeem, aanbieder, eisen):
    vog = eisen[1]
    services.kwaliteitsbewijs_add(
        door=systeem,
        aanbieder=aanbieder,
        kwaliteitseis=vog,
        omschrijving="oud",
        geldig_van=D(2022, 1, 1),
        geldig_tot=D(2024, 12, 31),
    )
    services.kwaliteitsbewijs_add(
        door=systeem, aanbieder=aanbieder, kwaliteitseis=vog, omschrijving="nieuw", geldig_van=D(2025, 1, 1)
    )
    assert not selectors.verlopen_bewijzen(peildatum=D(2025, 6, 1)).exists()


def test_evidence_ending_before_start_refused(systeem, aanbieder, eisen):
    with pytest.raises(ValidationFailed) as err:
        services.kwaliteitsbewijs_add(
            door=systeem,
            aanbieder=aanbieder,
            kwaliteitseis=eisen[0],
            omschrijving="x",
            geldig_van=D(2025, 1, 1),
            geldig_tot=D(2024, 1, 1),
        )
    assert err.value.code == "einde_voor_begin"


# --- procedures and rounds -------------------------------------------------------------------


def test_procedure_with_stages(procedure):
    assert procedure.is_open and procedure.toetredingsmomenten_per_jaar == 2
    assert [f.naam for f in procedure.fasen.all()] == ["Dialoog", "Contracteren"]


def test_unknown_procedure_refused(systeem, ijsselland):
    with pytest.raises(ValidationFailed) as err:
        services.inkoopprocedure_create(door=systeem, inkoopmodel=ijsselland, soort="loterij", naam="X")
    assert err.value.code == "procedure_onbekend"


def _ronde(procedure, start, naam="R"):
    return services.toetredingsronde_create(
        door=policy.systeem_actor("test"),
        procedure=procedure,
        naam=naam,
        aanmelden_van=start,
        aanmelden_tot=start + dt.timedelta(days=20),
        beoordelen_tot=start + dt.timedelta(days=40),
        ingangsdatum=start + dt.timedelta(days=60),
    )


def test_rounds_limited_to_moments_per_year(procedure):
    _ronde(procedure, D(2026, 3, 1), "voorjaar")
    _ronde(procedure, D(2026, 9, 1), "najaar")
    with pytest.raises(ValidationFailed) as err:
        _ronde(procedure, D(2026, 11, 1), "extra")
    assert err.value.code == "te_veel_momenten"
    assert "2 toetredingsmomenten per jaar" in err.value.message
    assert Toetredingsronde.objects.count() == 2
    _ronde(procedure, D(2027, 3, 1), "volgend jaar")  # a new year has new moments


def test_closed_procedure_has_no_entry_rounds(systeem, ijsselland):
    closed = services.inkoopprocedure_create(
        door=systeem, inkoopmodel=ijsselland, soort="europees_openbaar", naam="Gesloten", toetredingsmomenten_per_jaar=0
    )
    with pytest.raises(ValidationFailed) as err:
        _ronde(closed, D(2026, 3, 1))
    assert err.value.code == "procedure_gesloten"


def test_round_periods_checked(systeem, procedure):
    with pytest.raises(ValidationFailed) as err:
        services.toetredingsronde_create(
            door=systeem,
            procedure=procedure,
            naam="R",
            aanmelden_van=D(2026, 3, 31),
            aanmelden_tot=D(2026, 3, 1),
            beoordelen_tot=D(2026, 2, 1),
            ingangsdatum=D(2026, 1, 1),
        )
    assert {p.code for p in err.value.problems} >= {
        "aanmeldperiode_ongeldig",
        "beoordeelperiode_ongeldig",
        "ingang_voor_besluit",
    }


# --- applications ----------------------------------------------------------------------------


def test_application_outside_open_round_refused(systeem, ronde, make_aanbieder, p01):
    nieuw = make_aanbieder()
    for datum in (D(2026, 8, 31), D(2026, 10, 1)):
        with pytest.raises(ValidationFailed) as err:
            services.aanmelding_indienen(
                door=systeem, ronde=ronde, aanbieder=nieuw, producten=[p01], aanvullend_aanbod="x", datum=datum
            )
        assert err.value.code == "buiten_ronde"
        assert "niet open" in err.value.message and "01-09-2026" in err.value.message
    assert not Aanmelding.objects.exists()


def test_newcomer_must_argue_complementary_offer(systeem, ronde, make_aanbieder, p01, overeenkomst):
    nieuw = make_aanbieder()
    with pytest.raises(ValidationFailed) as err:
        services.aanmelding_indienen(door=systeem, ronde=ronde, aanbieder=nieuw, producten=[p01], datum=D(2026, 9, 10))
    assert err.value.code == "aanvullend_aanbod_ontbreekt"
    assert not Aanmelding.objects.exists()
    a = services.aanmelding_indienen(
        door=systeem,
        ronde=ronde,
        aanbieder=nieuw,
        producten=[p01],
        aanvullend_aanbod="Avondaanbod",
        datum=D(2026, 9, 10),
    )
    assert a.is_nieuwkomer and a.status == "ingediend"
    assert list(a.historie.values_list("naar_status", flat=True)) == ["ingediend"]


def test_contracted_provider_is_no_newcomer(systeem, ronde, overeenkomst, aanbieder, p02):
    services.raamovereenkomst_verlengen(
        door=systeem, overeenkomst=overeenkomst, besloten_op=D(2025, 6, 1)
    )  # runs to 2026-12-31
    a = services.aanmelding_indienen(
        door=systeem, ronde=ronde, aanbieder=aanbieder, producten=[p02], datum=D(2026, 9, 10)
    )
    assert not a.is_nieuwkomer


def test_application_needs_products_of_the_model(systeem, ronde, make_aanbieder, reference_models):
    from uitkomst.catalogus.models import Product

    other = Product.objects.exclude(inkoopmodel=ronde.procedure.inkoopmodel).first()
    with pytest.raises(ValidationFailed) as err:
        services.aanmelding_indienen(
            door=systeem,
            ronde=ronde,
            aanbieder=make_aanbieder(),
            producten=[],
            aanvullend_aanbod="x",
            datum=D(2026, 9, 2),
        )
    assert err.value.code == "producten_ontbreken"
    with pytest.raises(ValidationFailed) as err:
        services.aanmelding_indienen(
            door=systeem,
            ronde=ronde,
            aanbieder=make_aanbieder(),
            producten=[other],
            aanvullend_aanbod="x",
            datum=D(2026, 9, 2),
        )
    assert err.value.code == "product_ander_model"


def test_second_application_in_same_round_refused(systeem, ronde, make_aanbieder, p01):
    nieuw = make_aanbieder()
    services.aanmelding_indienen(
        door=systeem, ronde=ronde, aanbieder=nieuw, producten=[p01], aanvullend_aanbod="x", datum=D(2026, 9, 2)
    )
    with pytest.raises(ValidationFailed) as err:
        services.aanmelding_indienen(
            door=systeem, ronde=ronde, aanbieder=nieuw, producten=[p01], aanvullend_aanbod="x", datum=D(2026, 9, 3)
        )
    assert err.value.code == "al_aangemeld"


@pytest.fixture
def aanmelding(systeem, ronde, make_aanbieder, p01, p02, eisen):
    return services.aanmelding_indienen(
        door=systeem,
        ronde=ronde,
        aanbieder=make_aanbieder("Nieuwkomer"),
        producten=[p01, p02],
        aanvullend_aanbod="Behandeling aan huis in de avond",
        datum=D(2026, 9, 15),
    )


def _all_met(eisen):
    return [{"kwaliteitseis": e, "voldaan": True, "notitie": "in orde"} for e in eisen]


def test_admission_creates_agreement_from_round_start(aanmelding, eisen, contractmanager, p01, p02):
    services.aanmelding_beoordelen(aanmelding=aanmelding, beoordelingen=_all_met(eisen), door=contractmanager)
    services.aanmelding_aanvullend_oordeel(
        aanmelding=aanmelding, aangetoond=True, toelichting="Vult avondaanbod aan", door=contractmanager
    )
    a = services.aanmelding_besluiten(aanmelding=aanmelding, toelaten=True, door=contractmanager)
    assert a.status == "toegelaten" and a.raamovereenkomst is not None
    o = a.raamovereenkomst
    assert o.ingangsdatum == D(2027, 1, 1) and o.einddatum == D(2028, 12, 31)
    assert not selectors.is_gecontracteerd(aanbieder=a.aanbieder, product=p01, datum=D(2026, 12, 31))
    assert selectors.is_gecontracteerd(aanbieder=a.aanbieder, product=p02, datum=D(2027, 1, 1))
    statuses = list(AanmeldingHistorie.objects.filter(aanmelding=a).values_list("naar_status", flat=True))
    assert statuses == ["ingediend", "in_beoordeling", "toegelaten"]
    assert AanmeldingHistorie.objects.filter(aanmelding=a, naar_status="toegelaten").get().door == contractmanager


def test_admission_refused_when_requirement_not_met_or_unassessed(aanmelding, eisen, contractmanager):
    services.aanmelding_beoordelen(
        aanmelding=aanmelding,
        beoordelingen=[{"kwaliteitseis": eisen[0], "voldaan": False, "notitie": "Geen SKJ-registratie"}],
        door=contractmanager,
    )
    services.aanmelding_aanvullend_oordeel(
        aanmelding=aanmelding, aangetoond=True, toelichting="ok", door=contractmanager
    )
    with pytest.raises(ValidationFailed) as err:
        services.aanmelding_besluiten(aanmelding=aanmelding, toelaten=True, door=contractmanager)
    codes = {p.code for p in err.value.problems}
    assert codes == {"eis_niet_voldaan", "eis_niet_beoordeeld"}
    assert "Geen SKJ-registratie" in err.value.message
    assert not Raamovereenkomst.objects.exists()
    assert Aanmelding.objects.get().status == "in_beoordeling"


def test_newcomer_not_admitted_without_positive_judgement(aanmelding, eisen, contractmanager):
    services.aanmelding_beoordelen(aanmelding=aanmelding, beoordelingen=_all_met(eisen), door=contractmanager)
    with pytest.raises(ValidationFailed) as err:
        services.aanmelding_besluiten(aanmelding=aanmelding, toelaten=True, door=contractmanager)
    assert err.value.code == "aanvullend_niet_aangetoond"
    services.aanmelding_aanvullend_oordeel(
        aanmelding=aanmelding, aangetoond=False, toelichting="Zelfde als bestaand aanbod", door=contractmanager
    )
    with pytest.raises(ValidationFailed) as err:
        services.aanmelding_besluiten(aanmelding=aanmelding, toelaten=True, door=contractmanager)
    assert err.value.code == "aanvullend_niet_aangetoond"
    assert not Raamovereenkomst.objects.exists()


def test_judgement_needs_explanation(aanmelding, contractmanager):
    with pytest.raises(ValidationFailed) as err:
        services.aanmelding_aanvullend_oordeel(
            aanmelding=aanmelding, aangetoond=True, toelichting=" ", door=contractmanager
        )
    assert err.value.code == "toelichting_ontbreekt"
    aanmelding.refresh_from_db()
    assert aanmelding.aanvullend_oordeel is None


def test_not_met_needs_note(aanmelding, eisen, contractmanager):
    with pytest.raises(ValidationFailed) as err:
        services.aanmelding_beoordelen(
            aanmelding=aanmelding, beoordelingen=[{"kwaliteitseis": eisen[0], "voldaan": False}], door=contractmanager
        )
    assert err.value.code == "notitie_ontbreekt"
    assert not aanmelding.beoordelingen.exists()
    assert Aanmelding.objects.get().status == "ingediend"


def test_rejection_needs_reasons_and_is_final(aanmelding, eisen, contractmanager):
    services.aanmelding_beoordelen(aanmelding=aanmelding, beoordelingen=_all_met(eisen), door=contractmanager)
    with pytest.raises(ValidationFailed) as err:
        services.aanmelding_besluiten(aanmelding=aanmelding, toelaten=False, reden="", door=contractmanager)
    assert err.value.code == "reden_ontbreekt"
    a = services.aanmelding_besluiten(
        aanmelding=aanmelding, toelaten=False, reden="Geen aanvulling", door=contractmanager
    )
    assert a.status == "afgewezen" and a.besluit_reden == "Geen aanvulling"
    with pytest.raises(ValidationFailed) as err:
        services.aanmelding_besluiten(aanmelding=aanmelding, toelaten=True, door=contractmanager)
    assert err.value.code == "niet_in_beoordeling"
    with pytest.raises(Conflict) as err:
        services.aanmelding_intrekken(aanmelding=aanmelding, door=contractmanager)
    assert err.value.code == "ongeldige_overgang"


def test_admission_of_contracted_provider_adds_products(
    systeem, ronde, overeenkomst, aanbieder, p02, eisen, contractmanager
):
    services.raamovereenkomst_verlengen(door=systeem, overeenkomst=overeenkomst, besloten_op=D(2025, 6, 1))
    services.raamovereenkomst_verlengen(
        door=systeem, overeenkomst=overeenkomst, besloten_op=D(2026, 6, 1)
    )  # to 2027-12-31
    a = services.aanmelding_indienen(
        door=systeem, ronde=ronde, aanbieder=aanbieder, producten=[p02], datum=D(2026, 9, 10)
    )
    services.aanmelding_beoordelen(aanmelding=a, beoordelingen=_all_met(eisen), door=contractmanager)
    a = services.aanmelding_besluiten(aanmelding=a, toelaten=True, door=contractmanager)
    assert a.raamovereenkomst == overeenkomst and Raamovereenkomst.objects.count() == 1
    assert not selectors.is_gecontracteerd(aanbieder=aanbieder, product=p02, datum=D(2026, 12, 31))
    assert selectors.is_gecontracteerd(aanbieder=aanbieder, product=p02, datum=D(2027, 1, 1))
    assert overeenkomst.historie.last().gebeurtenis == "producten_toegevoegd"


# --- agreements ------------------------------------------------------------------------------


def test_agreement_terms_default_to_procedure(overeenkomst):
    assert overeenkomst.initiele_einddatum == D(2025, 12, 31) == overeenkomst.einddatum
    assert overeenkomst.verlengopties == 2 and overeenkomst.verlengduur_maanden == 12
    assert overeenkomst.maximale_einddatum == D(2027, 12, 31)
    assert overeenkomst.omzetgarantie is False
    h = overeenkomst.historie.get()
    assert h.gebeurtenis == "aangemaakt" and h.gegevens["producten"] == ["P01-P"]


def test_extensions_twice_then_no_options_left(systeem, overeenkomst, contractmanager):
    services.raamovereenkomst_verlengen(overeenkomst=overeenkomst, besloten_op=D(2025, 10, 1), door=contractmanager)
    services.raamovereenkomst_verlengen(overeenkomst=overeenkomst, besloten_op=D(2026, 12, 31), door=contractmanager)
    overeenkomst.refresh_from_db()
    assert overeenkomst.einddatum == D(2027, 12, 31) and overeenkomst.verlengingen_gebruikt == 2
    with pytest.raises(ValidationFailed) as err:
        services.raamovereenkomst_verlengen(door=systeem, overeenkomst=overeenkomst, besloten_op=D(2027, 1, 1))
    assert err.value.code == "geen_verlengopties"
    assert "Alle 2 verlengopties" in err.value.message
    overeenkomst.refresh_from_db()
    assert overeenkomst.einddatum == D(2027, 12, 31)
    hist = list(overeenkomst.historie.values_list("gebeurtenis", "einddatum", "door"))
    assert hist == [
        ("aangemaakt", D(2025, 12, 31), systeem.pk),  # the fixture's agreement: made by the system actor
        ("verlengd", D(2026, 12, 31), contractmanager.pk),
        ("verlengd", D(2027, 12, 31), contractmanager.pk),
    ]


def test_extension_after_end_date_refused(systeem, overeenkomst):
    with pytest.raises(ValidationFailed) as err:
        services.raamovereenkomst_verlengen(door=systeem, overeenkomst=overeenkomst, besloten_op=D(2026, 1, 1))
    assert err.value.code == "verlenging_na_einddatum"
    assert "uiterlijk op de einddatum (31-12-2025)" in err.value.message
    overeenkomst.refresh_from_db()
    assert overeenkomst.einddatum == D(2025, 12, 31) and overeenkomst.verlengingen_gebruikt == 0
    assert overeenkomst.historie.count() == 1


@pytest.mark.parametrize(
    "start",
    [D(2024, 1, 1), D(2025, 12, 31), D(2023, 6, 1), D(2024, 6, 1)],
)
def test_overlapping_agreements_refused(systeem, overeenkomst, aanbieder, ijsselland, p01, start):
    with pytest.raises(ValidationFailed) as err:
        services.raamovereenkomst_create(
            door=systeem, aanbieder=aanbieder, inkoopmodel=ijsselland, producten=[p01], ingangsdatum=start
        )
    assert err.value.code == "overeenkomsten_overlappen"
    assert "overlapt" in err.value.message
    assert Raamovereenkomst.objects.count() == 1
    assert OvereenkomstHistorie.objects.count() == 1


def test_adjacent_agreement_allowed_and_other_provider_unaffected(
    systeem, overeenkomst, aanbieder, make_aanbieder, ijsselland, p01
):
    services.raamovereenkomst_create(
        door=systeem, aanbieder=aanbieder, inkoopmodel=ijsselland, producten=[p01], ingangsdatum=D(2026, 1, 1)
    )
    services.raamovereenkomst_create(
        door=systeem, aanbieder=make_aanbieder(), inkoopmodel=ijsselland, producten=[p01], ingangsdatum=D(2024, 1, 1)
    )
    assert Raamovereenkomst.objects.count() == 3


def test_extension_into_next_agreement_refused(systeem, overeenkomst, aanbieder, ijsselland, p01):
    services.raamovereenkomst_create(
        door=systeem, aanbieder=aanbieder, inkoopmodel=ijsselland, producten=[p01], ingangsdatum=D(2026, 1, 1)
    )
    with pytest.raises(ValidationFailed) as err:
        services.raamovereenkomst_verlengen(door=systeem, overeenkomst=overeenkomst, besloten_op=D(2025, 6, 1))
    assert err.value.code == "overeenkomsten_overlappen"


def test_database_refuses_overlap_without_the_service(overeenkomst, aanbieder, ijsselland):
    with pytest.raises(IntegrityError), transaction.atomic():
        Raamovereenkomst.objects.create(
            aanbieder=aanbieder,
            inkoopmodel=ijsselland,
            ingangsdatum=D(2025, 1, 1),
            initiele_einddatum=D(2026, 12, 31),
            einddatum=D(2026, 12, 31),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Raamovereenkomst.objects.filter(pk=overeenkomst.pk).update(verlengingen_gebruikt=3)


def test_agreement_needs_products_of_its_model(systeem, aanbieder, ijsselland, reference_models):
    from uitkomst.catalogus.models import Product

    other = Product.objects.exclude(inkoopmodel=ijsselland).first()
    with pytest.raises(ValidationFailed) as err:
        services.raamovereenkomst_create(
            door=systeem, aanbieder=aanbieder, inkoopmodel=ijsselland, producten=[other], ingangsdatum=D(2024, 1, 1)
        )
    assert err.value.code == "product_ander_model"
    with pytest.raises(ValidationFailed) as err:
        services.raamovereenkomst_create(
            door=systeem, aanbieder=aanbieder, inkoopmodel=ijsselland, producten=[], ingangsdatum=D(2024, 1, 1)
        )
    assert err.value.code == "producten_ontbreken"
    with pytest.raises(ValidationFailed) as err:
        services.raamovereenkomst_create(
            door=systeem,
            aanbieder=aanbieder,
            inkoopmodel=ijsselland,
            producten=[ijsselland.producten.first()],
            ingangsdatum=D(2017, 1, 1),
        )
    assert err.value.code == "buiten_model"
    assert not Raamovereenkomst.objects.exists()


def test_suspension_and_termination_need_reason(systeem, overeenkomst):
    with pytest.raises(ValidationFailed) as err:
        services.raamovereenkomst_opschorten(door=systeem, overeenkomst=overeenkomst, per=D(2024, 5, 1), reden="")
    assert err.value.code == "reden_ontbreekt"
    with pytest.raises(ValidationFailed) as err:
        services.raamovereenkomst_beeindigen(door=systeem, overeenkomst=overeenkomst, per=D(2024, 5, 1), reden=" ")
    assert err.value.code == "reden_ontbreekt"
    with pytest.raises(ValidationFailed) as err:
        services.raamovereenkomst_beeindigen(door=systeem, overeenkomst=overeenkomst, per=D(2026, 5, 1), reden="x")
    assert err.value.code == "datum_buiten_looptijd"
    overeenkomst.refresh_from_db()
    assert overeenkomst.status == "actief" and overeenkomst.historie.count() == 1


def test_terminated_agreement_cannot_change(systeem, overeenkomst):
    services.raamovereenkomst_beeindigen(
        door=systeem, overeenkomst=overeenkomst, per=D(2024, 12, 31), reden="Faillissement"
    )
    overeenkomst.refresh_from_db()
    assert overeenkomst.status == "beeindigd" and overeenkomst.einddatum == D(2024, 12, 31)
    assert overeenkomst.historie.last().gegevens["vorigeEinddatum"] == "2025-12-31"
    with pytest.raises(ValidationFailed) as err:
        services.raamovereenkomst_verlengen(door=systeem, overeenkomst=overeenkomst, besloten_op=D(2024, 6, 1))
    assert err.value.code == "overeenkomst_beeindigd"
    with pytest.raises(Conflict) as err:
        services.raamovereenkomst_opschorten(door=systeem, overeenkomst=overeenkomst, per=D(2024, 6, 1), reden="x")
    assert err.value.code == "ongeldige_overgang"


def test_history_is_append_only(overeenkomst):
    h = overeenkomst.historie.get()
    h.toelichting = "gewijzigd"
    with pytest.raises(RuntimeError):
        h.save()
    with pytest.raises(RuntimeError):
        h.delete()
    assert OvereenkomstHistorie.objects.get().toelichting == ""


# --- subcontracting --------------------------------------------------------------------------


def test_subcontractor_equal_to_main_provider_refused(systeem, overeenkomst, aanbieder):
    with pytest.raises(ValidationFailed) as err:
        services.onderaanneming_melden(
            door=systeem, overeenkomst=overeenkomst, onderaannemer=aanbieder, van=D(2024, 2, 1)
        )
    assert err.value.code == "onderaannemer_is_hoofdaanbieder"
    assert "eigen onderaannemer" in err.value.message
    with pytest.raises(ValidationFailed) as err:
        services.onderaanneming_melden(
            door=systeem, overeenkomst=overeenkomst, naam="Zelfde", kvk_nummer=aanbieder.kvk_nummer, van=D(2024, 2, 1)
        )
    assert err.value.code == "onderaannemer_is_hoofdaanbieder"
    assert not Onderaanneming.objects.exists()
    assert overeenkomst.historie.count() == 1


def test_database_refuses_main_provider_as_subcontractor(overeenkomst, aanbieder):
    with pytest.raises(IntegrityError), transaction.atomic():
        Onderaanneming.objects.create(
            raamovereenkomst=overeenkomst,
            hoofdaanbieder=aanbieder,
            onderaannemer=aanbieder,
            naam="x",
            van=D(2024, 2, 1),
        )


def test_subcontractors_contracted_or_not(systeem, overeenkomst, make_aanbieder):
    other = make_aanbieder("Specialist")
    services.onderaanneming_melden(door=systeem, overeenkomst=overeenkomst, onderaannemer=other, van=D(2024, 2, 1))
    services.onderaanneming_melden(
        door=systeem, overeenkomst=overeenkomst, naam="Praktijk Klein", kvk_nummer="11223344", van=D(2024, 2, 1)
    )
    assert overeenkomst.onderaannemingen.count() == 2
    with pytest.raises(ValidationFailed) as err:
        services.onderaanneming_melden(
            door=systeem, overeenkomst=overeenkomst, naam="Y", kvk_nummer="12", van=D(2024, 2, 1)
        )
    assert err.value.code == "kvk_ongeldig"
    assert list(overeenkomst.historie.values_list("gebeurtenis", flat=True)).count("onderaannemer_gemeld") == 2
