"""The committed OpenAPI schema must match the code (regenerate with `make schema`)."""

from pathlib import Path

import yaml
from django.core.management import call_command
from django.utils import translation

SCHEMA = Path(__file__).resolve().parents[2] / "src" / "uitkomst" / "api" / "openapi.yaml"


def test_committed_schema_matches_code(tmp_path, db):
    generated = tmp_path / "openapi.yaml"
    # The schema is Dutch (the API's language); an earlier test on the same worker may have left
    # English active, and the labels of choices are translated lazily.
    with translation.override("nl"):
        call_command("spectacular", "--file", str(generated), "--validate")
    assert yaml.safe_load(generated.read_text()) == yaml.safe_load(SCHEMA.read_text()), (
        "The committed OpenAPI schema is out of date: run `make schema` and commit the result."
    )


def test_schema_served_and_follows_design_rules(client, db):
    r = client.get("/api/v1/schema")
    assert r.status_code == 200
    schema = yaml.safe_load(r.content)
    paths = list(schema["paths"])
    assert paths, "no paths"
    assert schema["servers"] == [{"url": "/api/v1", "description": schema["servers"][0]["description"]}]
    for path in paths:
        assert path.startswith("/") and not path.startswith("/api/"), path  # relative to the server URL
        assert not path.endswith("/"), f"trailing slash: {path}"
        static = [seg for seg in path.split("/") if seg and not seg.startswith("{")]
        assert all(seg == seg.lower() and "_" not in seg for seg in static), f"not kebab-case: {path}"
    props = schema["components"]["schemas"]["Product"]["properties"]
    assert "huidigTarief" in props and "huidig_tarief" not in props  # camelCase
    some_response = next(iter(schema["paths"]["/inkoopmodellen"]["get"]["responses"].values()))
    assert "API-Version" in some_response["headers"]
