"""Services: validation with specific codes and nothing saved, derived from configuration, the library,
the CLI, the API and the pages."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from uitkomst.contractvormen import selectors, services
from uitkomst.contractvormen.models import Contractvorm, Correctie, Tekstlezing
from uitkomst.utils.errors import ValidationFailed

from .helpers import FIXTURES, fixture_text

pytestmark = pytest.mark.django_db

GOED = {
    "regie": "gedeeld",
    "bekostiging": "resultaat",
    "aanbieders": "open",
    "scope": "arrangement",
    "kiest_aanbieder": "client",
    "bepaalt_inhoud": "aanbieder",
}


def kop(**kw):
    return {"naam": "Test", "gebied": "Testgemeente", "wet": "jeugdwet", "jaar": 2020, **kw}


def test_create_and_classify(systeem):
    cv = services.contractvorm_create(door=systeem, **kop(), antwoorden=GOED, aanbieders_namen=["A", "B"])
    assert cv.classificatie().archetype == "profielmodel"
    assert sorted(cv.portfolio.values_list("aanbieder_naam", flat=True)) == ["A", "B"]


@pytest.mark.parametrize(
    ("antwoorden", "code"),
    [
        ({**GOED, "regie": "wethouder"}, "waarde_onbekend"),
        ({k: v for k, v in GOED.items() if k != "scope"}, "antwoord_ontbreekt"),
        ({**GOED, "kleur": "blauw"}, "vraag_onbekend"),
        ("geen object", "antwoorden_ongeldig"),
    ],
)
def test_bad_answers_are_refused_and_nothing_saved(systeem, antwoorden, code):
    with pytest.raises(ValidationFailed) as exc:
        services.contractvorm_create(door=systeem, **kop(), antwoorden=antwoorden)
    assert code in {p.code for p in exc.value.problems}
    assert Contractvorm.objects.count() == 0


def test_missing_answer_message_names_the_question():
    with pytest.raises(ValidationFailed) as exc:
        services.classificeer(antwoorden={k: v for k, v in GOED.items() if k != "bekostiging"})
    assert exc.value.code == "antwoord_ontbreekt" and "bekostiging" in exc.value.message


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"naam": ""}, "naam_ontbreekt"),
        ({"wet": "awbz"}, "wet_onbekend"),
        ({"jaar": "vorig jaar"}, "jaar_ongeldig"),
        ({"procedure": "loting"}, "procedure_onbekend"),
    ],
)
def test_bad_header_fields(systeem, fields, code):
    with pytest.raises(ValidationFailed) as exc:
        services.contractvorm_create(door=systeem, **kop(**fields), antwoorden=GOED)
    assert exc.value.code == code
    assert Contractvorm.objects.count() == 0


def test_confirmed_reading_keeps_corrections(systeem):
    lezing = services.tekst_lezen(data=fixture_text("awbztje").encode())
    token = {"soort": lezing.soort, "sha256": lezing.sha256, "bestandsnaam": "a.txt", "voorstel": lezing.voorstel_dict}
    assert lezing.classificatie.antwoorden["regie"] == "gemeente"
    assert lezing.classificatie.antwoorden["kiest_aanbieder"] == "client"
    gekozen = {**lezing.classificatie.antwoorden, "regie": "gedeeld", "kiest_aanbieder": "onbekend"}
    cv = services.contractvorm_uit_tekst_create(door=systeem, lezing=token, antwoorden=gekozen, **kop())
    t = Tekstlezing.objects.get(contractvorm=cv)
    assert {(c.sleutel, c.voorgesteld, c.gekozen) for c in t.correcties.all()} == {
        ("regie", "gemeente", "gedeeld"),
        ("kiest_aanbieder", "client", "onbekend"),
    }
    assert t.antwoorden == gekozen and t.bevestigd_op is not None
    assert cv.classificatie().archetype == "awbztje"


def test_confirmed_reading_with_bad_answer_saves_nothing(systeem):
    with pytest.raises(ValidationFailed) as err:
        services.contractvorm_uit_tekst_create(
            door=systeem, lezing={"voorstel": {}}, antwoorden={**GOED, "regie": "x"}, **kop()
        )
    assert err.value.code == "waarde_onbekend"
    assert not Tekstlezing.objects.exists() and not Correctie.objects.exists() and not Contractvorm.objects.exists()


def test_ijsselland_reference_model_places_itself_as_profielmodel(systeem, ijsselland):
    antwoorden, uitleg = selectors.antwoorden_uit_inkoopmodel(inkoopmodel=ijsselland)
    assert antwoorden == GOED
    assert set(uitleg) == set(GOED)
    cv = services.contractvorm_uit_inkoopmodel(door=systeem, inkoopmodel=ijsselland)
    assert cv.classificatie().archetype == "profielmodel"
    assert cv.inkoopmodel == ijsselland
    assert (
        services.contractvorm_uit_inkoopmodel(door=systeem, inkoopmodel=ijsselland).pk == cv.pk
    )  # refresh, no duplicate


def test_other_reference_models_derive_a_form(reference_models):
    from uitkomst.catalogus.models import Inkoopmodel

    for model in Inkoopmodel.objects.all():
        antwoorden, _ = selectors.antwoorden_uit_inkoopmodel(inkoopmodel=model)
        assert services.classificeer(antwoorden=antwoorden).archetype is not None, model.code
    pxq = Inkoopmodel.objects.get(code="ijsselland-jeugd-pxq-overgang")
    assert selectors.antwoorden_uit_inkoopmodel(inkoopmodel=pxq)[0]["bekostiging"] == "inspanning"


def test_library_loads_idempotently_and_spreads_over_the_map():
    first = services.bibliotheek_laden()
    assert first.nieuw >= 40
    second = services.bibliotheek_laden()
    assert second.nieuw == 0 and second.bijgewerkt == 0
    forms = list(selectors.contractvorm_list())
    punten = selectors.kaartpunten(forms)
    assert {p["archetype"] for p in punten} >= {
        "awbztje",
        "wijkgericht",
        "regisseursmodel",
        "profielmodel",
        "veilingmodel",
    }
    fictief = [p for p in punten if p["fictief"]]
    assert len(fictief) >= 30 and all("fictief" in p["gebied"] for p in fictief)
    xs = {round(p["x"], 1) for p in punten if p["x"] is not None}
    ys = {round(p["y"], 1) for p in punten if p["y"] is not None}
    assert len(xs) >= 4 and len(ys) >= 4
    ijs = Contractvorm.objects.get(code="ijsselland-jeugd-2018")
    assert ijs.classificatie().archetype == "profielmodel"
    assert Contractvorm.objects.get(code="rotterdam-rijnmond-jeugd-2018").classificatie().archetype == "regisseursmodel"
    assert Contractvorm.objects.get(code="west-brabant-west-jeugd-2016").classificatie().archetype == "profielmodel"


def test_compare_versions_and_portfolio():
    services.bibliotheek_laden()
    oud = Contractvorm.objects.get(code="ijsselland-jeugd-2015")
    nieuw = Contractvorm.objects.get(code="ijsselland-jeugd-2018")
    v = selectors.vergelijking(nieuw, oud)  # order does not matter: the older is the starting point
    assert v["oud"] == oud and v["zelfde_gebied"]
    assert "rechts" in {r["code"] for r in v["richting"]}
    ranking = selectors.vergelijkbaar(contractvorm=nieuw)
    assert ranking[0][1] == 1.0  # the profielmodel exemplar has the same answers
    assert [g for _, g in ranking] == sorted((g for _, g in ranking), reverse=True)
    groups = selectors.portfolio(aanbieder_naam="Zorggroep Horizon (fictief)")
    assert len(groups) >= 2 and all(g["kwadrant"] or g["archetype"] is None for g in groups)


# --- CLI -------------------------------------------------------------------------------------------------

# the promised keys of the machine answer; "ontbrekend" (what is missing for quadrant and archetype) came with issue 15
KEYS = {
    "antwoorden", "kwadrant", "positie", "archetype", "afstanden", "waarschuwingen", "bewijs", "ontbrekend",
    "suggesties",  # added in lexicon 4 (derived suggestions); the other keys are unchanged
}  # fmt: skip


def run_cli(*args):
    from io import StringIO

    out = StringIO()
    call_command("classify", *args, stdout=out)
    return json.loads(out.getvalue())


def test_cli_json_answers(tmp_path):
    f = tmp_path / "a.json"
    f.write_text(json.dumps({**GOED, "procedure": "europees_openbaar"}))
    data = run_cli(str(f))
    assert set(data) == KEYS
    assert set(data["antwoorden"]) == set(GOED)
    assert data["archetype"] == "profielmodel" and set(data["positie"]) == {"x", "y"}
    assert "procedure_competitief_open" in {w["code"] for w in data["waarschuwingen"]}


def test_cli_text(tmp_path):
    data = run_cli("--text", str(FIXTURES / "nietszeggend.txt"))
    assert set(data) == KEYS and data["archetype"] is None
    assert data["antwoorden"] == dict.fromkeys(GOED, "onbekend")


@pytest.mark.parametrize(
    ("content", "args", "fragment"),
    [
        ('{"regie": "wethouder"}', (), "geen geldige waarde"),
        ("dit is geen json", (), "geen geldige JSON"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), ("--text",), "geen platte tekst"),
        ("", ("--text",), "leeg"),
    ],
)
def test_cli_bad_input_exits_2(tmp_path, content, args, fragment):
    f = tmp_path / "in"
    f.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(CommandError) as exc:
        call_command("classify", *args, str(f))
    assert exc.value.returncode == 2 and fragment in str(exc.value)


def test_cli_missing_file_exits_2():
    with pytest.raises(CommandError) as exc:
        call_command("classify", "/bestaat/niet.json")
    assert exc.value.returncode == 2


def test_cli_process_exit_codes(tmp_path):
    import subprocess  # noqa: S404
    import sys

    f = tmp_path / "a.json"
    f.write_text(json.dumps(GOED))
    ok = subprocess.run([sys.executable, "-m", "uitkomst", "classify", str(f)], capture_output=True, text=True)  # noqa: S603
    assert ok.returncode == 0, ok.stderr
    assert set(json.loads(ok.stdout)) == KEYS
    f.write_text("{}")
    bad = subprocess.run([sys.executable, "-m", "uitkomst", "classify", str(f)], capture_output=True, text=True)  # noqa: S603
    assert bad.returncode == 2 and "ontbreekt" in bad.stderr and bad.stdout == ""


# --- API ----------------------------------------------------------------------------------------------------


def camel(d):
    return {
        "kiestAanbieder" if k == "kiest_aanbieder" else "bepaaltInhoud" if k == "bepaalt_inhoud" else k: v
        for k, v in d.items()
    }


def test_api_classify_is_public_and_saves_nothing(api_client):
    r = api_client.post("/api/v1/contractvormen/classificeer", {"antwoorden": camel(GOED)}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["archetype"] == "profielmodel"
    assert r.json()["antwoorden"]["kiestAanbieder"] == "client"
    assert Contractvorm.objects.count() == 0


def test_api_classify_bad_input_is_problem_json(api_client):
    r = api_client.post(
        "/api/v1/contractvormen/classificeer", {"antwoorden": {**camel(GOED), "regie": "x"}}, format="json"
    )
    assert r.status_code == 400 and r["Content-Type"].startswith("application/problem+json")
    assert r.json()["code"] == "waarde_onbekend"
    assert r.json()["invalidParams"][0]["name"] == "antwoorden.regie"


def test_api_read_needs_login_and_write_needs_right(api_client, make_user, contractmanager, zwolle):
    assert api_client.get("/api/v1/contractvormen").status_code in (401, 403)
    payload = {**kop(), "antwoorden": camel(GOED)}
    api_client.force_authenticate(make_user("fin", "gemeente-financien", gemeente=zwolle))
    assert api_client.get("/api/v1/contractvormen").status_code == 200
    assert api_client.post("/api/v1/contractvormen", payload, format="json").status_code == 403
    api_client.force_authenticate(contractmanager)
    r = api_client.post("/api/v1/contractvormen", payload, format="json")
    assert r.status_code == 201, r.content
    uuid = r.json()["uuid"]
    assert r.json()["classificatie"]["archetype"] == "profielmodel"
    r = api_client.patch(
        f"/api/v1/contractvormen/{uuid}", {"antwoorden": {**camel(GOED), "regie": "zzz"}}, format="json"
    )
    assert r.status_code == 400 and Contractvorm.objects.get(uuid=uuid).regie == "gedeeld"
    assert api_client.get(f"/api/v1/contractvormen/{uuid}/vergelijkbaar").status_code == 200
    assert api_client.get("/api/v1/contractvormen/kaart").status_code == 200


def test_api_read_text_upload(api_client, contractmanager):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api_client.force_authenticate(contractmanager)
    f = SimpleUploadedFile("a.txt", fixture_text("wijkgericht").encode(), content_type="text/plain")
    r = api_client.post("/api/v1/contractvormen/lees-tekst", {"bestand": f}, format="multipart")
    assert r.status_code == 200, r.content
    assert r.json()["archetype"] == "wijkgericht" and r.json()["bewijs"]["bekostiging"]["zinnen"]
    f = SimpleUploadedFile("a.exe", b"MZ\x90\x00" + bytes(100), content_type="text/plain")
    r = api_client.post("/api/v1/contractvormen/lees-tekst", {"bestand": f}, format="multipart")
    assert r.status_code == 400 and r.json()["code"] == "bestandstype_onbekend"


# --- pages --------------------------------------------------------------------------------------------------


def test_questionnaire_page_classifies_without_js(client):
    r = client.get("/contractvormen/", GOED)
    html = r.content.decode()
    assert r.status_code == 200
    assert "<svg" in html and "Uw contractvorm" in html and "Profielmodel" in html
    assert "<legend>" in html and "<caption" in html and 'lang="nl"' in html
    r = client.get("/contractvormen/", {**GOED, "fragment": "1"})
    assert "<html" not in r.content.decode() and "Profielmodel" in r.content.decode()


def test_questionnaire_page_shows_specific_error(client):
    r = client.get("/contractvormen/", {**GOED, "regie": "koning"})
    assert r.status_code == 400 and "geen geldige waarde" in r.content.decode()


def test_map_compare_portfolio_pages(client, contractmanager):
    services.bibliotheek_laden()
    assert client.get("/contractvormen/kaart").status_code == 302  # login needed
    client.force_login(contractmanager)
    html = client.get("/contractvormen/kaart").content.decode()
    assert "<svg" in html and 'id="kaarttabel"' in html and "Regio IJsselland" in html
    oud = Contractvorm.objects.get(code="ijsselland-jeugd-2015")
    nieuw = Contractvorm.objects.get(code="ijsselland-jeugd-2018")
    html = client.get(f"/contractvormen/{nieuw.uuid}").content.decode()
    assert "Profielmodel" in html and "Meest gelijkende" in html
    html = client.get("/contractvormen/vergelijk", {"a": nieuw.uuid, "b": oud.uuid}).content.decode()
    assert 'data-code="rechts"' in html
    html = client.get("/contractvormen/portfolio", {"aanbieder": "Zorggroep Horizon (fictief)"}).content.decode()
    assert "In de praktijk" in html


def test_read_and_confirm_page_keeps_corrections(client, contractmanager):
    client.force_login(contractmanager)
    from django.core.files.uploadedfile import SimpleUploadedFile

    f = SimpleUploadedFile("inkoop.txt", fixture_text("profielmodel").encode())
    r = client.post("/contractvormen/lezen", {"bestand": f})
    assert r.status_code == 200
    token = r.context["lezing_token"]
    r = client.post("/contractvormen/opslaan", {"lezing": token, **kop(), **{**GOED, "aanbieders": "beperkt"}})
    assert r.status_code == 302
    c = Correctie.objects.get()
    assert (c.sleutel, c.voorgesteld, c.gekozen) == ("aanbieders", "open", "beperkt")
    r = client.post("/contractvormen/opslaan", {"lezing": token + "x", **kop(), **GOED})
    assert r.status_code == 400 and Contractvorm.objects.count() == 1


def test_read_page_refuses_huge_upload(client, contractmanager):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from uitkomst.contractvormen.tekst import MAX_DOCUMENT_BYTES

    client.force_login(contractmanager)
    f = SimpleUploadedFile("groot.txt", b"a" * (MAX_DOCUMENT_BYTES + 1))
    r = client.post("/contractvormen/lezen", {"bestand": f})
    assert r.status_code == 400 and "te groot" in r.content.decode()
    assert not Tekstlezing.objects.exists()
