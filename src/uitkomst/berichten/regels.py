"""The rules of the standard a municipality applies to messages, as pure functions over facts.

Each rule returns the official retourcode (WJ001) with a Dutch explanation and the rule it comes
from (TRxxx, OPxxx, CSxxx). ``services`` loads the facts and applies the outcome; nothing here
touches the database or XML. See docs/berichten.md for the rules implemented and not, one by one.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from uitkomst.catalogus.models import Bekostigingsvorm

from . import inhoud
from .codes import JZ588, TIJDELIJK, WMO588_NAAR_JZ588, Bevinding

CENT = Decimal("0.01")
VAST = {Bekostigingsvorm.TRAJECT, Bekostigingsvorm.ARRANGEMENT}


def fout(code: str, melding: str, regel: str | None = None) -> Bevinding:
    return Bevinding(code=code, melding=melding, regel=regel, niveau="inhoudelijk")


def datum(d: dt.date | None) -> str:
    return f"{d:%d-%m-%Y}" if d else "—"


def werkdagen_later(dag: dt.date, n: int) -> dt.date:
    """``n`` working days (Monday to Friday) after ``dag``; public holidays are not counted out."""
    while n > 0:
        dag += dt.timedelta(days=1)
        if dag.weekday() < 5:
            n -= 1
    return dag


def eurocent(bedrag: Decimal) -> int:
    return int((bedrag * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def euro(cent: int) -> Decimal:
    return (Decimal(cent) / 100).quantize(CENT)


def laatste_dag(d: dt.date) -> dt.date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


# --- assignments: the execution variants ------------------------------------------------------------


@dataclass
class ProductFeit:
    """What the messages need of a catalogue product."""

    pk: int
    code: str
    bekostiging: str
    ijw_eenheid: str
    categorie: str
    productcode: str  # national/municipal code (5 chars), empty: aspecific

    @property
    def uitvoeringsvariant(self) -> str:
        return {"inspanning": "inspanningsgericht", "taak": "taakgericht"}.get(self.bekostiging, "outputgericht")


class GeenOmvang(ValueError):
    """The assignment cannot be expressed yet (a P×Q assignment without an agreed volume)."""


def omvang_of_budget(
    product: ProductFeit, *, budget: Decimal, volume: Decimal | None
) -> tuple[inhoud.Omvang | None, int | None]:
    """The Omvang or the Budget of a JW301 per execution variant (REFERENCE.md §5.1, OP261-OP263).

    - outputgericht trajectory (fixed amount): Eenheid 83 euro's with Volume = the price in eurocent and
      Frequentie 6 (total within the assignment), or Eenheid 82 stuks with Volume 1, Frequentie 6;
    - outputgericht weekly tariff: Eenheid 82 (or 83) per week (Frequentie 2; the end date is set);
    - outputgericht per month (Wmo integral home support, the lease of an aid): Eenheid 83 with the
      monthly amount in eurocent, or Eenheid 82 with Volume 1, Frequentie 4 (per maand);
    - outputgericht per item (Wmo aid bought): Eenheid 82, Volume 1, Frequentie 6 (one item in total);
    - inspanningsgericht (P×Q): the agreed volume in the product's unit (04 uur, 16 dagdeel, 14 etmaal,
      84 stuks), Frequentie 6; a fractional number of hours is expressed in minutes (01);
    - aspecific (no product code): no Omvang (CD080), the budget instead;
    - taakgericht: no client-level assignment at all (raises).
    """
    if product.bekostiging == Bekostigingsvorm.TAAK:
        raise GeenOmvang("Taakgerichte bekostiging kent geen toewijzing per cliënt (geen JW301).")
    if not product.productcode:
        return None, eurocent(budget)
    if product.bekostiging in VAST:
        if product.ijw_eenheid == "83":
            return inhoud.Omvang(Volume=eurocent(budget), Eenheid="83", Frequentie="6"), None
        return inhoud.Omvang(Volume=1, Eenheid="82", Frequentie="6"), None
    if product.bekostiging == Bekostigingsvorm.WEEK:
        if product.ijw_eenheid == "83":
            return inhoud.Omvang(Volume=eurocent(budget), Eenheid="83", Frequentie="2"), None
        return inhoud.Omvang(Volume=1, Eenheid="82", Frequentie="2"), None
    if product.bekostiging == Bekostigingsvorm.PERIODE:  # Wmo: a fixed amount per month (IV042)
        if product.ijw_eenheid == "83":
            return inhoud.Omvang(Volume=eurocent(budget), Eenheid="83", Frequentie="4"), None
        return inhoud.Omvang(Volume=1, Eenheid="82", Frequentie="4"), None
    if product.bekostiging == Bekostigingsvorm.STUK:  # Wmo aid bought: one item within the assignment
        return inhoud.Omvang(Volume=1, Eenheid="82", Frequentie="6"), None
    if volume is None:
        raise GeenOmvang("Voor deze inspanningsgerichte toewijzing is nog geen volume vastgelegd.")
    eenheid = product.ijw_eenheid or "04"
    if volume != volume.to_integral_value():
        if eenheid == "04":
            return inhoud.Omvang(
                Volume=int((volume * 60).to_integral_value(ROUND_HALF_UP)), Eenheid="01", Frequentie="6"
            ), None
        volume = volume.to_integral_value(ROUND_HALF_UP)
    return inhoud.Omvang(Volume=int(volume), Eenheid=eenheid, Frequentie="6"), None


def eenheden_uit_omvang(
    omvang: inhoud.Omvang | None, *, ingangsdatum: dt.date, einddatum: dt.date | None
) -> Decimal | None:
    """The total volume a requested Omvang stands for (for a P×Q volume agreement, in the unit)."""
    if omvang is None:
        return None
    volume = Decimal(omvang.Volume)
    if omvang.Eenheid == "01":
        volume = (volume / 60).quantize(CENT)
    if omvang.Frequentie == "6" or einddatum is None:
        return volume
    dagen = (einddatum - ingangsdatum).days + 1
    per = {"1": Decimal(dagen), "2": Decimal(dagen) / 7, "4": Decimal(dagen) * 12 / 365}[omvang.Frequentie]
    return (volume * per).quantize(CENT, rounding=ROUND_HALF_UP)


# --- start and stop (JW305 / JW307) -------------------------------------------------------------------


@dataclass
class LeveringFeit:
    pk: int
    soort: str  # start / stop
    begindatum: dt.date
    einddatum: dt.date | None = None
    reden: str = ""


@dataclass
class ToewijzingFeit:
    pk: int
    gemeente_id: int
    aanbieder_id: int
    bsn_pseudoniem: str
    categorie: str
    productcode: str
    startdatum: dt.date
    einddatum: dt.date
    status: str  # trajectory status
    gestart_op: dt.date | None = None
    beeindigd_op: dt.date | None = None
    verwijderd: bool = False  # withdrawn / declined: told to the provider with RedenWijziging 13
    leveringen: list[LeveringFeit] = field(default_factory=list)


def _koppeling(nummer, product, ingangsdatum, t: ToewijzingFeit | None, *, gemeente_id, aanbieder_id, pseudoniem):
    """TR019: the regiebericht must be linked to an assignment of this municipality and provider."""
    if nummer is None:
        return fout(
            "9019",
            "Het ToewijzingNummer ontbreekt: zonder nummer is er geen toewijzing te koppelen "
            "(alleen taakgerichte producten worden zonder nummer gemeld).",
            "TR019",
        )
    if t is None or t.gemeente_id != gemeente_id:
        return fout("9019", f"Toewijzing {nummer} is bij deze gemeente niet bekend.", "TR019")
    if t.aanbieder_id != aanbieder_id:
        return fout("9019", f"Toewijzing {nummer} is niet aan uw organisatie gegeven.", "TR019")
    if t.bsn_pseudoniem != pseudoniem:
        return fout("9019", f"Toewijzing {nummer} hoort niet bij deze cliënt (BSN).", "TR019")
    if product is not None and (product.Categorie != t.categorie or (product.Code or "") != (t.productcode or "")):
        return fout(
            "9019",
            f"Het product {product.Categorie}/{product.Code or '-'} wijkt af van toewijzing {nummer} "
            f"({t.categorie}/{t.productcode or '-'}).",
            "TR019",
        )
    if ingangsdatum is not None and ingangsdatum != t.startdatum:
        return fout(
            "9019",
            f"ToewijzingIngangsdatum {datum(ingangsdatum)} is niet de ingangsdatum van toewijzing {nummer} "
            f"({datum(t.startdatum)}).",
            "TR019",
        )
    if t.verwijderd:
        return fout("9019", f"Toewijzing {nummer} is ingetrokken of geweigerd; er is geen actuele toewijzing.", "TR019")
    return None


@dataclass
class Oordeel:
    """The verdict on one start or stop product: findings, and what to change if there are none."""

    bevindingen: list[Bevinding] = field(default_factory=list)
    actie: str = ""  # starten | registreren | beeindigen | verwijderen
    levering: LeveringFeit | None = None  # the delivery a deletion or stop refers to

    @property
    def goed(self) -> bool:
        return not self.bevindingen


def start_beoordelen(p: inhoud.StartProduct, t: ToewijzingFeit | None, **ctx) -> Oordeel:
    o = Oordeel()
    if (f := _koppeling(p.ToewijzingNummer, p.Product, p.ToewijzingIngangsdatum, t, **ctx)) is not None:
        o.bevindingen.append(f)
        return o
    starts = [x for x in t.leveringen if x.soort == "start"]
    stops = [x for x in t.leveringen if x.soort == "stop"]
    zelfde = next((x for x in starts if x.begindatum == p.Begindatum), None)
    if p.StatusAanlevering == "3":
        if zelfde is None:
            o.bevindingen.append(fout("9063", f"Er is geen start op {datum(p.Begindatum)} om te verwijderen.", "TR063"))
        elif any(s.begindatum == p.Begindatum for s in stops):
            o.bevindingen.append(
                fout("9071", "De start kan niet worden verwijderd: er is al een stop bij deze start.", "TR071")
            )
        o.actie, o.levering = "verwijderen", zelfde
        return o
    if zelfde is not None:
        o.bevindingen.append(fout("9074", f"De start op {datum(p.Begindatum)} is al ontvangen.", "TR074"))
        return o
    open_start = next((s for s in starts if not any(x.begindatum == s.begindatum for x in stops)), None)
    if open_start is not None:
        o.bevindingen.append(
            fout(
                "9326",
                f"De levering die op {datum(open_start.begindatum)} startte, is nog niet gestopt; stuur eerst "
                "een stopbericht.",
                "TR326",
            )
        )
        return o
    if p.Begindatum < t.startdatum or p.Begindatum > t.einddatum:
        o.bevindingen.append(
            fout(
                "9019",
                f"De start ({datum(p.Begindatum)}) valt buiten de toegewezen periode ({datum(t.startdatum)} "
                f"t/m {datum(t.einddatum)}).",
                "TR019",
            )
        )
        return o
    if t.status in ("beeindigd", "afgesloten"):
        if not starts and t.gestart_op == p.Begindatum:
            o.actie = "registreren"  # the start was recorded in the pages already; the message catches up
            return o
        if any(x.reden == TIJDELIJK for x in stops) and not any(x.reden != TIJDELIJK for x in stops):
            o.actie = "registreren"  # a new start after a temporary stop (OP379): the trajectory runs on
            return o
        o.bevindingen.append(
            fout("9019", f"Het traject bij toewijzing {t.pk} is beëindigd; er is geen actuele toewijzing.", "TR019")
        )
        return o
    if t.status in ("afgewezen", "ingetrokken"):
        o.bevindingen.append(fout("9019", f"Toewijzing {t.pk} is ingetrokken of geweigerd.", "TR019"))
        return o
    if t.status == "gestart":
        o.actie = "registreren"  # started already (through the pages, or resumed after a temporary stop)
        return o
    o.actie = "starten"
    return o


def reden_jz588(reden: str, standaard: str) -> str | None:
    """The JZ588 code a trajectory stores for a RedenBeeindiging of this standard (None: unknown)."""
    if standaard == "iwmo":
        return WMO588_NAAR_JZ588.get(reden)
    return reden if reden in JZ588 else None


def stop_beoordelen(p: inhoud.StopProduct, t: ToewijzingFeit | None, *, standaard: str, **ctx) -> Oordeel:
    o = Oordeel()
    if (f := _koppeling(p.ToewijzingNummer, p.Product, p.ToewijzingIngangsdatum, t, **ctx)) is not None:
        o.bevindingen.append(f)
        return o
    starts = [x for x in t.leveringen if x.soort == "start" and x.begindatum == p.Begindatum]
    stops = [x for x in t.leveringen if x.soort == "stop" and x.begindatum == p.Begindatum]
    zelfde = next((x for x in stops if x.reden == p.RedenBeeindiging and x.einddatum == p.Einddatum), None)
    if p.StatusAanlevering == "3":
        if zelfde is None:
            o.bevindingen.append(fout("9063", "Er is geen stop met deze gegevens om te verwijderen.", "TR063"))
        o.actie, o.levering = "verwijderen", zelfde
        return o
    if not starts:
        o.bevindingen.append(
            fout(
                "9069",
                f"Er is geen start op {datum(p.Begindatum)} bij toewijzing {t.pk}: een stop volgt op een start "
                "met dezelfde begindatum (OP072).",
                "TR069",
            )
        )
        return o
    if zelfde is not None:
        o.bevindingen.append(fout("9074", "Deze stop is al ontvangen.", "TR074"))
        return o
    if reden_jz588(p.RedenBeeindiging, standaard) is None:
        o.bevindingen.append(fout("0001", f"RedenBeeindiging '{p.RedenBeeindiging}' is onbekend.", "CS"))
        return o
    if p.Einddatum < p.Begindatum:
        o.bevindingen.append(
            fout("0001", f"De einddatum {datum(p.Einddatum)} ligt vóór de begindatum {datum(p.Begindatum)}.", "CS")
        )
        return o
    tijdelijk = [x for x in stops if x.reden == TIJDELIJK]
    definitief = [x for x in stops if x.reden != TIJDELIJK]
    if definitief:
        o.bevindingen.append(fout("9415", "Deze levering is al definitief gestopt.", "TR415"))
    elif p.RedenBeeindiging == TIJDELIJK and tijdelijk:
        o.bevindingen.append(
            fout(
                "9413", "Er is al een tijdelijke stop; daarna volgt een definitieve stop of een nieuwe start.", "TR413"
            )
        )
    elif tijdelijk and p.Einddatum < max(x.einddatum for x in tijdelijk):
        o.bevindingen.append(
            fout(
                "9414",
                f"De einddatum {datum(p.Einddatum)} ligt vóór de einddatum van de tijdelijke stop "
                f"({datum(max(x.einddatum for x in tijdelijk))}).",
                "TR414",
            )
        )
    if o.bevindingen:
        return o
    if p.RedenBeeindiging == TIJDELIJK or t.status in ("beeindigd", "afgesloten"):
        o.actie = "registreren"
    else:
        o.actie = "beeindigen"
    return o


# --- declarations (JW323) ----------------------------------------------------------------------------------


@dataclass
class DeclaratieToewijzing:
    """The facts of one assignment a prestatie names."""

    pk: int
    nummer: str  # the assignment's number in Uitkomst (what the invoice rules know it by)
    gemeente_id: int
    aanbieder_id: int
    bsn_pseudoniem: str
    categorie: str
    productcode: str
    eenheid: str  # the unit of the assignment as sent (WJ756)
    bekostiging: str
    startdatum: dt.date
    einddatum: dt.date  # as communicated (shortened on an early end)
    verwijderd: bool = False
    gestart_op: dt.date | None = None
    beeindigd_op: dt.date | None = None


def leverperiode(periode: inhoud.Periode, t: DeclaratieToewijzing) -> tuple[dt.date, dt.date]:
    """The part of a ProductPeriode in which care was delivered, for the invoice rules.

    The standard fixes the ProductPeriode to the month within the assignment, whatever the start and
    stop dates (IV089; OP364: start/stop is no condition for paying). The invoice rules of Uitkomst
    compare a line with the actual start and end (weeks in care, nothing before the start), so the
    line they judge is the ProductPeriode narrowed to the delivery; a period wholly outside it stays
    as it is, and is refused."""
    van, tot = periode.Begindatum, periode.Einddatum
    a = max(van, t.gestart_op) if t.gestart_op else van
    b = min(tot, t.beeindigd_op) if t.beeindigd_op else tot
    return (a, b) if a <= b else (van, tot)


@dataclass
class PrestatieOordeel:
    bevindingen: list[Bevinding] = field(default_factory=list)
    aantal: Decimal | None = None
    tarief: Decimal | None = None
    bedrag: Decimal | None = None

    @property
    def goed(self) -> bool:
        return not self.bevindingen


def declaratie_kop(d: inhoud.Declaratie, vandaag: dt.date) -> list[Bevinding]:
    """Class-level rules of a declaration (a failure rejects the whole message)."""
    out = []
    van, tot = d.DeclaratiePeriode.Begindatum, d.DeclaratiePeriode.Einddatum
    if van is None or tot is None or van.day != 1 or tot != laatste_dag(van):
        out.append(
            fout(
                "0001",
                f"De declaratieperiode {datum(van)} t/m {datum(tot)} is geen kalendermaand (één declaratie is "
                "één kalendermaand).",
                "CS340",
            )
        )
    elif tot >= vandaag:
        out.append(
            fout("0001", f"De declaratieperiode loopt tot {datum(tot)}: declareer na afloop van de maand.", "OP354")
        )
    som = 0
    for c in d.Clienten:
        for p in c.Prestaties:
            som += p.IngediendBedrag.Bedrag * (-1 if p.IngediendBedrag.DebetCredit == "C" else 1)
    totaal = d.TotaalIngediendBedrag.TotaalBedrag * (-1 if d.TotaalIngediendBedrag.DebetCredit == "C" else 1)
    if som != totaal:
        out.append(
            fout(
                "0001",
                f"TotaalIngediendBedrag ({euro(totaal)}) is niet de som van de prestaties ({euro(som)}).",
                "TR358",
            )
        )
    return out


def prestatie_beoordelen(
    p: inhoud.Prestatie,
    t: DeclaratieToewijzing | None,
    *,
    periode: inhoud.Periode,
    gemeente_id: int,
    aanbieder_id: int,
    pseudoniem: str,
) -> PrestatieOordeel:
    """The message-level rules of one prestatie (TR338-TR341, TR346, CS337, TR319, TR307/308, TR387/388).
    The invoice rules of ``declaraties.regels`` (budget, schedule, double claims) come after these."""
    o = PrestatieOordeel()
    add = o.bevindingen.append
    if t is None or t.gemeente_id != gemeente_id or t.aanbieder_id != aanbieder_id:
        add(
            fout(
                "9338",
                f"Toewijzing {p.ToewijzingNummer} is geen toewijzing van deze gemeente aan uw organisatie.",
                "TR338",
            )
        )
        return o
    if t.bsn_pseudoniem != pseudoniem:
        add(fout("8187", f"Toewijzing {p.ToewijzingNummer} hoort niet bij deze cliënt (BSN).", "TR304"))
        return o
    if t.verwijderd:
        add(fout("9384", f"Toewijzing {p.ToewijzingNummer} is verwijderd (ingetrokken of geweigerd).", "TR384"))
    if p.ProductCategorie != t.categorie:
        add(
            fout(
                "9339", f"Productcategorie {p.ProductCategorie} is niet die van de toewijzing ({t.categorie}).", "TR339"
            )
        )
    if t.productcode and p.ProductCode != t.productcode:
        add(fout("9340", f"Productcode {p.ProductCode} is niet die van de toewijzing ({t.productcode}).", "TR340"))
    if p.Eenheid != t.eenheid and not (p.Eenheid == "01" and t.eenheid == "04"):
        add(fout("9341", f"Eenheid {p.Eenheid} past niet bij de eenheid van de toewijzing ({t.eenheid}).", "TR341"))
    # amounts: IngediendBedrag = GeleverdVolume x ProductTarief (or = GeleverdVolume for euro's)
    bedrag = p.IngediendBedrag.Bedrag
    if p.Eenheid == "83":
        if bedrag != p.GeleverdVolume:
            add(
                fout(
                    "9346",
                    f"Bij eenheid 83 (euro's) is het bedrag gelijk aan het volume ({p.GeleverdVolume} "
                    f"eurocent), niet {bedrag}.",
                    "TR346",
                )
            )
    elif p.ProductTarief is None:
        add(fout("9346", "ProductTarief ontbreekt; alleen bij eenheid 83 (euro's) blijft het leeg.", "CD087"))
    elif bedrag != int((Decimal(p.GeleverdVolume) * p.ProductTarief).to_integral_value(ROUND_HALF_UP)):
        add(fout("9346", f"{p.GeleverdVolume} × {euro(p.ProductTarief)} is niet {euro(bedrag)}.", "TR346"))
    van, tot = p.ProductPeriode.Begindatum, p.ProductPeriode.Einddatum
    if van is None or tot is None or tot < van or (van.year, van.month) != (tot.year, tot.month):
        add(
            fout(
                "9319", f"De productperiode {datum(van)} t/m {datum(tot)} ligt niet binnen één kalendermaand.", "CS337"
            )
        )
        return o
    if tot > periode.Einddatum:
        add(fout("9319", f"De productperiode {datum(van)} t/m {datum(tot)} ligt na de declaratieperiode.", "TR319"))
    if van < t.startdatum:
        add(
            fout(
                "9307",
                f"De productperiode begint {datum(van)}, vóór de ingangsdatum van de toewijzing "
                f"({datum(t.startdatum)}).",
                "TR307",
            )
        )
    if tot > t.einddatum:
        add(
            fout(
                "9308",
                f"De productperiode eindigt {datum(tot)}, na de einddatum van de toewijzing ({datum(t.einddatum)}).",
                "TR308",
            )
        )
    if van.day != 1 and van != t.startdatum:
        add(
            fout(
                "9387",
                f"De productperiode begint niet op de eerste van de maand ({datum(van)}) en de toewijzing "
                "begint niet later in die maand.",
                "TR387",
            )
        )
    if tot != laatste_dag(tot) and tot != t.einddatum:
        add(
            fout(
                "9388",
                f"De productperiode eindigt niet op de laatste van de maand ({datum(tot)}) en de toewijzing "
                "eindigt niet eerder in die maand.",
                "TR388",
            )
        )
    teken = -1 if p.IngediendBedrag.DebetCredit == "C" else 1
    o.bedrag = euro(bedrag * teken)
    o.tarief = euro(p.ProductTarief) if p.ProductTarief is not None else None
    if t.bekostiging in VAST:
        o.aantal, o.tarief = None, None  # the installment follows from the schedule (OP264)
    elif t.bekostiging == Bekostigingsvorm.PERIODE and p.Eenheid == "83":
        o.aantal, o.tarief = Decimal(1), o.bedrag  # one month: the amount is the monthly tariff
    elif p.Eenheid == "01" and t.eenheid == "04":
        o.aantal = (Decimal(p.GeleverdVolume) / 60).quantize(CENT)
        o.tarief = euro(p.ProductTarief * 60) if p.ProductTarief is not None else None  # IV081
    else:
        o.aantal = Decimal(p.GeleverdVolume)
    return o


# Invoice-rule codes (declaraties.regels) without a retourcode of their own, and the WJ001 code the
# JW325 carries for them (docs/berichten.md explains each choice).
RETOURCODE_VOOR_REGEL = {
    "periode_ongeldig": "9319",
    "periode_toekomst": "9319",
    "toewijzing_onbekend": "9338",
    "lumpsum_geen_clientregel": "9338",
    "traject_niet_gestart": "9321",
    "traject_niet_geleverd": "9384",
    "termijn_onbekend": "9321",
    "eindbetaling_niet_beeindigd": "9321",
    "eindbetaling_voor_einde": "9321",
    "termijn_nog_niet_verschenen": "9321",
    "termijn_na_einde": "9321",
    "aantal_ontbreekt": "9321",
    "aantal_ongeldig": "9321",
    "periode_buiten_afspraak": "9338",
    "periode_over_termijnen": "9319",
    "termijn_past_niet_bij_periode": "9319",
    "credit_onbekend": "8017",
}


def retourcode_van(reden: dict) -> str:
    return reden.get("retourcode") or RETOURCODE_VOOR_REGEL.get(reden.get("code", ""), "9321")
