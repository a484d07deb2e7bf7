"""Queries on contracting. The contracting issue fills these in; other apps rely on the signatures.

Contract: ``is_gecontracteerd(aanbieder=P, product=X, datum=D)`` answers "is provider P contracted
for product X on date D?"; ``gecontracteerde_aanbieders(product=X, datum=D)`` lists every provider
that is. Every later issue (access, invoicing, outcomes) uses only these two.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from .models import Aanbieder


def is_gecontracteerd(*, aanbieder: Aanbieder, product, datum: dt.date) -> bool:
    """True when ``aanbieder`` has an active framework agreement that covers ``product`` on ``datum``."""
    return gecontracteerde_aanbieders(product=product, datum=datum).filter(pk=aanbieder.pk).exists()


def gecontracteerde_aanbieders(*, product, datum: dt.date) -> QuerySet[Aanbieder]:
    """Providers with an active framework agreement covering ``product`` on ``datum``.

    Placeholder until framework agreements exist (contracting issue): no provider is contracted.
    """
    return Aanbieder.objects.none()
