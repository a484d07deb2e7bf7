"""drf-spectacular post-processing: document the API-Version header on every response."""


def add_api_version_header(result, generator, request, public):
    header = {
        "API-Version": {
            "description": "De volledige versie van de API (NL API Design Rules).",
            "schema": {"type": "string", "example": result["info"]["version"]},
        }
    }
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict):
                continue
            for response in operation.get("responses", {}).values():
                response.setdefault("headers", {}).update(header)
    return result


# Django derives integer validators from the database backend (SQLite reports 64-bit ranges where
# PostgreSQL reports 16/32-bit ones), so the same code would give a different schema per database.
# The committed schema must not depend on the database: drop those backend-derived bounds.
_BACKEND_BOUNDS = {32767, -32768, 2147483647, -2147483648, 9223372036854775807, -9223372036854775808}


def normalise_integer_bounds(result, generator, request, public):
    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "integer":
                for key in ("maximum", "minimum"):
                    if node.get(key) in _BACKEND_BOUNDS:
                        del node[key]
                if node.get("format") in ("int32", "int64"):
                    del node["format"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result


# Error responses every operation can give, as application/problem+json (RFC 9457; NL API Design
# Rules "problem-details"): 400 for invalid input or an unknown query parameter, 401 without a
# session, 403 outside one's role or organisation, 404 for a path with an identifier, 429 when a
# login is locked out. The code maps DomainError and DRF errors to these (api/errors.py).
PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Een fout als application/problem+json (RFC 9457).",
    "properties": {
        "type": {"type": "string", "format": "uri", "description": "Verwijzing naar het soort probleem."},
        "code": {"type": "string", "description": "Vaste code van de fout, bijvoorbeeld `parameter_onbekend`."},
        "title": {"type": "string", "description": "Korte omschrijving van het soort fout."},
        "status": {"type": "integer", "description": "De HTTP-statuscode."},
        "detail": {"type": "string", "description": "Uitleg voor deze aanvraag, in het Nederlands."},
        "instance": {"type": "string", "description": "Het pad en de query van de aanvraag."},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                },
                "required": ["name", "code", "reason"],
            },
        },
    },
    "required": ["type", "code", "title", "status", "detail", "instance"],
}
_FOUTEN = {
    "400": "Ongeldige invoer of een onbekende queryparameter.",
    "401": "Niet geauthenticeerd: log in (sessie).",
    "403": "Geen toegang voor deze rol of organisatie.",
    "404": "Niet gevonden.",
}


def add_problem_responses(result, generator, request, public):
    """Document 400/401/403 (and 404 on paths with an identifier) as problem+json on every operation,
    and give every existing 4xx/5xx response the problem+json content."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    ref = {"$ref": "#/components/schemas/Problem"}
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or method not in {"get", "put", "post", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in _FOUTEN.items():
                gepagineerd = any(p.get("name") == "page" for p in operation.get("parameters", []))
                if status == "404" and "{" not in path and not gepagineerd:
                    continue  # a list answers 404 only for a page past the last one
                if status in ("401", "403") and operation.get("security") == [{}]:
                    continue  # a public operation
                responses.setdefault(status, {"description": description})
            for status, response in responses.items():
                if str(status)[0] in "45":
                    response["content"] = {"application/problem+json": {"schema": ref}}
    return result


def add_servers(result, generator, request, public):
    """The server URL carries the major version (NL API Design Rules "uri-version"); the paths are
    relative to it (SCHEMA_PATH_PREFIX_TRIM)."""
    result["servers"] = [{"url": "/api/v1", "description": "Deze installatie (pad relatief aan de host)."}]
    return result


def lift_oneof_defaults(result, generator, request, public):
    """drf-spectacular puts a blank-allowed field's default (``""``) inside the ``oneOf`` branch with
    ``format: uri``, where it is an invalid example; the default belongs to the field as a whole."""

    def walk(node):
        if isinstance(node, dict):
            for branch in node.get("oneOf", []):
                if isinstance(branch, dict) and "default" in branch:
                    node.setdefault("default", branch.pop("default"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
