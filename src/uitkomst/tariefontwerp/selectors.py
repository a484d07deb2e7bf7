"""Reads for the tariff design: the reference year's cost per client and cell, and the design itself.

Aggregation runs in SQL (one GROUP BY over the history lines); distributions are computed with
numpy/scipy on float arrays; amounts go back to Decimal, rounded to cents, only in the result.

The design follows the sources (documents 002 and 003): one fixed trajectory tariff per profile x
intensity, "based on the average price for the whole population" of that cell; cells with a cost
above EUR 25,000 (segment C, the one sourced threshold) get an extra check.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.conf import settings
from django.db.models import Avg, Count, Max, Min, Q, Sum
from scipy import stats

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Inkoopmodel, Intensiteit, Product, Profiel
from uitkomst.catalogus.selectors import tarieven_op_datum
from uitkomst.contractering.models import Aanbieder
from uitkomst.declaraties.models import TELT, Declaratieregel
from uitkomst.trajecten.models import Toewijzing
from uitkomst.uitkomsten.models import Uitkomstmeting
from uitkomst.utils.errors import Problem, ValidationFailed

from .models import Historie, Historieregel, Productkoppeling

SEGMENT_C = 25_000.0  # EUR; sourced (IJsselland: expensive trajectories get an extra check)
REGELS = {
    "gemiddelde": "populatiegemiddelde (zoals in de bronnen)",
    "getrimd": "getrimd gemiddelde",
    "percentiel": "percentiel",
}
HISTOGRAM_BAKKEN = 10
VOORSTEL_MEERDERHEID = 0.5  # share of re-assessed clients in one cell before a mapping is proposed
DAGEN_PER_MAAND = 365.25 / 12


def cent(value: float) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Clientkosten:
    """The reference year per client, as parallel numpy arrays (one element per client)."""

    client_refs: np.ndarray
    kosten: np.ndarray  # EUR, float
    duur_dagen: np.ndarray
    cel: np.ndarray  # index into ``cellen``, -1: none of the client's products is mapped
    aanbieder_id: np.ndarray  # provider of the client's largest mapped line (0: unknown)
    gemeente_id: np.ndarray
    cellen: list[tuple[str, str]]
    niet_gekoppeld: list[dict] = field(default_factory=list)  # legacy products without a mapping

    def van_gemeente(self, gemeente_id: int | None) -> Clientkosten:
        if gemeente_id is None:
            return self
        m = self.gemeente_id == gemeente_id
        return Clientkosten(
            self.client_refs[m], self.kosten[m], self.duur_dagen[m], self.cel[m], self.aanbieder_id[m],
            self.gemeente_id[m], self.cellen, self.niet_gekoppeld,
        )  # fmt: skip


def historie_list(*, user, regio=None):
    policy.vereis(user, "tariefontwerp.lezen", regio)
    qs = Historie.objects.select_related("regio")
    if regio is not None:
        qs = qs.filter(regio=regio)
    elif user.regio_id:
        qs = qs.filter(regio_id=user.regio_id)
    return qs


def laatste_historie(*, regio) -> Historie | None:
    return Historie.objects.filter(regio=regio).order_by("-referentiejaar", "-aangemaakt_op").first()


def cellen_van(inkoopmodel: Inkoopmodel) -> list[tuple[str, str]]:
    """The profile x intensity cells of a model that have a regular product, in matrix order."""
    return list(
        Product.objects.filter(inkoopmodel=inkoopmodel, profiel__isnull=False, intensiteit__isnull=False)
        .exclude(soort=Product.Soort.MAATWERK)
        .order_by("profiel__volgorde", "intensiteit__volgorde")
        .values_list("profiel__code", "intensiteit__code")
    )


def product_totalen(historie: Historie) -> list[dict]:
    """Per legacy product: clients, lines, units and amount (SQL aggregation)."""
    rows = (
        Historieregel.objects.filter(historie=historie)
        .values("product_code")
        .annotate(
            naam=Max("product_naam"),
            eenheid=Max("eenheid"),
            regels=Count("id"),
            clienten=Count("client_ref", distinct=True),
            aantal=Sum("aantal"),
            bedrag=Sum("bedrag"),
        )
        .order_by("product_code")
    )
    return list(rows)


def koppeling_voorstel(historie: Historie, inkoopmodel: Inkoopmodel) -> dict[str, dict]:
    """The mapping the data suggests: per legacy product, the cell most of its re-assessed clients got.

    A product none of whose clients was re-assessed gets no proposal (it is listed, never dropped)."""
    geldig = set(cellen_van(inkoopmodel))
    tellingen: dict[str, Counter] = defaultdict(Counter)
    rows = (
        Historieregel.objects.filter(historie=historie)
        .exclude(profiel_code="")
        .values_list("product_code", "profiel_code", "intensiteit_code", "client_ref")
        .distinct()
    )
    for code, profiel, intensiteit, _client in rows.iterator(chunk_size=20000):
        if (profiel, intensiteit) in geldig:
            tellingen[code][(profiel, intensiteit)] += 1
    result = {}
    for code, counter in tellingen.items():
        (cel, n), total = counter.most_common(1)[0], sum(counter.values())
        if n / total >= VOORSTEL_MEERDERHEID:  # no clear majority: no proposal, the product stays listed
            result[code] = {"cel": cel, "zekerheid": n / total, "clienten": total}
    return result


def koppelingen(historie: Historie) -> dict[str, tuple[str, str] | None]:
    """The saved mapping: product code -> (profile code, intensity code), or None when deliberately unmapped."""
    out = {}
    for code, p, i in Productkoppeling.objects.filter(historie=historie).values_list(
        "product_code", "profiel__code", "intensiteit__code"
    ):
        out[code] = (p, i) if p else None
    return out


def koppelingen_met_voorstel(historie: Historie, inkoopmodel: Inkoopmodel) -> dict:
    """The saved mapping, completed with the data's proposal for products nobody has decided on yet."""
    saved = koppelingen(historie)
    voorstel = {c: v["cel"] for c, v in koppeling_voorstel(historie, inkoopmodel).items() if c not in saved}
    return {**voorstel, **saved}


def clientkosten(historie: Historie, inkoopmodel: Inkoopmodel, mapping: dict | None = None) -> Clientkosten:
    """Aggregate the history to one cost, duration and cell per client (SQL GROUP BY, then numpy)."""
    mapping = koppelingen(historie) if mapping is None else mapping
    cellen = cellen_van(inkoopmodel)
    cel_index = {c: i for i, c in enumerate(cellen)}
    rows = list(
        Historieregel.objects.filter(historie=historie)
        .values("client_ref", "product_code", "aanbieder_id", "gemeente_id")
        .annotate(b=Sum("bedrag"), van=Min("begindatum"), tot=Max("einddatum"))
        .values_list("client_ref", "product_code", "aanbieder_id", "gemeente_id", "b", "van", "tot")
        .iterator(chunk_size=50000)
    )
    if not rows:
        raise ValidationFailed(
            f"De historie '{historie}' bevat geen zorg in het referentiejaar.", code="periode_zonder_data"
        )
    refs = np.array([r[0] for r in rows])
    bedrag = np.array([float(r[4]) for r in rows])
    van = np.array([r[5].toordinal() for r in rows])
    tot = np.array([r[6].toordinal() for r in rows])
    aanb = np.array([r[2] or 0 for r in rows])
    gem = np.array([r[3] for r in rows])
    product_codes = [r[1] for r in rows]
    line_cel = np.array(
        [cel_index.get(mapping.get(c) or ("", ""), -1) if mapping.get(c) else -1 for c in product_codes]
    )
    uniq, inv = np.unique(refs, return_inverse=True)
    n = len(uniq)
    kosten = np.bincount(inv, weights=bedrag, minlength=n)
    start = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(start, inv, van)
    eind = np.zeros(n, dtype=np.int64)
    np.maximum.at(eind, inv, tot)
    # the client's cell and provider: those of its largest mapped line
    key = np.where(line_cel >= 0, bedrag, -1.0)
    order = np.lexsort((-key, inv))
    first = order[np.r_[0, np.flatnonzero(np.diff(inv[order])) + 1]]
    cel = line_cel[first]
    niet = sorted({c for c in product_codes if c not in mapping})
    totals = {t["product_code"]: t for t in product_totalen(historie)} if niet else {}
    return Clientkosten(
        client_refs=uniq,
        kosten=kosten,
        duur_dagen=(eind - start + 1).astype(float),
        cel=cel,
        aanbieder_id=aanb[first],
        gemeente_id=gem[first],
        cellen=cellen,
        niet_gekoppeld=[
            {
                "product_code": c,
                "naam": totals[c]["naam"],
                "clienten": totals[c]["clienten"],
                "bedrag": cent(float(totals[c]["bedrag"])),
            }
            for c in niet
        ],
    )


def _getal(value, default: float) -> float:
    """A rule parameter as given by a page, the API or the CLI: a number or text (Dutch comma
    allowed); missing is the default, malformed is NaN, which the range checks below refuse."""
    if value is None or value == "":
        return default
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        return float("nan")


def _check_regel(regel: str, trim: float, percentiel: float, opgegeven: tuple = ()) -> None:
    trim_tekst, percentiel_tekst = opgegeven or (trim, percentiel)
    problems = []
    if regel not in REGELS:
        problems.append(("regel_onbekend", f"Onbekende regel '{regel}'; kies uit {', '.join(REGELS)}."))
    if not (0 <= trim < 0.5):
        problems.append(
            ("trim_ongeldig", f"Het trimpercentage moet tussen 0 en 0,5 liggen (opgegeven: {trim_tekst}).")
        )
    if not (1 <= percentiel <= 99):
        problems.append(("percentiel_ongeldig", f"Het percentiel moet tussen 1 en 99 liggen ({percentiel_tekst})."))
    if problems:
        raise ValidationFailed.from_problems([Problem(c, m) for c, m in problems])


def voorstel_bedrag(kosten: np.ndarray, regel: str, *, trim: float = 0.05, percentiel: float = 50.0) -> float:
    if regel == "gemiddelde":
        return float(kosten.mean())
    if regel == "getrimd":
        return float(stats.trim_mean(kosten, trim))
    return float(np.percentile(kosten, percentiel))


def ontwerp(
    *,
    user,
    historie: Historie,
    inkoopmodel: Inkoopmodel,
    regel: str = "gemiddelde",
    trim: float | str | None = 0.05,
    percentiel: float | str | None = 50.0,
    minimum: int | None = None,
    marge: float = 0.01,
    mapping: dict | None = None,
) -> dict:
    """The tariff design: per cell the distribution, the proposal by ``regel``, the budget check."""
    policy.vereis(user, "tariefontwerp.lezen", historie)
    opgegeven = (trim, percentiel)
    trim, percentiel = _getal(trim, 0.05), _getal(percentiel, 50.0)
    _check_regel(regel, trim, percentiel, opgegeven)
    minimum = settings.TARIEFONTWERP_MIN_CEL if minimum is None else minimum
    if minimum < 1 or minimum > 100_000:
        raise ValidationFailed(f"Minimale celgrootte {minimum} is ongeldig (1 tot 100.000).", code="minimum_ongeldig")
    if not (0 < marge <= 0.25):
        raise ValidationFailed(f"De marge {marge} moet tussen 0 en 0,25 liggen.", code="marge_ongeldig")
    ck = clientkosten(historie, inkoopmodel, mapping)
    namen_p = dict(Profiel.objects.filter(inkoopmodel=inkoopmodel).values_list("code", "naam"))
    namen_i = dict(Intensiteit.objects.filter(inkoopmodel=inkoopmodel).values_list("code", "naam"))
    cellen_out = []
    tarief_per_cel = np.full(len(ck.cellen), np.nan)
    for idx, (p, i) in enumerate(ck.cellen):
        m = ck.cel == idx
        x = ck.kosten[m]
        d = ck.duur_dagen[m] / DAGEN_PER_MAAND
        item = {"profiel": p, "intensiteit": i, "naam": f"{namen_p.get(p, p)} – {namen_i.get(i, i)}",
                "aantal": int(m.sum()), "te_weinig": bool(m.sum() < minimum), "voorstel": None}  # fmt: skip
        if len(x):
            counts, edges = np.histogram(x, bins=HISTOGRAM_BAKKEN)
            q = np.percentile(x, [10, 25, 50, 75, 90])
            item.update(
                {
                    "gemiddelde": cent(x.mean()),
                    "mediaan": cent(q[2]),
                    "p10": cent(q[0]),
                    "p25": cent(q[1]),
                    "p75": cent(q[3]),
                    "p90": cent(q[4]),
                    "minimum": cent(x.min()),
                    "maximum": cent(x.max()),
                    "totaal": cent(x.sum()),
                    "duur_maanden_gemiddeld": round(float(d.mean()), 1),
                    "duur_maanden_mediaan": round(float(np.median(d)), 1),
                    "histogram": [
                        {"van": cent(edges[k]), "tot": cent(edges[k + 1]), "aantal": int(counts[k])}
                        for k in range(len(counts))
                    ],
                    "segment_c": [
                        {"client": str(ref), "kosten": cent(c)}
                        for ref, c in sorted(zip(ck.client_refs[m][x > SEGMENT_C], x[x > SEGMENT_C], strict=True),
                                             key=lambda t: -t[1])[:50]
                    ],  # fmt: skip
                    "aantal_segment_c": int((x > SEGMENT_C).sum()),
                }
            )
            if not item["te_weinig"]:
                bedrag = cent(voorstel_bedrag(x, regel, trim=trim, percentiel=percentiel))
                tarief_per_cel[idx] = float(bedrag)
                item["voorstel"] = bedrag
                item["aandeel_boven_tarief"] = round(float((x > float(bedrag)).mean()), 4)
        cellen_out.append(item)

    # budget-neutral check: the reference year's cost of the clients in proposed cells vs tariff x count
    with_tariff = ck.cel >= 0
    with_tariff[with_tariff] = ~np.isnan(tarief_per_cel[ck.cel[with_tariff]])
    referentie = float(ck.kosten[with_tariff].sum())
    nieuw = float(tarief_per_cel[ck.cel[with_tariff]].sum()) if with_tariff.any() else 0.0
    afwijking = (nieuw - referentie) / referentie if referentie else 0.0
    zonder_cel = ck.cel < 0
    # effect per provider
    per_aanbieder = []
    ids = ck.aanbieder_id[with_tariff]
    ref_p = np.bincount(ids, weights=ck.kosten[with_tariff]) if len(ids) else np.array([])
    new_p = np.bincount(ids, weights=tarief_per_cel[ck.cel[with_tariff]]) if len(ids) else np.array([])
    aanbieders = {a.pk: a for a in Aanbieder.objects.filter(pk__in=np.unique(ids).tolist())}
    for pk in np.flatnonzero(ref_p):
        a = aanbieders.get(int(pk))
        per_aanbieder.append(
            {
                "aanbieder": a.naam if a else "onbekend",
                "agb_code": a.agb_code if a else "",
                "grootte": a.grootte if a else "",
                "clienten": int((ids == pk).sum()),
                "referentie": cent(ref_p[pk]),
                "voorstel": cent(new_p[pk]),
                "verschil": cent(new_p[pk] - ref_p[pk]),
                "verschil_pct": round(float((new_p[pk] - ref_p[pk]) / ref_p[pk]), 4),
            }
        )
    per_aanbieder.sort(key=lambda r: r["verschil"])
    return {
        "historie": str(historie),
        "referentiejaar": historie.referentiejaar,
        "synthetisch": historie.is_synthetisch,
        "inkoopmodel": inkoopmodel.code,
        "regel": regel,
        "regel_naam": REGELS[regel],
        "parameters": {"trim": trim, "percentiel": percentiel, "minimum_celgrootte": minimum, "marge": marge},
        "cellen": cellen_out,
        "aantal_voorstellen": int((~np.isnan(tarief_per_cel)).sum()),
        "te_weinig": [f"{c['profiel']}-{c['intensiteit']}" for c in cellen_out if c["te_weinig"]],
        "niet_gekoppeld": ck.niet_gekoppeld,
        "clienten": len(ck.kosten),
        "clienten_zonder_cel": int(zonder_cel.sum()),
        "kosten_zonder_cel": cent(ck.kosten[zonder_cel].sum()),
        "budget": {
            "referentie": cent(referentie),
            "voorstel": cent(nieuw),
            "verschil": cent(nieuw - referentie),
            "afwijking": round(afwijking, 6),
            "budgetneutraal": abs(afwijking) <= marge,
        },
        "per_aanbieder": per_aanbieder,
    }


def herziening(*, user, inkoopmodel: Inkoopmodel, jaar: int) -> list[dict]:
    """The review after a year: per cell the tariff set for ``jaar`` against what was realised in it:
    assignments started, the amount invoiced per assignment, the duration and the outcomes (SQL aggregates)."""
    policy.vereis(user, "tariefontwerp.lezen", inkoopmodel)
    van, tot = dt.date(jaar, 1, 1), dt.date(jaar, 12, 31)
    tarieven = {
        t.product_id: t.bedrag for t in tarieven_op_datum(van).filter(product__inkoopmodel=inkoopmodel)
    }
    gefactureerd = dict(
        Declaratieregel.objects.filter(
            toewijzing__product__inkoopmodel=inkoopmodel, toewijzing__startdatum__range=(van, tot), status__in=TELT
        )
        .values("toewijzing__product_id")
        .annotate(s=Sum("bedrag"))
        .values_list("toewijzing__product_id", "s")
    )
    toewijzingen = dict(
        Toewijzing.objects.filter(product__inkoopmodel=inkoopmodel, startdatum__range=(van, tot))
        .values("product_id")
        .annotate(n=Count("id"))
        .values_list("product_id", "n")
    )
    metingen = {
        r["product_id"]: r
        for r in Uitkomstmeting.objects.filter(inkoopmodel=inkoopmodel, beeindigd_op__range=(van, tot))
        .values("product_id")
        .annotate(
            n=Count("id"),
            zonder_hulp=Count("id", filter=Q(zonder_hulp_verder=True)),
            afgenomen=Count("id", filter=Q(probleem_afgenomen=True)),
            duur=Avg("duur_dagen"),
        )
    }
    rows = []
    for p in Product.objects.filter(inkoopmodel=inkoopmodel, profiel__isnull=False, intensiteit__isnull=False).exclude(
        soort=Product.Soort.MAATWERK
    ).select_related("profiel", "intensiteit").order_by("profiel__volgorde", "intensiteit__volgorde"):
        n = toewijzingen.get(p.pk, 0)
        m = metingen.get(p.pk, {})
        tarief = tarieven.get(p.pk)
        per = (gefactureerd.get(p.pk) or Decimal(0)) / n if n else None
        rows.append({
            "product": p.code, "profiel": p.profiel.code, "intensiteit": p.intensiteit.code, "tarief": tarief,
            "toewijzingen": n, "gefactureerd_per_toewijzing": cent(float(per)) if per is not None else None,
            "verhouding": round(float(per / tarief), 4) if per is not None and tarief else None,
            "beeindigd": m.get("n", 0),
            "zonder_hulp_verder": round(m["zonder_hulp"] / m["n"], 4) if m.get("n") else None,
            "probleem_afgenomen": round(m["afgenomen"] / m["n"], 4) if m.get("n") else None,
            "duur_maanden": round(float(m["duur"]) / DAGEN_PER_MAAND, 1) if m.get("duur") else None,
        })  # fmt: skip
    return rows
