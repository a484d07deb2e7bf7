"""The budget summaries the forecast reads (``budget.budget_prognose``), grouped in SQL:

- ``Declaratiecel``: invoice lines per municipality, month of the period start, law (of the product's
  purchasing model) and status, with the part on running assignments;
- ``Toewijzingcel``: assignments per municipality, product, start month, end month and running or not,
  with their count, budget and commitment (committed spend and the recent inflow both come from here):
  the commitment is the budget, except for a P×Q assignment with a volume agreement, whose budget is its
  unit tariff: there it is the tariff times the agreed volume.

Triggers (migrations 0003 and 0005) mark (municipality, month) dirty on every change of an invoice line, an
assignment or a trajectory; ``bijwerken`` recomputes those cells only (before a read: one small query
when nothing changed) and ``uitkomst samenvattingen`` does it on a schedule.
"""

from __future__ import annotations

from django.db.models import Case, Count, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.dispatch import receiver

from uitkomst.declaraties.models import Declaratieregel
from uitkomst.trajecten.models import Toewijzing
from uitkomst.trajecten.workflow import ACTIEF
from uitkomst.uitkomsten.models import Samenvattingsstand
from uitkomst.utils import db

from .models import Budgetvuil, Declaratiecel, Toewijzingcel


def _declaraties(q: Q):
    return (
        Declaratieregel.objects.filter(q, gemeente_id__isnull=False)
        .values(
            "gemeente_id",
            "status",
            maand_=db.Maandbegin("begindatum"),
            # the law of the line's product, else of its assignment's or lump sum's product (issue 17)
            wet_=Coalesce(
                "product__inkoopmodel__wet",
                "toewijzing__product__inkoopmodel__wet",
                "lumpsumafspraak__product__inkoopmodel__wet",
                Value(""),
            ),
        )
        .annotate(s=Sum("bedrag"), lopend_=Sum("bedrag", filter=Q(toewijzing__traject__status__in=ACTIEF)))
        .order_by()
    )


def _toewijzingen(q: Q):
    return (
        Toewijzing.objects.filter(q)
        .values(
            "gemeente_id",
            "product_id",
            startmaand_=db.Maandbegin("startdatum"),
            eindmaand_=db.Maandbegin("einddatum"),
            actief_=Case(When(traject__status__in=ACTIEF, then=Value(True)), default=Value(False)),
        )
        .annotate(
            n=Count("pk"),
            b=Sum("budget"),
            v=Sum(
                Case(
                    When(
                        volumeafspraak__isnull=False,
                        tarief__isnull=False,
                        then=F("tarief__bedrag") * F("volumeafspraak__volume"),
                    ),
                    default=F("budget"),
                    output_field=DecimalField(max_digits=18, decimal_places=2),
                )
            ),
        )
        .order_by()
    )


DECLARATIES = db.Samenvatting(
    cel=Declaratiecel, vuil=Budgetvuil, vuil_filter={"bron": "d"}, celmaand="maand", bronmaand="begindatum",
    bron=_declaraties, kolommen=["gemeente_id", "status", "maand", "wet", "bedrag", "lopend"], slot=7_413_002,
    stand=Samenvattingsstand, naam="declaraties",
)  # fmt: skip
TOEWIJZINGEN = db.Samenvatting(
    cel=Toewijzingcel, vuil=Budgetvuil, vuil_filter={"bron": "t"}, celmaand="startmaand", bronmaand="startdatum",
    bron=_toewijzingen,
    kolommen=["gemeente_id", "product_id", "startmaand", "eindmaand", "actief", "aantal", "budget", "verplichting"],
    slot=7_413_003, stand=Samenvattingsstand, naam="toewijzingen",
)  # fmt: skip


def bijwerken(*, alles: bool = False) -> int:
    """Recompute the dirty budget cells (``alles``: all of them); the number of dirty keys done."""
    return DECLARATIES.bijwerken(alles=alles) + TOEWIJZINGEN.bijwerken(alles=alles)


def versie() -> str:
    """The data version of the budget summaries (changes with every refresh that changed cells)."""
    return DECLARATIES.token() + TOEWIJZINGEN.token()


@receiver(db.bulkgeladen, dispatch_uid="uitkomst.sturing.samenvatting")
def _na_bulkladen(*, alles: bool = True, **kwargs) -> None:
    bijwerken(alles=alles)
