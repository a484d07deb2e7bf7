"""The database's limits, checked in the service layer (issue 12 point 6).

A value that does not fit its column (a string beyond ``max_length``, an integer beyond the column's
range, a decimal beyond ``max_digits``/``decimal_places``, a date outside what the domain can mean)
must be a ``ValidationFailed`` with a Dutch message, never a database error: SQLite does not enforce
``max_length`` and PostgreSQL raises a 500 for it. ``past`` reads the limits from the model field, so
the check cannot drift from the schema.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import models

from .errors import ProblemCollector

# Integer column ranges (Django's documented ranges, the same on SQLite and PostgreSQL).
_BEREIK = {
    "PositiveSmallIntegerField": (0, 32767),
    "PositiveIntegerField": (0, 2147483647),
    "PositiveBigIntegerField": (0, 9223372036854775807),
    "SmallIntegerField": (-32768, 32767),
    "IntegerField": (-2147483648, 2147483647),
    "BigIntegerField": (-9223372036854775808, 9223372036854775807),
}

EERSTE_GEBOORTEDATUM = dt.date(1900, 1, 1)
MAX_DOELEN = 50  # goals in one family plan
TEKST_MAX = 10_000  # characters in a TextField (no column limit, but no page needs more)


def _veld(model: type[models.Model], naam: str) -> models.Field:
    return model._meta.get_field(naam)


def past(problems: ProblemCollector, model: type[models.Model], naam: str, waarde, *, veld: str | None = None) -> bool:
    """Add a problem when ``waarde`` does not fit ``model.naam``'s column; True when it fits.

    ``None`` and ``""`` always fit (whether a value is required is the caller's rule).
    """
    if waarde is None or waarde == "":
        return True
    f = _veld(model, naam)
    veld = veld or naam
    label = str(f.verbose_name)
    max_length = getattr(f, "max_length", None) or (TEKST_MAX if isinstance(f, models.TextField) else None)
    if isinstance(waarde, str):
        if "\x00" in waarde:  # PostgreSQL refuses NUL in text with a database error (a 500)
            problems.add("ongeldige_invoer", f"'{label}' bevat een ongeldig teken (NUL).", veld)
            return False
        if max_length and len(waarde) > max_length:
            problems.add("te_lang", f"'{label}' is te lang: ten hoogste {max_length} tekens.", veld)
            return False
        return True
    bereik = _BEREIK.get(f.get_internal_type())
    if bereik is not None and isinstance(waarde, int):
        if not bereik[0] <= waarde <= bereik[1]:
            problems.add(
                "getal_buiten_bereik", f"'{label}' moet tussen {bereik[0]} en {bereik[1]} liggen.", veld
            )
            return False
        return True
    if isinstance(f, models.DecimalField) and isinstance(waarde, Decimal | int | float):
        try:
            d = Decimal(str(waarde)) if isinstance(waarde, float) else Decimal(waarde)
            ok = d.is_finite()
            if ok:
                _, digits, exp = d.normalize().as_tuple()
                decimalen = max(0, -exp)
                heel = max(0, len(digits) + exp)
                ok = decimalen <= f.decimal_places and heel <= f.max_digits - f.decimal_places
        except (InvalidOperation, ValueError, TypeError):
            ok = False
        if not ok:
            hoogste = "9" * (f.max_digits - f.decimal_places)
            problems.add(
                "getal_buiten_bereik",
                f"'{label}' past niet: ten hoogste {hoogste} met {f.decimal_places} decimalen.",
                veld,
            )
            return False
    return True


def geboortedatum_plausibel(
    problems: ProblemCollector, geboortedatum: dt.date | None, vandaag: dt.date, veld: str = "geboortedatum"
) -> None:
    """A date of birth before 1900 or in the future is a typo, never a client."""
    if geboortedatum is None:
        return
    if geboortedatum < EERSTE_GEBOORTEDATUM:
        problems.add("geboortedatum_onwaarschijnlijk", "De geboortedatum ligt vóór 1900; controleer het jaar.", veld)
    elif geboortedatum > vandaag:
        problems.add("geboortedatum_toekomst", "De geboortedatum ligt in de toekomst.", veld)
