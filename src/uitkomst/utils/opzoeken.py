"""Looking up the object an API request names by its public key: a missing or malformed key is a
validation error with a code (``<field>_onbekend``), never a 500 and never a hint about objects the
caller may not see (the selectors scope what is returned afterwards)."""

from __future__ import annotations

import uuid as uuidlib

from .errors import ValidationFailed


def per_uuid(model, uuid, field: str, label: str):
    """The ``model`` row with public ``uuid``; refused as ``<field>_onbekend`` when there is none."""
    try:
        obj = model.objects.filter(uuid=uuidlib.UUID(str(uuid))).first()
    except ValueError:
        obj = None
    if obj is None:
        raise ValidationFailed(f"{label} '{uuid}' bestaat niet.", code=f"{field}_onbekend", field=field)
    return obj


def per_sleutel(model, sleutel: str, value, field: str, label: str):
    """The ``model`` row whose ``sleutel`` (a natural key such as a CBS code) equals ``value``."""
    obj = model.objects.filter(**{sleutel: value}).first() if value not in (None, "") else None
    if obj is None:
        raise ValidationFailed(f"{label} '{value}' bestaat niet.", code=f"{field}_onbekend", field=field)
    return obj
