"""Synthetic legacy PxQ history for the tariff design (issue 16): one reference year (2017) of
effort-based care, invoiced per client per legacy product, before the IJsselland 2018 model.

Deterministic per seed and marked synthetic. Every legacy product code (L001...) and unit price is
FICTITIOUS / illustrative; the sources only say the region had more than 200 such products. Each
client belongs to one profile x intensity of the 2018 model; most were re-assessed (profile and
intensity recorded), which is what the mapping proposal learns from. Two transport products cross
all cells (transport is outside the model) and a diagnostics product per profile crosses its three
intensities, so the proposal has ambiguity to show, as real data has.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from decimal import Decimal

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Inkoopmodel, Tarief
from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.models import Gemeente, Regio
from uitkomst.tariefontwerp.models import Historie, Historieregel
from uitkomst.tariefontwerp.services import koppeling_voorstellen

from . import schrijven, synthetic

REFERENTIEJAAR = 2017
MIN_CLIENTEN = 1500
MIN_PER_CEL = 15
HERINDICATIE_AANDEEL = 0.85
# (activity, unit, fictitious unit price); every cell has its own variant of each: 36 x 6 products
ACTIVITEITEN = [
    ("Individuele begeleiding", "uur", Decimal("62.50")),
    ("Ambulante behandeling", "uur", Decimal("98.00")),
    ("Gezinsbegeleiding", "uur", Decimal("70.00")),
    ("Groepsbegeleiding", "dagdeel", Decimal("38.00")),
    ("Dagbehandeling", "dagdeel", Decimal("72.00")),
    ("Logeeropvang", "etmaal", Decimal("145.00")),
]
DIAGNOSTIEK = ("Diagnostiek", "uur", Decimal("105.00"))
VERVOER = [("Vervoer naar dagbehandeling", "etmaal", Decimal("24.00")), ("Vervoer groepsbegeleiding", "etmaal", Decimal("18.00"))]  # noqa: E501
DUUR_MAANDEN = {"perspectief": (2, 6), "intensief": (6, 12), "duurzaam": (12, 12)}
SIGMA = 0.55  # spread of the (log-normal) cost per client within a cell; illustrative


def demo_historie_build(
    *, seed: int, clients: int, gewichten: tuple[dict, dict, dict], model_code: str = "ijsselland-jeugd-2018"
) -> Historie | None:
    """``gewichten``: the demo's profile weights, intensity weights and per-profile intensity overrides."""
    model = Inkoopmodel.objects.filter(code=model_code).first()
    regio = Regio.objects.filter(code="ijsselland").first()
    if model is None or regio is None:
        return None
    PROFILE_WEIGHTS, INTENSITY_WEIGHTS, INTENSITY_OVERRIDES = gewichten  # noqa: N806
    rng = random.Random(seed * 7919 + 16)
    Historie.objects.filter(is_synthetisch=True).delete()
    historie = Historie.objects.create(
        regio=regio,
        naam=f"Synthetische P×Q-historie {REFERENTIEJAAR} (demo, seed {seed})",
        referentiejaar=REFERENTIEJAAR,
        bron=Historie.Bron.DEMO,
        is_synthetisch=True,
    )
    # anchor each cell's mean cost on the model's first (illustrative) tariff
    anchor = {}
    for t in Tarief.objects.filter(product__inkoopmodel=model, product__profiel__isnull=False).select_related(
        "product__profiel", "product__intensiteit"
    ).order_by("geldig_van"):
        anchor.setdefault((t.product.profiel.code, t.product.intensiteit.code), float(t.bedrag))
    cellen = sorted(anchor)
    products = {}  # cell -> [(code, name, unit, price)]
    n = 0
    for cel in cellen:
        lst = []
        for act, unit, price in ACTIVITEITEN:
            n += 1
            lst.append((f"L{n:03d}", f"{act} ({cel[0]}, {cel[1]}) – fictief", unit, price))
        products[cel] = lst
    diagnostiek = {}
    for p in sorted({c[0] for c in cellen}):
        n += 1
        diagnostiek[p] = (f"L{n:03d}", f"{DIAGNOSTIEK[0]} ({p}) – fictief", DIAGNOSTIEK[1], DIAGNOSTIEK[2])
    vervoer = []
    for act, unit, price in VERVOER:
        n += 1
        vervoer.append((f"L{n:03d}", f"{act} – fictief", unit, price))

    total = max(clients, MIN_CLIENTEN)
    weights = {
        c: PROFILE_WEIGHTS.get(c[0], 1) * INTENSITY_OVERRIDES.get(c[0], INTENSITY_WEIGHTS).get(c[1], 1) for c in cellen
    }
    rest = max(0, total - MIN_PER_CEL * len(cellen))
    wsum = sum(weights.values())
    per_cel = {c: MIN_PER_CEL + int(rest * weights[c] / wsum) for c in cellen}
    gemeenten = list(Gemeente.objects.filter(regio=regio).order_by("cbs_code"))
    # cumulative weights worked out once: ``choices`` with ``weights`` adds them up per call, then
    # draws exactly as with ``cum_weights`` (the same draws)
    g_cum = list(itertools.accumulate(g.inwoners or 10000 for g in gemeenten))
    aanbieders = list(synthetic.jeugd_aanbieders())
    a_cum = list(itertools.accumulate(5 if a.grootte == Aanbieder.Grootte.GROOT else 1 for a in aanbieders))
    year_start = dt.date(REFERENTIEJAAR, 1, 1)
    rows = []
    k = 0
    for cel in cellen:
        mean = anchor[cel]
        mu = math.log(mean) - SIGMA**2 / 2
        lo, hi = DUUR_MAANDEN.get(cel[1], (3, 12))
        for _ in range(per_cel[cel]):
            k += 1
            ref = f"S{seed}-{k:06d}"
            cost = rng.lognormvariate(mu, SIGMA)
            months = rng.randint(lo, hi)
            start = year_start + dt.timedelta(days=rng.randrange(0, max(1, 365 - months * 30) + 1))
            end = min(start + dt.timedelta(days=months * 30 - 1), dt.date(REFERENTIEJAAR, 12, 31))
            gemeente = rng.choices(gemeenten, cum_weights=g_cum)[0]
            aanbieder = rng.choices(aanbieders, cum_weights=a_cum)[0] if aanbieders else None
            herind = rng.random() < HERINDICATIE_AANDEEL
            chosen = rng.sample(products[cel], rng.randint(1, 3))
            if rng.random() < 0.15:
                chosen.append(diagnostiek[cel[0]])
            shares = [rng.random() + 0.2 for _ in chosen]
            shares[0] += 1.0  # a main product
            if rng.random() < 0.05:
                chosen.append(rng.choice(vervoer))
                shares.append(0.05)
            s = sum(shares)
            for (code, name, unit, price), share in zip(chosen, shares, strict=True):
                qty = (Decimal(repr(cost * share / s)) / price).quantize(Decimal("0.25"))
                if qty <= 0:
                    qty = Decimal("0.25")
                rows.append(
                    {
                        "historie_id": historie.pk, "client_ref": ref, "gemeente_id": gemeente.pk,
                        "aanbieder_id": aanbieder.pk if aanbieder else None, "product_code": code,
                        "product_naam": name, "eenheid": unit, "aantal": qty,
                        "bedrag": (qty * price).quantize(Decimal("0.01")), "begindatum": start, "einddatum": end,
                        "profiel_code": cel[0] if herind else "", "intensiteit_code": cel[1] if herind else "",
                    }
                )  # fmt: skip
            if len(rows) >= 20000:
                schrijven.dicts(Historieregel, rows)  # plain rows in batches (COPY on PostgreSQL)
                rows = []
    schrijven.dicts(Historieregel, rows)
    # the mapping proposal derived from the data, as a contract manager would start from
    koppeling_voorstellen(historie=historie, inkoopmodel=model, door=policy.systeem_actor("demo"))
    return historie
