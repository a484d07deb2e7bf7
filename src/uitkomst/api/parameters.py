"""Unknown query parameters are refused with 400 (NL API Design Rules): a misspelt filter must not
silently return everything. What is known is what the OpenAPI schema documents for the operation
(filters, paging, ``extend_schema`` parameters), so the code and the schema cannot disagree."""

from __future__ import annotations

from functools import lru_cache

from django.http import JsonResponse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.plumbing import ComponentRegistry, build_mock_request
from rest_framework.request import Request

from .errors import PROBLEM, _problem

# Accepted everywhere: DRF's own format switch is not a filter.
ALTIJD = frozenset({"format"})


@lru_cache(maxsize=512)
def _documented(cls, initkwargs_key, actions_key, method: str, route: str) -> frozenset[str]:
    kwargs = dict(initkwargs_key)
    callback = cls.as_view(dict(actions_key), **kwargs) if actions_key else cls.as_view(**kwargs)
    generator = SchemaGenerator()
    view = generator.create_view(callback, method, None)
    view.request = build_mock_request(method, route, view, None)  # as `uitkomst spectacular` does
    operation = view.schema.get_operation(route, route, "", method, ComponentRegistry()) or {}
    return frozenset(p["name"] for p in operation.get("parameters", []) if p.get("in") == "query")


def toegestaan(view_func, request) -> frozenset[str] | None:
    """The query parameters the schema documents for this request's operation; None: not an API view."""
    cls = getattr(view_func, "cls", None)
    if cls is None or not hasattr(cls, "schema"):
        return None
    actions = getattr(view_func, "actions", None) or {}
    method = request.method.upper()
    if actions and method.lower() not in actions:
        return None  # 405 follows
    initkwargs = tuple(sorted((k, v) for k, v in (getattr(view_func, "initkwargs", None) or {}).items()
                              if isinstance(v, (str, int, bool, type(None)))))  # fmt: skip
    route = request.resolver_match.route if request.resolver_match else request.path
    try:
        return _documented(cls, initkwargs, tuple(sorted(actions.items())), method, route) | ALTIJD
    except Exception:  # noqa: BLE001 - a view spectacular cannot describe is not policed here
        return None


class OnbekendeParametersMiddleware:
    """400 problem+json for a query parameter the operation does not document."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith("/api/") or not request.GET:
            return None
        bekend = toegestaan(view_func, Request(request))
        if bekend is None:
            return None
        onbekend = sorted(set(request.GET) - bekend)
        if not onbekend:
            return None
        lijst = ", ".join(sorted(bekend)) or "geen"
        reden = "Deze parameter bestaat niet."
        body = _problem(
            400,
            code="parameter_onbekend",
            detail=f"Onbekende queryparameter(s): {', '.join(onbekend)}. Toegestaan: {lijst}.",
            instance=request.get_full_path(),
            invalid=[{"name": n, "code": "parameter_onbekend", "reason": reden} for n in onbekend],
        )
        return JsonResponse(body, status=400, content_type=PROBLEM)
