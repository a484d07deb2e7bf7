"""Errors as application/problem+json (RFC 9457), as the NL API Design Rules ask."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from djangorestframework_camel_case.util import camelize_re, underscore_to_camel
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from uitkomst.utils.errors import DomainError

PROBLEM = "application/problem+json"

TITLES = {
    400: "Ongeldige invoer.",
    401: "Niet geauthenticeerd.",
    403: "Geen toegang.",
    404: "Niet gevonden.",
    405: "Methode niet toegestaan.",
    406: "Niet aanvaardbaar.",
    409: "Conflict.",
    415: "Mediatype niet ondersteund.",
    429: "Te veel verzoeken.",
    500: "Interne fout.",
}


def _problem(status_code: int, *, code: str, detail: str, instance: str, invalid: list[dict] | None = None) -> dict:
    body = {
        "type": f"https://uitkomst.example/problemen/{code}",
        "code": code,
        "title": TITLES.get(status_code, "Fout."),
        "status": status_code,
        "detail": detail,
        "instance": instance,
    }
    if invalid:
        body["invalid_params"] = invalid
    return body


def _camel(name: str) -> str:
    return camelize_re.sub(underscore_to_camel, name)


def _flatten(detail, prefix: str = "") -> list[dict]:
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            name = _camel(str(key)) if key != "non_field_errors" else "nonFieldErrors"
            out += _flatten(value, f"{prefix}.{name}" if prefix else name)
        return out
    if isinstance(detail, list):
        out = []
        for item in detail:
            out += _flatten(item, prefix)
        return out
    return [{"name": prefix or "nonFieldErrors", "code": getattr(detail, "code", "invalid"), "reason": str(detail)}]


def problem_exception_handler(exc, context):
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    if isinstance(exc, DomainError):
        invalid = [
            {"name": _camel(p.field) if p.field else "nonFieldErrors", "code": p.code, "reason": p.message}
            for p in exc.problems
        ]
        body = _problem(exc.status, code=exc.code, detail=exc.message, instance=instance, invalid=invalid)
        return Response(body, status=exc.status, content_type=PROBLEM)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        invalid = _flatten(exc.detail)
        detail = " ".join(f"{p['name']}: {p['reason']}" for p in invalid)
        body = _problem(
            response.status_code, code="ongeldige_invoer", detail=detail, instance=instance, invalid=invalid
        )
    elif isinstance(exc, exceptions.Throttled):
        # API rate limit (api/throttling.py); DRF has set Retry-After from exc.wait.
        seconden = max(1, int(exc.wait or 1))
        detail = (
            f"Te veel verzoeken van deze client of gebruiker in korte tijd. Probeer het over {seconden} "
            f"seconde{'n' if seconden != 1 else ''} opnieuw."
        )
        body = _problem(429, code="te_veel_verzoeken", detail=detail, instance=instance)
        response["Retry-After"] = str(seconden)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = getattr(exc, "default_code", "fout")
        if isinstance(exc, exceptions.APIException) and isinstance(exc.get_codes(), str):
            code = exc.get_codes()  # a code given where it was raised (scope_ontbreekt, tweestaps_vereist)
        body = _problem(response.status_code, code=str(code), detail=str(detail), instance=instance)
    response.data = body
    response.content_type = PROBLEM
    return response


def api_not_found(request, exception=None):
    """Unknown paths under /api/ also answer with problem+json."""
    body = _problem(404, code="niet_gevonden", detail="Deze resource bestaat niet.", instance=request.get_full_path())
    return JsonResponse(body, status=status.HTTP_404_NOT_FOUND, content_type=PROBLEM)
