"""One vocabulary of procurement procedures and laws, shared by contracting and the contract-form
analysis; the form derived from a purchasing model carries the procedure of its real contract."""

import datetime as dt

import pytest
import yaml

from uitkomst.catalogus import vocabulaire
from uitkomst.catalogus.models import Inkoopmodel, Wet
from uitkomst.contractering import services as contractering
from uitkomst.contractering.models import OPEN_PROCEDURES, Inkoopprocedure, Kwaliteitseis, Procedure
from uitkomst.contractvormen import classificatie, selectors, services
from uitkomst.contractvormen.models import PROCEDURE_CHOICES, Contractvorm, Wetgebied
from uitkomst.contractvormen.services import BIBLIOTHEEK


def test_one_list_of_procedures_for_both_apps():
    codes = list(vocabulaire.procedures())
    assert classificatie.procedures() is vocabulaire.procedures()
    assert [c for c, _ in PROCEDURE_CHOICES] == codes  # the contract form: every procedure, 'onbekend' too
    assert Procedure.values == [c for c in codes if c != "onbekend"]  # a real contract: a known procedure
    assert set(OPEN_PROCEDURES) == {"sociaal_contracteren", "bestuurlijk_aanbesteden", "zeeuws_model", "open_house"}
    assert Procedure.EUROPEES_OPENBAAR.label == "Europese openbare aanbesteding"
    field = Inkoopprocedure._meta.get_field("soort")
    assert field.choices == Procedure.choices and Contractvorm._meta.get_field("procedure").choices == PROCEDURE_CHOICES


def test_every_procedure_says_where_it_fits():
    for code, p in vocabulaire.procedures().items():
        assert set(p) == {"label", "competitief", "open_toetreding", "helft", "contractering", "omschrijving"}, code
        assert p["helft"] == {False: "boven", True: "onder", None: None}[p["competitief"]], code
        assert not (p["open_toetreding"] and p["competitief"]), code


def test_one_list_of_laws():
    assert Wet.choices == [("jeugdwet", "Jeugdwet"), ("wmo", "Wmo 2015")]
    assert Wetgebied.choices == [*Wet.choices, ("beide", "Jeugdwet en Wmo")]
    for model in (Inkoopmodel, Kwaliteitseis):
        assert model._meta.get_field("wet").choices == Wet.choices
    assert Contractvorm._meta.get_field("wet").choices == Wetgebied.choices


def test_the_library_uses_only_known_codes():
    data = yaml.safe_load(BIBLIOTHEEK.read_text(encoding="utf-8"))
    items = data["contractvormen"] if isinstance(data, dict) else data
    assert {i.get("procedure") or "onbekend" for i in items} <= set(vocabulaire.procedures())
    assert {i["wet"] for i in items} <= set(Wetgebied.values)


@pytest.mark.django_db
def test_derived_form_carries_the_procedure_of_the_real_contract(ijsselland, systeem):
    cv = services.contractvorm_uit_inkoopmodel(inkoopmodel=ijsselland, door=systeem)
    assert cv.procedure == "onbekend" and "geen inkoopprocedure" in cv.toelichting
    contractering.inkoopprocedure_create(
        inkoopmodel=ijsselland, soort="sociaal_contracteren", naam="Sociaal contracteren 2017", door=systeem,
        fasen=[("Dialoog", dt.date(2017, 5, 1), dt.date(2017, 6, 30))],
    )  # fmt: skip
    cv = services.contractvorm_uit_inkoopmodel(inkoopmodel=ijsselland, door=systeem)
    assert cv.procedure == "sociaal_contracteren" and "Sociaal contracteren 2017" in cv.toelichting
    assert cv.classificatie().waarschuwingen == []  # open admission with open contracting: consistent


@pytest.mark.django_db
def test_a_competitive_procedure_without_contracts_means_a_selection(ijsselland, systeem):
    contractering.inkoopprocedure_create(
        inkoopmodel=ijsselland, soort="niet_openbaar", naam="Niet-openbare aanbesteding", door=systeem,
        toetredingsmomenten_per_jaar=0,
    )  # fmt: skip
    antwoorden, uitleg = selectors.antwoorden_uit_inkoopmodel(inkoopmodel=ijsselland)
    assert antwoorden["aanbieders"] == "beperkt" and "Niet-openbare aanbesteding" in uitleg["aanbieders"]
    assert selectors.procedure_uit_inkoopmodel(inkoopmodel=ijsselland)[0] == "niet_openbaar"
