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
