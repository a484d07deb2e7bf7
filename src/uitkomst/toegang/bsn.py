"""BSN handling: 11-proof validation, encryption at rest, pseudonyms and masking.

A BSN is stored twice, neither in the clear: encrypted (Fernet, so an authorised role can read it)
and as a keyed pseudonym (HMAC-SHA256, for look-ups, uniqueness and analytics). Both keys derive
from ``settings.BSN_KEY``, which is kept out of the database: a dump alone reveals no BSN.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet
from django.conf import settings
from stdnum.nl import bsn as stdnum_bsn

from uitkomst.audit.referentie import client_referentie
from uitkomst.utils.errors import ValidationFailed


def bsn_error(value: str) -> str | None:
    """A Dutch message when ``value`` is not a valid BSN, else None."""
    digits = (value or "").strip().replace(" ", "").replace(".", "")
    if not digits.isdigit() or len(digits) not in (8, 9):
        return f"Het BSN '{value}' is ongeldig: een BSN bestaat uit negen cijfers."
    if not stdnum_bsn.is_valid(digits):
        return f"Het BSN '{value}' is ongeldig: het voldoet niet aan de elfproef."
    return None


def normalise(value: str) -> str:
    if message := bsn_error(value):
        raise ValidationFailed(message, code="bsn_ongeldig", field="bsn")
    return stdnum_bsn.compact(value).zfill(9)


@lru_cache(maxsize=4)
def _keys(secret: str) -> tuple[Fernet, bytes]:
    fernet_key = base64.urlsafe_b64encode(hashlib.sha256(b"uitkomst-bsn-enc:" + secret.encode()).digest())
    hmac_key = hashlib.sha256(b"uitkomst-bsn-hmac:" + secret.encode()).digest()
    return Fernet(fernet_key), hmac_key


def encrypt(bsn: str) -> str:
    return _keys(settings.BSN_KEY)[0].encrypt(bsn.encode()).decode()


def decrypt(token: str) -> str:
    return _keys(settings.BSN_KEY)[0].decrypt(token.encode()).decode()


def pseudonym(bsn: str) -> str:
    return hmac.new(_keys(settings.BSN_KEY)[1], bsn.encode(), hashlib.sha256).hexdigest()


def referentie(client_uuid) -> str:
    """The pseudonymous client reference (``C-7Q3K9PX2``): see ``uitkomst.audit.referentie``."""
    return client_referentie(client_uuid)


def mask(bsn: str | None) -> str:
    """Shown in pages: only the last three digits."""
    if not bsn:
        return "—"
    return "•" * 6 + bsn[-3:]
