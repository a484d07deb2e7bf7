"""Queries on contract forms: lists, the framework map, similarity, versions and portfolios.

Contract forms describe public procurement choices (no personal data). Reading them needs an
account; changing them needs ``contractering.beheren`` or ``catalogus.beheren`` (see ``can_manage``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Prefetch, QuerySet

from uitkomst.catalogus.models import Bekostigingsvorm, Product, Profiel

from . import classificatie
from .models import Contractvorm, Portfolioregel


def can_read(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_manage(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.has_right("contractering.beheren") or user.has_right("catalogus.beheren"))
    )


def contractvorm_list(*, user=None) -> QuerySet[Contractvorm]:
    return Contractvorm.objects.prefetch_related(
        Prefetch("portfolio", queryset=Portfolioregel.objects.order_by("aanbieder_naam"))
    ).order_by("gebied", "jaar", "naam")


def contractvorm_get(*, user=None, uuid) -> Contractvorm:
    return contractvorm_list(user=user).get(uuid=uuid)


# --- the map --------------------------------------------------------------------------------------------


def kaartpunten(contractvormen) -> list[dict]:
    """One point per form with a known position, numbered for the legend table."""
    out = []
    for n, cv in enumerate(contractvormen, start=1):
        c = cv.classificatie()
        out.append(
            {
                "nummer": n,
                "contractvorm": cv,
                "naam": cv.naam,
                "gebied": cv.gebied,
                "jaar": cv.jaar,
                "fictief": cv.is_fictief,
                "x": c.positie["x"],
                "y": c.positie["y"],
                "archetype": c.archetype,
                "archetype_naam": classificatie.archetypen()[c.archetype]["naam"] if c.archetype else None,
                "kwadrant": c.kwadrant,
                "aantal_waarschuwingen": len(c.waarschuwingen),
            }
        )
    return out


def archetypepunten() -> list[dict]:
    """The archetypes themselves as reference points on the map."""
    out = []
    for code, a in classificatie.archetypen().items():
        p = classificatie.positie(a["antwoorden"])
        out.append({"code": code, "naam": a["naam"], "x": p["x"], "y": p["y"]})
    return out


# --- similarity and versions ------------------------------------------------------------------------------


def vergelijkbaar(*, contractvorm: Contractvorm, aantal: int = 10, user=None) -> list[tuple[Contractvorm, float]]:
    """Other forms ranked by similarity (1 = the same answers), most similar first."""
    mine = contractvorm.antwoorden
    scored = []
    for other in contractvorm_list(user=user).exclude(pk=contractvorm.pk):
        g = classificatie.gelijkenis(mine, other.antwoorden)
        if g is not None:
            scored.append((other, g))
    scored.sort(key=lambda t: (-t[1], t[0].gebied, t[0].jaar))
    return scored[:aantal]


def versies(*, gebied: str, user=None) -> list[Contractvorm]:
    """All forms of one municipality or region, oldest first."""
    return list(contractvorm_list(user=user).filter(gebied=gebied).order_by("jaar", "aangemaakt_op"))


def vergelijking(a: Contractvorm, b: Contractvorm) -> dict:
    """Compare two forms; when both belong to the same area, the older one is the starting point."""
    zelfde_gebied = a.gebied == b.gebied
    oud, nieuw = (a, b) if (not zelfde_gebied or a.jaar <= b.jaar) else (b, a)
    return {
        "oud": oud,
        "nieuw": nieuw,
        "zelfde_gebied": zelfde_gebied,
        "gelijkenis": classificatie.gelijkenis(oud.antwoorden, nieuw.antwoorden),
        "verschillen": [
            {
                **d,
                "label": classificatie.vocabulaire()["vragen"][d["sleutel"]]["label"],
                "oud_label": classificatie.label(d["sleutel"], d["oud"]),
                "nieuw_label": classificatie.label(d["sleutel"], d["nieuw"]),
            }
            for d in classificatie.verschillen(oud.antwoorden, nieuw.antwoorden)
        ],
        "richting": classificatie.richting(oud.antwoorden, nieuw.antwoorden),
        "oud_classificatie": oud.classificatie(),
        "nieuw_classificatie": nieuw.classificatie(),
    }


# --- provider portfolio -------------------------------------------------------------------------------------


def aanbieders_in_portfolio(*, user=None) -> list[tuple[str, int]]:
    counts = Counter(Portfolioregel.objects.values_list("aanbieder_naam", flat=True))
    return sorted(counts.items(), key=lambda t: t[0].lower())


def portfolio(*, aanbieder_naam: str, user=None) -> list[dict]:
    """Every form a provider works under, grouped by archetype (similar forms), with what the
    group means in practice (quadrant questions, warnings) for that provider."""
    forms = list(contractvorm_list(user=user).filter(portfolio__aanbieder_naam=aanbieder_naam).distinct())
    groups: dict[str | None, list[Contractvorm]] = defaultdict(list)
    for cv in forms:
        groups[cv.classificatie().archetype].append(cv)
    order = list(classificatie.archetypen())
    out = []
    for code in sorted(groups, key=lambda c: order.index(c) if c in order else len(order)):
        members = groups[code]
        kwadranten = Counter(cv.classificatie().kwadrant for cv in members)
        main_kwadrant = kwadranten.most_common(1)[0][0]
        warnings = {w["code"]: w for cv in members for w in cv.classificatie().waarschuwingen}
        out.append(
            {
                "archetype": classificatie.archetype_info(code),
                "contractvormen": members,
                "kwadrant": classificatie.kwadrant_info(main_kwadrant),
                "waarschuwingen": list(warnings.values()),
            }
        )
    return out


# --- derived from configuration ----------------------------------------------------------------------------

RESULTAAT = {Bekostigingsvorm.TRAJECT, Bekostigingsvorm.WEEK, Bekostigingsvorm.ARRANGEMENT}


def _gecontracteerd(producten: list[Product], peildatum: dt.date) -> int | None:
    """Distinct providers contracted for the model's products, or None when there is no contracting data."""
    from uitkomst.contractering.selectors import gecontracteerde_aanbieders

    seen: set = set()
    for p in producten:
        seen.update(gecontracteerde_aanbieders(product=p, datum=peildatum).values_list("pk", flat=True))
    return len(seen) or None


def antwoorden_uit_inkoopmodel(*, inkoopmodel, peildatum: dt.date | None = None) -> tuple[dict, dict]:
    """The contract form a catalogue purchasing model implies: (answers, explanation per answer).

    Reads the products' funding, their profiles' kind and the stacking rule; the number of providers
    comes from contracting data when there is any, else from the model itself.
    """
    peildatum = peildatum or max(inkoopmodel.geldig_van, dt.date.today())
    if inkoopmodel.geldig_tot and peildatum > inkoopmodel.geldig_tot:
        peildatum = inkoopmodel.geldig_tot
    producten = list(
        inkoopmodel.producten.select_related("profiel").exclude(soort=Product.Soort.MAATWERK).order_by("code")
    )
    regulier = [p for p in producten if p.soort == Product.Soort.REGULIER] or producten
    antwoorden = dict.fromkeys(classificatie.SLEUTELS, classificatie.ONBEKEND)
    uitleg: dict[str, str] = {}
    if not regulier:
        return antwoorden, dict.fromkeys(classificatie.SLEUTELS, "Het model heeft geen producten.")

    funding = Counter(p.bekostiging for p in regulier)
    main, n_main = funding.most_common(1)[0]
    if main in RESULTAAT:
        antwoorden["bekostiging"] = "resultaat"
    elif main == Bekostigingsvorm.INSPANNING:
        antwoorden["bekostiging"] = "inspanning"
    else:  # taakgericht: a lump sum for a whole task or area
        antwoorden["bekostiging"] = "populatie"
    uitleg["bekostiging"] = f"{n_main} van {len(regulier)} producten: {Bekostigingsvorm(main).label}."

    soorten = Counter(p.profiel.soort for p in regulier if p.profiel)
    if main == Bekostigingsvorm.TAAK:
        antwoorden["scope"] = "integraal"
        uitleg["scope"] = "Taakgerichte bekostiging: één opdracht voor een heel gebied."
    elif soorten:
        soort, n = soorten.most_common(1)[0]
        antwoorden["scope"] = "product" if soort == Profiel.Soort.PRODUCTGROEP else "arrangement"
        uitleg["scope"] = f"{n} producten horen bij een {Profiel.Soort(soort).label}."
    else:
        antwoorden["scope"] = "product"
        uitleg["scope"] = "De producten staan los, zonder profiel of arrangement."

    apart = sum(1 for p in regulier if not p.mag_stapelen)
    if main == Bekostigingsvorm.TAAK:
        antwoorden["regie"] = "aanbieder"
        uitleg["regie"] = "De opdrachtnemer van een taakgericht contract organiseert toegang en hulp zelf."
    elif apart * 2 > len(regulier):
        antwoorden["regie"] = "gedeeld"
        uitleg["regie"] = (
            f"{apart} van {len(regulier)} producten mogen niet naast een ander traject: "
            "één verantwoordelijke aanbieder coördineert de hulp."
        )
    else:
        antwoorden["regie"] = "gemeente"
        uitleg["regie"] = "Producten mogen naast elkaar worden ingezet: de toegang houdt de samenhang."

    if main in (Bekostigingsvorm.TRAJECT, Bekostigingsvorm.ARRANGEMENT, Bekostigingsvorm.TAAK):
        antwoorden["bepaalt_inhoud"] = "aanbieder"
        uitleg["bepaalt_inhoud"] = (
            "Een vast bedrag voor het hele traject: de aanbieder bepaalt hoe de doelen worden gehaald."
        )
    else:
        antwoorden["bepaalt_inhoud"] = "gemeente"
        uitleg["bepaalt_inhoud"] = "De toegang legt de omvang van de hulp (uren of weken en intensiteit) vast."

    n = _gecontracteerd(regulier, peildatum)
    if n is not None:
        antwoorden["aanbieders"] = "hoofdaannemer" if n == 1 else ("beperkt" if n <= 3 else "open")
        uitleg["aanbieders"] = f"Volgens de contractering zijn op {peildatum:%d-%m-%Y} {n} aanbieders gecontracteerd."
    elif main == Bekostigingsvorm.TAAK:
        antwoorden["aanbieders"] = "hoofdaannemer"
        uitleg["aanbieders"] = "Geen contractgegevens; een taakgericht contract gaat naar één opdrachtnemer per gebied."
    else:
        antwoorden["aanbieders"] = "open"
        uitleg["aanbieders"] = (
            "Geen contractgegevens; raamovereenkomsten per product voor iedere aanbieder die voldoet."
        )

    if antwoorden["aanbieders"] == "hoofdaannemer":
        antwoorden["kiest_aanbieder"] = "gemeente"
        uitleg["kiest_aanbieder"] = "Eén opdrachtnemer: de gemeente heeft de aanbieder al gekozen."
    else:
        antwoorden["kiest_aanbieder"] = "client"
        uitleg["kiest_aanbieder"] = "Meerdere aanbieders per product: de cliënt kiest."
    return antwoorden, uitleg
