"""Queries on contract forms: lists, the framework map, similarity, versions and portfolios.

Contract forms describe public procurement choices (no personal data). Reading them needs an
account; who may change them is decided by ``accounts.policy`` (``contractvormen.contractvorm_beheren``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Prefetch, Q, QuerySet

from uitkomst.catalogus import vocabulaire
from uitkomst.catalogus.models import Bekostigingsvorm, Product, Profiel
from uitkomst.contractering.selectors import gecontracteerde_aanbieders, procedure_van_inkoopmodel
from uitkomst.utils import klok

from . import classificatie
from .models import Contractvorm, Portfolioregel, Tekstlezing


def can_read(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


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


def aanbieders_in_portfolio(*, user=None) -> list[dict]:
    """Every provider on a portfolio line: real providers (by uuid) and names without one."""
    rows: dict[tuple, dict] = {}
    for naam, uuid in Portfolioregel.objects.values_list("aanbieder_naam", "aanbieder__uuid"):
        key = (uuid or naam,)
        row = rows.setdefault(key, {"naam": naam, "uuid": uuid, "aantal": 0})
        row["aantal"] += 1
    return sorted(rows.values(), key=lambda r: r["naam"].lower())


def portfolio_contractvormen(*, aanbieder=None, aanbieder_naam: str | None = None, user=None) -> list[Contractvorm]:
    """Every contract form a provider works under.

    For a real provider (``contractering.Aanbieder``): the forms whose portfolio names it, the forms
    derived from the purchasing models it holds a framework agreement for, and the forms of the
    municipalities in its work area and of their regions (document 000: a provider deals with the
    contract forms of every municipality it works for). For a bare name: the portfolio lines only.
    """
    qs = contractvorm_list(user=user)
    if aanbieder is None:
        return list(qs.filter(portfolio__aanbieder_naam=aanbieder_naam or "").distinct())
    from uitkomst.contractering.models import Raamovereenkomst

    gebieden = werkgebieden(aanbieder=aanbieder)
    modellen = Raamovereenkomst.objects.filter(aanbieder=aanbieder).values_list("inkoopmodel_id", flat=True)
    q = Q(portfolio__aanbieder=aanbieder) | Q(inkoopmodel_id__in=list(modellen))
    if gebieden:
        q |= Q(gebied__in=gebieden)
    return list(qs.filter(q).distinct())


def portfolio_aanbieders(*, user=None):
    """Real providers (contracting) to pick a portfolio for."""
    from uitkomst.contractering.models import Aanbieder

    return Aanbieder.objects.order_by("naam").only("uuid", "naam")


def portfolio_aanbieder(*, keuze: str, user=None):
    """The real provider a portfolio is asked for: by uuid, or a provider user's own provider."""
    import uuid as uuidlib

    from uitkomst.accounts import policy
    from uitkomst.contractering.models import Aanbieder

    if keuze:
        try:
            return Aanbieder.objects.filter(uuid=uuidlib.UUID(keuze)).first()
        except ValueError:
            return None
    eigen = policy.eigen_aanbieder_id(user) if getattr(user, "is_authenticated", False) else None
    return Aanbieder.objects.filter(pk=eigen).first() if eigen else None


def _gemeenten_van(aanbieder):
    from uitkomst.organisaties.models import Gemeente

    return (
        Gemeente.objects.filter(
            Q(aanbieders=aanbieder) | Q(regio__inkoopmodellen__raamovereenkomsten__aanbieder=aanbieder)
        )
        .select_related("regio")
        .distinct()
        .order_by("naam")
    )


def werkgebied_overzicht(*, aanbieder, forms: list[Contractvorm]) -> list[dict]:
    """Per municipality the provider works for: the contract forms that apply there (its own or its
    region's); a municipality without a known form is listed too."""
    out = []
    for g in _gemeenten_van(aanbieder):
        names = {g.naam, f"Gemeente {g.naam}", g.regio.naam, f"Regio {g.regio.naam}"}
        out.append({"gemeente": g, "contractvormen": [cv for cv in forms if cv.gebied in names]})
    return out


def werkgebieden(*, aanbieder) -> list[str]:
    """Names of the municipalities a provider works for (its work area and the municipalities of the
    regions it holds agreements in) and of their regions, as contract forms name their area."""
    gemeenten = _gemeenten_van(aanbieder)
    names: set[str] = set()
    for g in gemeenten:
        names |= {g.naam, f"Gemeente {g.naam}", g.regio.naam, f"Regio {g.regio.naam}"}
    return sorted(names)


def portfolio(*, aanbieder_naam: str | None = None, aanbieder=None, user=None, forms=None) -> list[dict]:
    """Every form a provider works under, grouped by archetype (similar forms), with what the
    group means in practice (quadrant questions, warnings) for that provider."""
    if forms is None:
        forms = portfolio_contractvormen(aanbieder=aanbieder, aanbieder_naam=aanbieder_naam, user=user)
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


def bevestigde_lezingen(*, user=None) -> QuerySet[Tekstlezing]:
    """Readings whose answers a user confirmed or corrected: labelled data for evaluation."""
    return (
        Tekstlezing.objects.filter(contractvorm__isnull=False, bevestigd_op__isnull=False)
        .select_related("contractvorm")
        .prefetch_related("correcties")
        .order_by("bevestigd_op", "pk")
    )


def open_lezing(*, uuid, user) -> Tekstlezing | None:
    """A kept, not yet confirmed reading of this user."""
    return Tekstlezing.objects.filter(uuid=uuid, door=user, contractvorm__isnull=True).first()


# --- derived from configuration ----------------------------------------------------------------------------

RESULTAAT = {
    Bekostigingsvorm.TRAJECT,
    Bekostigingsvorm.WEEK,
    Bekostigingsvorm.ARRANGEMENT,
    Bekostigingsvorm.PERIODE,  # Wmo: a fixed amount per month for a result (integral home support)
    Bekostigingsvorm.STUK,  # an aid bought per item
}


def _gecontracteerd(producten: list[Product], peildatum: dt.date) -> int | None:
    """Distinct providers contracted for the model's products, or None when there is no contracting data."""
    seen: set = set()
    for p in producten:
        seen.update(gecontracteerde_aanbieders(product=p, datum=peildatum).values_list("pk", flat=True))
    return len(seen) or None


def _peildatum(inkoopmodel, peildatum: dt.date | None) -> dt.date:
    peildatum = peildatum or max(inkoopmodel.geldig_van, klok.vandaag())
    if inkoopmodel.geldig_tot and peildatum > inkoopmodel.geldig_tot:
        peildatum = inkoopmodel.geldig_tot
    return peildatum


def procedure_uit_inkoopmodel(*, inkoopmodel, peildatum: dt.date | None = None) -> tuple[str, str]:
    """The procurement procedure of the real contract behind a purchasing model (the contracting
    procedure of its agreements, see ``contractering.selectors.procedure_van_inkoopmodel``), as a
    code of the shared vocabulary with an explanation; ``onbekend`` when contracting has none."""
    procedure = procedure_van_inkoopmodel(inkoopmodel=inkoopmodel, datum=_peildatum(inkoopmodel, peildatum))
    if procedure is None:
        return classificatie.ONBEKEND, "Er is geen inkoopprocedure van dit model vastgelegd in de contractering."
    return procedure.soort, (
        f"Volgens de contractering is het model ingekocht met '{procedure.naam}' "
        f"({vocabulaire.procedure_label(procedure.soort)})."
    )


def antwoorden_uit_inkoopmodel(*, inkoopmodel, peildatum: dt.date | None = None) -> tuple[dict, dict]:
    """The contract form a catalogue purchasing model implies: (answers, explanation per answer).

    Reads the products' funding, their profiles' kind and the stacking rule; the number of providers
    comes from contracting data when there is any, else from the model's real procurement procedure
    (open admission or competition), else from the model itself.
    """
    peildatum = _peildatum(inkoopmodel, peildatum)
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
    proc = vocabulaire.procedure(procedure_uit_inkoopmodel(inkoopmodel=inkoopmodel, peildatum=peildatum)[0]) or {}
    if n is not None:
        antwoorden["aanbieders"] = "hoofdaannemer" if n == 1 else ("beperkt" if n <= 3 else "open")
        uitleg["aanbieders"] = f"Volgens de contractering zijn op {peildatum:%d-%m-%Y} {n} aanbieders gecontracteerd."
    elif proc.get("open_toetreding") or proc.get("competitief"):
        antwoorden["aanbieders"] = "open" if proc["open_toetreding"] else "beperkt"
        uitleg["aanbieders"] = (
            f"Geen contractgegevens; de inkoopprocedure ({proc['label']}) "
            + ("laat iedere aanbieder toe die de voorwaarden aanvaardt." if proc["open_toetreding"]
               else "laat de beste inschrijvingen winnen: een selectie van aanbieders.")
        )  # fmt: skip
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
