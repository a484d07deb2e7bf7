"""The questionnaire and its vocabulary in English: every vocabulary string has a translation."""

import pytest
from django.utils import translation

from uitkomst.contractvormen import classificatie, vertalingen

pytestmark = pytest.mark.django_db

GOED = {
    "regie": "gedeeld",
    "bekostiging": "resultaat",
    "aanbieders": "open",
    "scope": "arrangement",
    "kiest_aanbieder": "client",
    "bepaalt_inhoud": "aanbieder",
}


def _vocabulary_strings() -> list[str]:
    v, a = classificatie.vocabulaire(), classificatie.archetypen_data()
    out = []
    for q in v["vragen"].values():
        out += [q["label"], q["vraag"], *(x for w in q["waarden"].values() for x in (w["label"], w["omschrijving"]))]
    for k in v["kwadranten"].values():
        out += [k["naam"], k["omschrijving"], *k["vragen"]]
    out += [r["melding"].strip() for r in v["samenhang"].values()] + list(v["richtingen"].values())
    out += list(a["perspectieven"].values())
    for x in a["archetypen"].values():
        out += [x["naam"], x["omschrijving"], *(p["tekst"] for pts in x["perspectieven"].values() for p in pts)]
    return out


def test_every_vocabulary_string_is_listed_and_translated():
    listed = set(vertalingen.VOCABULAIRE)
    with translation.override("en"):
        for s in _vocabulary_strings():
            assert s in listed, s
            if s not in {"Open", "Product"}:  # the same word in both languages
                assert translation.gettext(s) != s, s


def test_questionnaire_in_english(client):
    html = client.get("/contractvormen/", GOED, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in html
    for text in ("Who chooses the provider?", "Result per client", "Profile model", "Choice and professional room"):
        assert text in html, text
    assert "Wie kiest de aanbieder?" not in html and "Resultaat per cliënt" not in html


def test_questionnaire_stays_dutch_by_default(client):
    html = client.get("/contractvormen/", GOED).content.decode()
    assert "Wie kiest de aanbieder?" in html and "Profielmodel" in html
