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
