"""Identifiers of providers: AGB code (Vektis) and KvK number (Chamber of Commerce)."""

import re

from django.core.exceptions import ValidationError

AGB_RE = re.compile(r"^\d{8}$")
KVK_RE = re.compile(r"^\d{8}$")


def agb_error(value: str) -> str | None:
    if not AGB_RE.match(value or ""):
        return f"De AGB-code '{value}' is ongeldig: een AGB-code bestaat uit precies acht cijfers."
    return None


def kvk_error(value: str) -> str | None:
    if not KVK_RE.match(value or ""):
        return f"Het KvK-nummer '{value}' is ongeldig: een KvK-nummer bestaat uit precies acht cijfers."
    return None


def validate_agb(value: str) -> None:
    if message := agb_error(value):
        raise ValidationError(message, code="agb_ongeldig")


def validate_kvk(value: str) -> None:
    if message := kvk_error(value):
        raise ValidationError(message, code="kvk_ongeldig")
