"""The pseudonymous client reference: what every role without the BSN right sees of a client.

It lives here, in the audit app (below ``toegang``), because the audit log stores it on every row, so
a privacy officer can look a person up by the reference a colleague or the person quotes, and
``toegang`` (above) shows it through ``toegang.selectors.client_kenmerken``.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from django.conf import settings

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32: no I, L, O, U to misread
PATROON = r"C-[0-9A-HJKMNP-TV-Z]{8}"


@lru_cache(maxsize=4)
def _sleutel(secret: str) -> bytes:
    return hashlib.sha256(b"uitkomst-client-referentie:" + secret.encode()).digest()


@lru_cache(maxsize=65536)
def _referentie(secret: str, client_uuid: str) -> str:
    digest = hmac.new(_sleutel(secret), client_uuid.encode(), hashlib.sha256).digest()
    bits = int.from_bytes(digest[:5], "big")
    return "C-" + "".join(_CROCKFORD[(bits >> (5 * i)) & 31] for i in range(7, -1, -1))


def client_referentie(client_uuid) -> str:
    """``C-`` and 8 characters, e.g. ``C-7Q3K9PX2``: stable per client, not reversible.

    An HMAC-SHA256 of the client's id (its UUID, never the BSN) with a key derived from the
    installation's BSN key (``settings.BSN_KEY``, kept out of the database), the first 40 bits in
    Crockford base 32. It links to nothing outside this installation: not to the BSN, not to the
    access pseudonym, not to another installation's reference of the same person."""
    return _referentie(settings.BSN_KEY, str(client_uuid))
