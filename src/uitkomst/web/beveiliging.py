"""Hardening at the edge: login lock-out (django-axes) and no caching of personal data.
Wired in ``conf/settings.py``; described in ``docs/security.md``."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

GEBLOKKEERD = (
    "Te veel mislukte inlogpogingen. Dit account is tijdelijk geblokkeerd; probeer het over {minuten} minuten "
    "opnieuw of vraag de beheerder de blokkade op te heffen."
)


class InlogpogingenBackend(AxesStandaloneBackend):
    """django-axes' lock-out check. Every login over HTTP (the login page, the admin, HTTP Basic on the
    API) passes the request and is counted; an in-process ``authenticate()`` without a request (the
    test client's ``login``, a script) has no client to lock out and is left to the next backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def _minuten() -> int:
    cooloff = settings.AXES_COOLOFF_TIME
    return max(1, int(cooloff.total_seconds() // 60)) if cooloff else 0


def geblokkeerd(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    """The lock-out answer (``AXES_LOCKOUT_CALLABLE``): 429 with a Dutch message, as problem+json on the API."""
    bericht = GEBLOKKEERD.format(minuten=_minuten())
    if request.path.startswith("/api/"):
        from uitkomst.api.errors import PROBLEM

        body = {
            "type": "https://uitkomst.example/problemen/inloggen_geblokkeerd",
            "code": "inloggen_geblokkeerd",
            "title": "Te veel verzoeken.",
            "status": 429,
            "detail": bericht,
            "instance": request.path,
        }
        response = JsonResponse(body, status=429, content_type=PROBLEM)
    else:
        response = render(request, "web/geblokkeerd.html", {"bericht": bericht}, status=429)
    response["Retry-After"] = str(_minuten() * 60)
    return response


class GeenCacheMiddleware:
    """``Cache-Control: no-store`` (and ``private``) on every API response and on every page served to a
    signed-in user: those are the ones that can carry personal data, and neither a browser nor a proxy
    may keep them. Public pages (catalogue, choice aid, login) and static files stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response

