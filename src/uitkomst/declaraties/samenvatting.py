"""The payment summary the legitimacy report reads, and the municipalities per invoice the invoice list is
scoped by; both derived from the invoice lines and kept by database triggers (migration 0002):

- ``Betaalcel``: approved and paid lines (net of credits: a credit line is a negative line) per
  assignment or lump sum, provider, municipality, product and the months of the period's start and
  end, in cents, with the assignment's budget. A trigger on the lines and one on the assignments (their
  budget) mark (municipality, month of the period start) dirty in ``Betaalvuil``; ``bijwerken``
  recomputes those cells only (before a read: one small query when nothing changed), the way the
  summaries of ``sturing`` and ``uitkomsten`` are kept (``utils.db.Samenvatting``).
- ``Declaratiegemeente``: (invoice, municipality) for every municipality with a line on the invoice,
  written by the line triggers themselves (no refresh needed).

After a bulk load (``utils.db.na_bulkladen``, which may have run without triggers) both are rebuilt.
"""

from __future__ import annotations

from django.db.models import BigIntegerField, F, Max, Q, Sum
from django.db.models.functions import Cast, Round
from django.dispatch import receiver

from uitkomst.utils import db

from .models import Betaalcel, Betaalstand, Betaalvuil, Declaratiegemeente, Declaratieregel, Regelstatus

# The lines the legitimacy report counts: final approval or paid (credits are negative lines).
BETAALD = (Regelstatus.GOEDGEKEURD, Regelstatus.BETAALD)


def _centen(expr):
    return Cast(Sum(Round(expr * 100)), BigIntegerField())


def _betalingen(q: Q):
    return (
        Declaratieregel.objects.filter(q, gemeente_id__isnull=False, status__in=BETAALD)
        .filter(Q(toewijzing_id__isnull=False) | Q(lumpsumafspraak_id__isnull=False))
        .values(
            "gemeente_id",
            "aanbieder_id",
            "toewijzing_id",
            "lumpsumafspraak_id",
            "product_id",
            maand_=db.Maandbegin("begindatum"),
            eindmaand_=db.Maandbegin("einddatum"),
        )
        .annotate(
            c=_centen(F("bedrag")),
            b=Cast(Max(Round(F("toewijzing__budget") * 100)), BigIntegerField()),
        )
        .order_by()
    )


BETALINGEN = db.Samenvatting(
    cel=Betaalcel, vuil=Betaalvuil, celmaand="maand", bronmaand="begindatum", bron=_betalingen,
    kolommen=["gemeente_id", "aanbieder_id", "toewijzing_id", "lumpsumafspraak_id", "product_id", "maand",
              "eindmaand", "centen", "budget_centen"],
    slot=7_413_010, stand=Betaalstand, naam="betalingen",
)  # fmt: skip


def bijwerken(*, alles: bool = False) -> int:
    """Recompute the dirty payment cells (``alles``: all of them); the number of dirty keys done."""
    return BETALINGEN.bijwerken(alles=alles)


def versie() -> str:
    """The data version of the payment summary (changes with every refresh that changed cells)."""
    return BETALINGEN.token()


def gemeenten_herbouwen() -> None:
    """Rebuild ``Declaratiegemeente`` from the lines (after a bulk load that ran without triggers)."""
    Declaratiegemeente.objects.all().delete()
    db.insert_select(
        Declaratieregel.objects.filter(gemeente_id__isnull=False)
        .values("declaratie_id", "gemeente_id")
        .order_by()
        .distinct(),
        Declaratiegemeente,
        ["declaratie_id", "gemeente_id"],
    )


@receiver(db.bulkgeladen, dispatch_uid="uitkomst.declaraties.samenvatting")
def _na_bulkladen(*, alles: bool = True, **kwargs) -> None:
    if alles:  # (without ``alles`` the line triggers kept ``Declaratiegemeente`` themselves)
        gemeenten_herbouwen()
    bijwerken(alles=alles)
