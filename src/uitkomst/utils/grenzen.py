"""The database's limits, checked in the service layer (issue 12 point 6).

A value that does not fit its column (a string beyond ``max_length``, an integer beyond the column's
range, a decimal beyond ``max_digits``/``decimal_places``, a date outside what the domain can mean)
must be a ``ValidationFailed`` with a Dutch message, never a database error: SQLite does not enforce
``max_length`` and PostgreSQL raises a 500 for it. ``past`` reads the limits from the model field, so
the check cannot drift from the schema.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal, DecimalException, InvalidOperation

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


@functools.cache
def _grens(model: type[models.Model], naam: str) -> tuple:
    """The field and its limits, read from the model field once per field (``past`` is called for
    every column of every line of an invoice): (field, max_length, integer range, and for a decimal
    the number of integer digits and the smallest step)."""
    f = _veld(model, naam)
    max_length = getattr(f, "max_length", None) or (TEKST_MAX if isinstance(f, models.TextField) else None)
    decimaal = None
    if isinstance(f, models.DecimalField):
        decimaal = (f.max_digits - f.decimal_places, Decimal(1).scaleb(-f.decimal_places))
    return f, max_length, _BEREIK.get(f.get_internal_type()), decimaal


def past(problems: ProblemCollector, model: type[models.Model], naam: str, waarde, *, veld: str | None = None) -> bool:
    """Add a problem when ``waarde`` does not fit ``model.naam``'s column; True when it fits.

    ``None`` and ``""`` always fit (whether a value is required is the caller's rule).
    """
    if waarde is None or waarde == "":
        return True
    f, max_length, bereik, decimaal = _grens(model, naam)
    veld = veld or naam
    if isinstance(waarde, str):
        if "\x00" in waarde:  # PostgreSQL refuses NUL in text with a database error (a 500)
            problems.add("ongeldige_invoer", f"'{f.verbose_name}' bevat een ongeldig teken (NUL).", veld)
            return False
        if max_length and len(waarde) > max_length:
            problems.add("te_lang", f"'{f.verbose_name}' is te lang: ten hoogste {max_length} tekens.", veld)
            return False
        return True
    if bereik is not None and isinstance(waarde, int):
        if not bereik[0] <= waarde <= bereik[1]:
            problems.add(
                "getal_buiten_bereik", f"'{f.verbose_name}' moet tussen {bereik[0]} en {bereik[1]} liggen.", veld
            )
            return False
        return True
    if decimaal is not None and isinstance(waarde, Decimal | int | float):
        if type(waarde) is Decimal:
            # The quick answer for a Decimal that fits: its integer digits fit and it is a whole number
            # of the smallest step (then its normalized form, below, fits too: ``quantize`` refuses a
            # result beyond the context's precision, so ``normalize`` does not round it). Any other
            # value is decided below, as before.
            try:
                if waarde.adjusted() < decimaal[0] and waarde.quantize(decimaal[1]) == waarde:
                    return True
            except DecimalException:
                pass
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
                f"'{f.verbose_name}' past niet: ten hoogste {hoogste} met {f.decimal_places} decimalen.",
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
