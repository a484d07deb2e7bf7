"""API rate limits per caller (DRF throttling; docs/security.md, "API rate limits").

One bucket per OAuth2 client (its application), per signed-in user otherwise, per IP address for
anonymous calls. The rates are settings (``UITKOMST_API_LIMIET_CLIENT``, ``UITKOMST_API_LIMIET_GEBRUIKER``,
``UITKOMST_API_LIMIET_ANONIEM``, e.g. ``600/min``); a call over the limit gets 429 as problem+json with
a Dutch message and ``Retry-After`` (api/errors.py). The counts live in Django's cache: per process
with the default local-memory cache, shared between processes with ``UITKOMST_CACHE_URL`` (Redis)."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class ApiLimiet(SimpleRateThrottle):
    scope = "gebruiker"

    def get_rate(self):
        # Read per call, not once at import (DRF's class attribute), so a changed setting takes effect.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        token = getattr(request, "auth", None)
        application_id = getattr(token, "application_id", None)
        if application_id is not None:
            self.scope, ident = "client", f"client:{application_id}"
        elif request.user is not None and request.user.is_authenticated:
            self.scope, ident = "gebruiker", f"gebruiker:{request.user.pk}"
        else:
            self.scope, ident = "anoniem", f"ip:{self.get_ident(request)}"
        self.rate = self.get_rate()
        if self.rate is not None:
            self.num_requests, self.duration = self.parse_rate(self.rate)
        return f"uitkomst-api-limiet:{ident}"

    def allow_request(self, request, view):
        self.get_cache_key(request, view)  # sets this caller's scope and rate
        if self.rate is None:
            return True  # no limit configured for this kind of caller
        return super().allow_request(request, view)
