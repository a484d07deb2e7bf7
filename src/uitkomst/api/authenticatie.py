"""How an API call says who it is (docs/security.md, "API authentication").

- Session login (the pages' cookie, with CSRF on writes) for people. A session of a role that needs
  two-factor login (``UITKOMST_OTP_ROLLEN``) counts only once its TOTP step is done.
- OAuth 2.0 client credentials for back-office integrations: ``Authorization: Bearer <token>`` from
  ``/oauth/token``. A client acts as its service user (one role, one organisation; the policy applies
  as to a person) and only within the scopes of its token: ``<area>:lezen`` for GET/HEAD/OPTIONS,
  ``<area>:schrijven`` for the rest, the area following from the resource (``SCOPE_GEBIED``).
- HTTP Basic only in development (``DEBUG``): it hashes a password on every call (about a second) and
  sends the password with each request.

An anonymous call gets 401 with a ``WWW-Authenticate`` challenge, not 403: DRF answers 401 only when
the first authentication class names a challenge, which plain ``SessionAuthentication`` does not."""

from __future__ import annotations

from django.conf import settings
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication

# API resource (the first path segment under /api/v1/) -> scope area. Every resource of the router is
# listed (a test checks it); a token calling a resource that is not listed is refused (fail closed).
SCOPE_GEBIED = {
    "inkoopmodellen": "catalogus",
    "producten": "catalogus",
    "tarieven": "catalogus",
    "aanbieders": "contractering",
    "raamovereenkomsten": "contractering",
    "toetredingsrondes": "contractering",
    "aanmeldingen": "contractering",
    "aanbestedingen": "contractering",
    "inschrijvingen": "contractering",
    "contractvormen": "contractering",
    "clienten": "toegang",
    "verwijzingen": "toegang",
    "gezinsplannen": "toegang",
    "pgb-besluiten": "toegang",
    "toewijzingen": "trajecten",
    "trajecten": "trajecten",
    "declaraties": "declaraties",
    "betaalrondes": "declaraties",
    "berichten": "berichten",
    "uitkomstmetingen": "uitkomsten",
    "indicatoren": "uitkomsten",
    "budgetten": "sturing",
    "signalen": "sturing",
    "tariefontwerpen": "sturing",
    "simulaties": "sturing",
    "subsidiecijfers": "sturing",
    "subsidieregelingen": "subsidies",
    "subsidieaanvragen": "subsidies",
    "subsidieverleningen": "subsidies",
    "subsidievoorschotten": "subsidies",
    "subsidieresultaten": "subsidies",
    "wijken": "voorzieningen",
    "algemene-voorzieningen": "voorzieningen",
    "deelnamemeldingen": "voorzieningen",
    "voorliggende-verwijzingen": "voorzieningen",
    "voorzieningsbereik": "voorzieningen",
}
# Paths any valid token may call: the API root and the schema.
ZONDER_SCOPE = {"", "schema"}
GEBIEDEN = {
    "catalogus": "inkoopmodellen, producten en tarieven",
    "contractering": "aanbieders, raamovereenkomsten, toetredingsrondes, aanmeldingen en contractvormen",
    "toegang": "cliënten, verwijzingen en gezinsplannen",
    "trajecten": "toewijzingen en trajecten",
    "declaraties": "declaraties en betaalrondes",
    "berichten": "iJw/iWmo-berichten",
    "uitkomsten": "uitkomstmetingen en indicatoren",
    "sturing": "budgetten, signalen, tariefontwerpen en simulaties",
    "subsidies": "subsidieregelingen, -aanvragen, -verleningen, voorschotten en resultaten",
    "voorzieningen": "wijken, algemene voorzieningen, deelnamemeldingen, verwijzingen ernaar en hun bereik",
}
LEZEN, SCHRIJVEN = "lezen", "schrijven"
SCOPES = {
    f"{gebied}:{soort}": f"{'Lezen' if soort == LEZEN else 'Wijzigen'}: {omschrijving}"
    for gebied, omschrijving in GEBIEDEN.items()
    for soort in (LEZEN, SCHRIJVEN)
}
VEILIG = {"GET", "HEAD", "OPTIONS"}


def benodigde_scope(path: str, method: str) -> str | None:
    """The scope a call needs; ``""`` for paths without one, None for a resource with no area (refused)."""
    prefix = settings.SPECTACULAR_SETTINGS.get("SCHEMA_PATH_PREFIX", "/api/v1")
    rest = path[len(prefix) :] if path.startswith(prefix) else path
    resource = rest.strip("/").split("/", 1)[0]
    if resource in ZONDER_SCOPE:
        return ""
    gebied = SCOPE_GEBIED.get(resource)
    if gebied is None:
        return None
    return f"{gebied}:{LEZEN if method.upper() in VEILIG else SCHRIJVEN}"


def _bearer_challenge(request) -> str:
    error = getattr(request, "oauth2_error", None) or {}
    extra = "".join(f', {k}="{v}"' for k, v in error.items() if k in ("error", "error_description"))
    return f'Bearer realm="Uitkomst"{extra}'


class SessieAuthenticatie(SessionAuthentication):
    def authenticate(self, request):
        if getattr(request._request, "tweestaps_ontbreekt", False):
            raise exceptions.AuthenticationFailed(
                "Uw rol vraagt om inloggen in twee stappen: vul eerst de verificatiecode in op /inloggen/verificatie.",
                code="tweestaps_vereist",
            )
        return super().authenticate(request)

    def authenticate_header(self, request) -> str:
        # Both ways in, as RFC 9110 allows several challenges; Session first (the pages' login).
        return f'Session realm="Uitkomst", login="/inloggen", {_bearer_challenge(request)}'


class TokenAuthenticatie(OAuth2Authentication):
    """An OAuth2 access token (client credentials). The token's user is the client's service user
    (accounts/oauth.py sets it when the token is issued); an expired, revoked or unknown token
    authenticates no one, so the call ends as 401. A valid token without the scope the call needs is
    refused here, before any view runs, with 403 ``scope_ontbreekt``."""

    www_authenticate_realm = "Uitkomst"

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user, token = result
        if user is None or not user.is_active:
            return None
        nodig = benodigde_scope(request._request.path, request.method)
        if nodig is None or (nodig and not token.allow_scopes([nodig])):
            raise exceptions.PermissionDenied(
                f"Het token van deze client heeft niet de scope {nodig or 'voor deze resource'}; "
                f"het heeft: {token.scope or 'geen'}.",
                code="scope_ontbreekt",
            )
        return user, token

    def authenticate_header(self, request) -> str:
        return _bearer_challenge(request)
