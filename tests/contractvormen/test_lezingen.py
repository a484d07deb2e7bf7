"""Confirmed readings as labelled data (pages and API), the evaluation command, and the provider's
portfolio over the real provider of contracting."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from uitkomst.contractering import services as contractering
from uitkomst.contractvormen import evaluatie, services
from uitkomst.contractvormen.models import Contractvorm, Portfolioregel, Tekstlezing
from uitkomst.utils.errors import NotAllowed, ValidationFailed

from .helpers import fixture_text

pytestmark = pytest.mark.django_db

KOP = {"naam": "Jeugdhulp 2019", "gebied": "Noorderweide", "wet": "jeugdwet", "jaar": 2019}


def camel(d):
    return {{"kiest_aanbieder": "kiestAanbieder", "bepaalt_inhoud": "bepaaltInhoud"}.get(k, k): v for k, v in d.items()}


# --- pages ---------------------------------------------------------------------------------------------------


def test_read_page_highlights_evidence_per_answer_with_its_section(client, contractmanager):
    client.force_login(contractmanager)
    f = SimpleUploadedFile("inkoop.txt", fixture_text("profielmodel").encode())
    r = client.post("/contractvormen/lezen", {"bestand": f})
    html = r.content.decode()
    assert r.status_code == 200
    assert html.count('<mark class="cv-bewijs"') >= 5
    assert 'data-vragen="bekostiging' in html and "(in 2. Bekostiging)" in html
    assert '<strong class="cv-kop">2. Bekostiging</strong>' in html
    assert 'href="#bewijs-1"' in html
    lezing = Tekstlezing.objects.get()
    assert lezing.contractvorm is None and lezing.tekst.startswith("Inkoopdocument jeugdhulp")


def test_read_page_marks_a_derived_answer(client, contractmanager):
    client.force_login(contractmanager)
    r = client.post("/contractvormen/lezen", {"tekst": "Per wijk sluit de gemeente een contract met één consortium."})
    html = r.content.decode()
    assert r.context["antwoorden"]["kiest_aanbieder"] == "gemeente"
    rij = html[html.index('id="vraag-kiest_aanbieder"') :]
    rij = rij[: rij.index("</tr>")]
    assert 'class="cv-afgeleid"' in rij and "hoofdaannemer_gemeente_kiest" in rij
    rij = html[html.index('id="vraag-aanbieders"') :]
    assert 'class="cv-afgeleid"' not in rij[: rij.index("</tr>")]


def test_confirm_on_the_page_keeps_answers_and_corrections_as_labelled_data(client, contractmanager):
    client.force_login(contractmanager)
    r = client.post("/contractvormen/lezen", {"tekst": fixture_text("awbztje")})
    voorstel = r.context["antwoorden"]
    gekozen = {**voorstel, "kiest_aanbieder": "gemeente"}
    token = r.context["lezing_token"]
    r = client.post("/contractvormen/opslaan", {"lezing": token, **KOP, **gekozen})
    assert r.status_code == 302
    lezing = Tekstlezing.objects.get()
    assert lezing.contractvorm.kiest_aanbieder == "gemeente" and lezing.antwoorden == gekozen
    assert [(c.sleutel, c.voorgesteld, c.gekozen) for c in lezing.correcties.all()] == [
        ("kiest_aanbieder", "client", "gemeente")
    ]
    # a reading is confirmed once
    r = client.post("/contractvormen/opslaan", {"lezing": token, **KOP, **gekozen})
    assert r.status_code == 400 and "al bevestigd" in r.content.decode()
    assert Contractvorm.objects.count() == 1


def test_confirming_twice_is_refused(systeem, contractmanager):
    lezing = services.tekstlezing_create(
        lezing=services.tekst_lezen(data=b"De ouders kiezen zelf."), door=contractmanager
    )
    antwoorden = {**dict.fromkeys(KEYS, "onbekend"), "kiest_aanbieder": "client"}
    services.tekstlezing_bevestigen(tekstlezing=lezing, antwoorden=antwoorden, **KOP, door=contractmanager)
    with pytest.raises(ValidationFailed) as exc:
        services.tekstlezing_bevestigen(tekstlezing=lezing, antwoorden=antwoorden, **KOP, door=contractmanager)
    assert exc.value.code == "lezing_al_bevestigd"
    assert Contractvorm.objects.count() == 1


KEYS = ("regie", "bekostiging", "aanbieders", "scope", "kiest_aanbieder", "bepaalt_inhoud")


def test_a_reader_without_the_right_cannot_keep_a_reading(make_user, zwolle):
    fin = make_user("fin", "gemeente-financien", gemeente=zwolle)
    with pytest.raises(NotAllowed):
        services.tekstlezing_create(lezing=services.tekst_lezen(data=b"tekst"), door=fin)
    assert not Tekstlezing.objects.exists()


# --- API -----------------------------------------------------------------------------------------------------


def test_api_confirms_a_reading_and_corrects_it_later(api_client, contractmanager):
    api_client.force_authenticate(contractmanager)
    proposal = api_client.post(
        "/api/v1/contractvormen/lees-tekst", {"tekst": fixture_text("wijkgericht")}, format="json"
    ).json()
    gekozen = {**proposal["antwoorden"], "kiestAanbieder": "gemeente", "bepaaltInhoud": "aanbieder"}
    f = SimpleUploadedFile("kreekdorp.txt", fixture_text("wijkgericht").encode())
    r = api_client.post(
        "/api/v1/contractvormen/lezingen",
        {"bestand": f, "antwoorden": json.dumps(gekozen), **KOP},
        format="multipart",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["bestandsnaam"] == "kreekdorp.txt" and body["tekst"].startswith("Aanbestedingsdocument")
    assert body["antwoorden"]["kiestAanbieder"] == "gemeente" and body["contractvorm"]
    # correct one answer later: kept as a correction, the contract form follows
    r = api_client.patch(
        f"/api/v1/contractvormen/lezingen/{body['uuid']}",
        {"antwoorden": {**gekozen, "regie": "gedeeld"}},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert {"sleutel": "regie", "voorgesteld": "aanbieder", "gekozen": "gedeeld"} in r.json()["correcties"]
    assert Contractvorm.objects.get(uuid=body["contractvorm"]).regie == "gedeeld"
    listed = api_client.get("/api/v1/contractvormen/lezingen").json()
    assert [x["uuid"] for x in listed] == [body["uuid"]]


def test_api_confirm_with_a_bad_answer_saves_nothing(api_client, contractmanager):
    api_client.force_authenticate(contractmanager)
    r = api_client.post(
        "/api/v1/contractvormen/lezingen",
        {"tekst": "De ouders kiezen zelf.", "antwoorden": {"regie": "koning"}, **KOP},
        format="json",
    )
    assert r.status_code == 400 and r.json()["code"] in {"antwoord_ontbreekt", "waarde_onbekend"}
    assert not Tekstlezing.objects.exists() and not Contractvorm.objects.exists()


def test_api_readings_need_the_right(api_client, make_user, zwolle):
    api_client.force_authenticate(make_user("fin", "gemeente-financien", gemeente=zwolle))
    assert api_client.get("/api/v1/contractvormen/lezingen").status_code == 403
    r = api_client.post("/api/v1/contractvormen/lezingen", {"tekst": "x", **KOP}, format="json")
    assert r.status_code == 403


def test_api_unknown_reading_is_404(api_client, contractmanager):
    api_client.force_authenticate(contractmanager)
    r = api_client.patch(
        "/api/v1/contractvormen/lezingen/00000000-0000-0000-0000-000000000000", {"antwoorden": {}}, format="json"
    )
    assert r.status_code == 404 and r.json()["code"] == "lezing_onbekend"


# --- labelled data and evaluation -------------------------------------------------------------------------------


def test_confirmed_readings_export_as_a_labelled_set_and_score(tmp_path, contractmanager):
    data = fixture_text("profielmodel").encode()
    gelezen = services.tekst_lezen(data=data)
    antwoorden = {**gelezen.classificatie.antwoorden, "aanbieders": "beperkt"}
    services.lezing_uit_document_bevestigen(data=data, antwoorden=antwoorden, **KOP, door=contractmanager)
    uit = tmp_path / "gelabeld.json"
    call_command("contractvormen_labelset", str(uit), stdout=io.StringIO())
    labelled = json.loads(uit.read_text(encoding="utf-8"))
    (case,) = labelled["cases"]
    assert case["expected"]["aanbieders"] == "beperkt" and case["expected"]["archetype"] == "profielmodel"
    assert "aanbieders: open -> beperkt" in case["notes"]
    out = io.StringIO()
    call_command("contractvormen_evaluatie", str(uit), "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["per_vraag"]["aanbieders"]["fout"] == 1
    assert figures["per_vraag"]["bekostiging"]["goed"] == 1
    assert figures["per_vraag"]["archetype"]["goed_pct"] == 100.0


def test_labelset_without_confirmed_readings_exits_2(tmp_path):
    with pytest.raises(CommandError) as exc:
        call_command("contractvormen_labelset", str(tmp_path / "x.json"))
    assert exc.value.returncode == 2


def test_evaluation_scores_stated_and_silent_apart(tmp_path):
    cases = [
        {"id": "a", "text": "De ouders kiezen zelf een aanbieder.", "expected": {"kiest_aanbieder": "client"}},
        {"id": "b", "text": "De gemeente telt 24.000 inwoners.", "expected": {"kiest_aanbieder": "onbekend"}},
        {"id": "c", "text": "Er is geen keuzevrijheid.", "expected": {"kiest_aanbieder": "client", "scope": None}},
    ]
    ev = evaluatie.evalueer(cases, naam="mini")
    s = ev.scores["kiest_aanbieder"]
    assert (s.genoemd, s.goed, s.fout, s.gemist, s.stil, s.stil_goed) == (2, 1, 1, 0, 1, 1)
    assert s.verwarring[("client", "gemeente")] == 1 and ev.scores["scope"].genoemd == 0
    report = evaluatie.rapport(ev, per_geval=True)
    assert "1/2  50.0%" in report and "1/1 100.0%" in report and "c: kiest_aanbieder: client -> gemeente" in report
    assert "Tijd per document" in report


def test_evaluation_command_prints_figures_for_the_shipped_sets():
    from uitkomst.contractvormen.classificatie import DATA_DIR

    out = io.StringIO()
    call_command("contractvormen_evaluatie", str(DATA_DIR / "eigen_set.json"), stdout=out)
    text = out.getvalue()
    assert "goed waar genoemd" in text and "stil waar stil" in text and "Verwarringsmatrix" in text
    assert "zes antwoorden" in text and "archetype" in text


@pytest.mark.parametrize(
    ("content", "fragment"),
    [("geen json", "geen leesbare JSON"), ('{"cases": []}', "gelabelde set"), ('{"cases": [{"id": 1}]}', "mist")],
)
def test_evaluation_refuses_a_bad_set(tmp_path, content, fragment):
    f = tmp_path / "set.json"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("contractvormen_evaluatie", str(f))
    assert exc.value.returncode == 2 and fragment in str(exc.value)


def test_evaluation_refuses_an_unknown_label(tmp_path):
    f = tmp_path / "set.json"
    f.write_text(json.dumps({"cases": [{"id": "x", "text": "t", "expected": {"regie": "koning"}}]}), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("contractvormen_evaluatie", str(f))
    assert "koning" in str(exc.value)


# --- the provider's portfolio over the real provider --------------------------------------------------------------


@pytest.fixture
def vlinder(systeem, zwolle):
    return contractering.aanbieder_create(
        door=systeem, naam="De Vlinder Jeugdhulp", agb_code="77770001", kvk_nummer="60000001", werkgebied=[zwolle]
    )


def test_portfolio_line_links_to_the_real_provider(systeem, vlinder):
    cv = services.contractvorm_create(
        door=systeem,
        naam="Eigen vorm",
        gebied="Elders",
        wet="jeugdwet",
        jaar=2020,
        antwoorden=dict.fromkeys(KEYS, "onbekend"),
        aanbieders_namen=["De Vlinder Jeugdhulp", "Naam zonder aanbieder"],
    )
    regels = {r.aanbieder_naam: r.aanbieder for r in Portfolioregel.objects.filter(contractvorm=cv)}
    assert regels == {"De Vlinder Jeugdhulp": vlinder, "Naam zonder aanbieder": None}


def test_portfolio_shows_the_forms_of_every_municipality_on_one_map(client, systeem, contractmanager, vlinder):
    def vorm(naam, gebied, **antwoorden):
        return services.contractvorm_create(
            door=systeem, naam=naam, gebied=gebied, wet="jeugdwet", jaar=2021,
            antwoorden={**dict.fromkeys(KEYS, "onbekend"), **antwoorden},
        )  # fmt: skip

    zwolle = vorm("Zwolle Wmo", "Zwolle", bekostiging="inspanning", scope="product", regie="gemeente")
    regio = vorm("IJsselland jeugd", "IJsselland", bekostiging="resultaat", scope="arrangement", aanbieders="open")
    elders = vorm("Elders", "Maasvallei", bekostiging="populatie", aanbieders="hoofdaannemer", scope="integraal")
    services.portfolio_koppelen(aanbieder=vlinder, contractvormen=[elders], door=systeem)
    client.force_login(contractmanager)
    r = client.get("/contractvormen/portfolio", {"aanbieder": str(vlinder.uuid)})
    html = r.content.decode()
    assert r.status_code == 200 and "<svg" in html and 'id="werkgebied"' in html
    for cv in (zwolle, regio, elders):
        assert cv.naam in html
    assert {cv.naam for g in r.context["groepen"] for cv in g["contractvormen"]} == {
        "Zwolle Wmo", "IJsselland jeugd", "Elders"
    }  # fmt: skip
    assert [p["naam"] for p in r.context["kaart"]["punten"]]  # drawn on the map
    assert "AWBZ" in html and "Wijkgericht" in html


def test_a_provider_user_sees_its_own_portfolio(client, make_user, vlinder, systeem):
    services.contractvorm_create(
        door=systeem, naam="Zwolle Wmo", gebied="Zwolle", wet="wmo", jaar=2021,
        antwoorden=dict.fromkeys(KEYS, "onbekend"),
    )  # fmt: skip
    client.force_login(make_user("vl", "aanbieder", aanbieder=vlinder))
    r = client.get("/contractvormen/portfolio")
    assert r.status_code == 200 and r.context["echte"] == vlinder and "Zwolle Wmo" in r.content.decode()
