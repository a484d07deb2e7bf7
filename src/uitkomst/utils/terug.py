"""A form's return address (``terug``) without an open redirect."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def veilige_terug(request: HttpRequest, terug: str | None, standaard: str) -> str:
    """``terug`` when it points into this site (a path, or this host with the request's scheme),
    otherwise ``standaard``: never a redirect to another host or to ``javascript:``."""
    if terug and url_has_allowed_host_and_scheme(
        terug, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return terug
    return standaard
