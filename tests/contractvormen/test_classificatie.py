"""Classification rules: archetypes and source models classify as themselves; each consistency rule."""

import pytest

from uitkomst.contractvormen import classificatie as c

# Answers as we read them from the descriptions in document 001 (archetypes), 000 (direction 3)
# and the models of documents 002-004. Written here independently of the data file.
BRONGEVALLEN = [
    # 001 AWBZ'tje: hours/day-parts with old product codes, only incumbent providers, municipality
    # assesses like the CIZ, provider coordinates and delivers; clients keep their provider.
    (
        "awbztje",
        {
            "regie": "gedeeld",
            "bekostiging": "inspanning",
            "aanbieders": "beperkt",
            "scope": "product",
            "kiest_aanbieder": "client",
            "bepaalt_inhoud": "gemeente",
        },
    ),
    # 001 Wijkgericht: one provider per district with a budget for all care, judged on outcomes, much freedom.
    (
        "wijkgericht",
        {
            "regie": "aanbieder",
            "bekostiging": "populatie",
            "aanbieders": "hoofdaannemer",
            "scope": "integraal",
            "kiest_aanbieder": "gemeente",
            "bepaalt_inhoud": "aanbieder",
        },
    ),
    # 001 Regisseursmodel: municipal director, catalogue of interventions with many providers, free choice.
    (
        "regisseursmodel",
        {
            "regie": "gemeente",
            "bekostiging": "resultaat",
            "aanbieders": "open",
            "scope": "product",
            "kiest_aanbieder": "client",
            "bepaalt_inhoud": "gemeente",
        },
    ),
    # 001 Regisseursmodel variant: provisions bought as arrangements / client-following budgets.
    (
        "regisseursmodel",
        {
            "regie": "gemeente",
            "bekostiging": "clientvolgend_budget",
            "aanbieders": "open",
            "scope": "arrangement",
            "kiest_aanbieder": "client",
            "bepaalt_inhoud": "gemeente",
        },
    ),
    # 001 Veilingmodel: qualified providers underbid per client; the lowest bid gets the client.
    (
        "veilingmodel",
        {
            "regie": "gemeente",
            "bekostiging": "inspanning",
            "aanbieders": "beperkt",
            "scope": "product",
            "kiest_aanbieder": "gemeente",
            "bepaalt_inhoud": "gemeente",
        },
    ),
    # 002/003 IJsselland 2018: profiles x intensities, trajectory tariff, one responsible provider,
    # client choice, every qualifying provider may contract.
    (
        "profielmodel",
        {
            "regie": "gedeeld",
            "bekostiging": "resultaat",
            "aanbieders": "open",
            "scope": "arrangement",
            "kiest_aanbieder": "client",
            "bepaalt_inhoud": "aanbieder",
        },
    ),
    # 002 IJsselland 2015-2017: continuation of the old contracts (PxQ).
    (
        "awbztje",
        {
            "regie": "gedeeld",
            "bekostiging": "inspanning",
            "aanbieders": "beperkt",
            "scope": "product",
            "kiest_aanbieder": "client",
            "bepaalt_inhoud": "gemeente",
        },
    ),
    # 004 West-Brabant West: fixed amount per child per arrangement; the provider composes the arrangement.
    (
        "profielmodel",
        {
            "regie": "onbekend",
            "bekostiging": "resultaat",
            "aanbieders": "onbekend",
            "scope": "arrangement",
            "kiest_aanbieder": "onbekend",
            "bepaalt_inhoud": "aanbieder",
        },
    ),
    # 004 Rotterdam Rijnmond: the district team is commissioner and case director, sets result, intensity and
    # term; weekly tariff; client and team choose one provider.
    (
        "regisseursmodel",
        {
            "regie": "gemeente",
            "bekostiging": "resultaat",
            "aanbieders": "onbekend",
            "scope": "arrangement",
            "kiest_aanbieder": "client",
            "bepaalt_inhoud": "gemeente",
        },
    ),
]


@pytest.mark.parametrize(("verwacht", "antwoorden"), BRONGEVALLEN)
def test_source_cases_classify_as_themselves(verwacht, antwoorden):
    result = c.classificeer(antwoorden)
    assert result.archetype == verwacht, result.afstanden


@pytest.mark.parametrize("code", list(c.archetypen()))
def test_every_archetype_prototype_is_itself_at_distance_zero(code):
    result = c.classificeer(c.archetypen()[code]["antwoorden"])
    assert result.archetype == code
    assert result.afstanden[code] == 0.0


def test_quadrants_of_document_000():
    assert c.kwadrant({"kiest_aanbieder": "client", "bepaalt_inhoud": "gemeente"}) == "productenboek"
    assert c.kwadrant({"kiest_aanbieder": "client", "bepaalt_inhoud": "aanbieder"}) == "profielen"
    assert c.kwadrant({"kiest_aanbieder": "gemeente", "bepaalt_inhoud": "aanbieder"}) == "partners"
    assert c.kwadrant({"kiest_aanbieder": "gemeente", "bepaalt_inhoud": "gemeente"}) == "toewijzing"
    assert c.kwadrant({"kiest_aanbieder": "onbekend", "bepaalt_inhoud": "gemeente"}) is None
    info = c.kwadrant_info("profielen")
    assert len(info["vragen"]) == 5 and info["omschrijving"]


def test_position_corners_of_the_framework():
    awbz = c.positie(c.archetypen()["awbztje"]["antwoorden"])
    wijk = c.positie(c.archetypen()["wijkgericht"]["antwoorden"])
    assert awbz["x"] == 0.0 and awbz["y"] > 0.5  # upper left
    assert wijk == {"x": 1.0, "y": 0.0}  # bottom right
    assert c.positie(dict.fromkeys(c.SLEUTELS, "onbekend")) == {"x": None, "y": None}


def test_too_little_known_gives_no_archetype():
    result = c.classificeer({"regie": "gemeente", "bekostiging": "resultaat"})
    assert result.archetype is None
    assert result.antwoorden["scope"] == "onbekend"


def test_every_archetype_has_four_perspectives_with_marked_origin():
    for code in c.archetypen():
        info = c.archetype_info(code)
        assert [p["code"] for p in info["perspectieven"]] == [
            "client",
            "gemeente",
            "grote_aanbieder",
            "kleine_aanbieder",
        ]
        points = [pt for p in info["perspectieven"] for pt in p["punten"]]
        assert points and all(pt["herkomst"] in ("bron", "eigen") for pt in points)
    # the source gives pros and cons for AWBZ'tje, wijkgericht and regisseursmodel, none for the veilingmodel
    assert all(
        pt["herkomst"] == "eigen" for p in c.archetype_info("veilingmodel")["perspectieven"] for pt in p["punten"]
    )
    assert any(pt["herkomst"] == "bron" for p in c.archetype_info("wijkgericht")["perspectieven"] for pt in p["punten"])


BASIS = {
    "regie": "gemeente",
    "bekostiging": "resultaat",
    "aanbieders": "open",
    "scope": "arrangement",
    "kiest_aanbieder": "client",
    "bepaalt_inhoud": "gemeente",
}


def codes(antwoorden=None, **kwargs):
    return {w["code"] for w in c.waarschuwingen({**BASIS, **(antwoorden or {})}, **kwargs)}


def test_consistent_form_has_no_warnings():
    assert codes() == set()


def test_rule_population_funding_with_open_entry():
    assert "populatie_open" in codes({"bekostiging": "populatie", "aanbieders": "open"})
    assert "populatie_open" not in codes({"bekostiging": "populatie", "aanbieders": "hoofdaannemer"})


def test_rule_population_funding_with_narrow_product():
    assert "populatie_smalle_scope" in codes({"bekostiging": "populatie", "scope": "product"})


def test_rule_provider_coordinates_but_contract_is_a_narrow_product():
    assert "regie_aanbieder_smal_product" in codes({"regie": "aanbieder", "scope": "product"})
    assert "regie_aanbieder_smal_product" not in codes({"regie": "aanbieder", "scope": "integraal"})


def test_rule_director_employed_by_delivering_provider():
    assert "regisseur_niet_onafhankelijk" in codes(regisseur_bij_aanbieder=True)
    assert "regisseur_niet_onafhankelijk" not in codes(regisseur_bij_aanbieder=False)


@pytest.mark.parametrize("procedure", ["bestuurlijk_aanbesteden", "zeeuws_model"])
def test_rule_non_competitive_procedure_with_main_contractor(procedure):
    found = c.waarschuwingen({**BASIS, "aanbieders": "hoofdaannemer"}, procedure=procedure)
    w = next(w for w in found if w["code"] == "procedure_niet_competitief_hoofdaannemer")
    assert c.procedures()[procedure]["label"] in w["melding"] and w["herkomst"] == "bron"
    assert "procedure_niet_competitief_hoofdaannemer" not in codes(procedure=procedure)


def test_rule_competitive_tender_with_open_entry():
    assert "procedure_competitief_open" in codes(procedure="europees_openbaar")
    assert "procedure_competitief_open" not in codes({"aanbieders": "beperkt"}, procedure="europees_openbaar")


def test_rule_main_contractor_but_client_chooses():
    assert "hoofdaannemer_client_kiest" in codes({"aanbieders": "hoofdaannemer"})


def test_rule_population_funding_but_client_chooses():
    assert "populatie_client_kiest" in codes({"bekostiging": "populatie", "aanbieders": "beperkt"})


def test_direction_of_change_follows_the_trends():
    oud = c.archetypen()["awbztje"]["antwoorden"]
    assert {r["code"] for r in c.richting(oud, c.archetypen()["profielmodel"]["antwoorden"])} >= {"rechts"}
    assert {r["code"] for r in c.richting(oud, c.archetypen()["wijkgericht"]["antwoorden"])} == {"rechts", "omlaag"}
    assert {r["code"] for r in c.richting(oud, c.archetypen()["regisseursmodel"]["antwoorden"])} == {"rechts", "omhoog"}
    assert [r["code"] for r in c.richting(oud, oud)] == ["gelijk"]


def test_similarity_is_symmetric_and_one_for_equal_forms():
    a, b = c.archetypen()["awbztje"]["antwoorden"], c.archetypen()["profielmodel"]["antwoorden"]
    assert c.gelijkenis(a, a) == 1.0
    assert c.gelijkenis(a, b) == c.gelijkenis(b, a) < 1.0
