"""The invoice rules, as pure functions over plain facts (no database access).

``beoordeel`` judges every line of one invoice against the facts of the assignments it names and
what earlier accepted lines already claimed (``Verbruik``). Each rule has a stable code, a Dutch
message and, where the national standard has one, the iJw retourcode (WJ001). A refused line keeps
all its reasons; accepted lines update the consumption at once, so two lines of one invoice cannot
claim the same thing either. The service layer loads the facts (under a row lock), the demo and the
benchmark feed the same function in bulk.

Money is ``Decimal`` throughout; every division is rounded to cents with ROUND_HALF_UP, and the last
installment of a schedule takes the rest, so the installments add up to the budget to the cent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.utils.translation import gettext_noop as N_

from uitkomst.catalogus.models import Bekostigingsvorm
from uitkomst.utils.dates import add_months
from uitkomst.utils.geld import format_euro as euro

CENT = Decimal("0.01")
NUL = Decimal("0.00")
VOLGENS_PLAN = "31"  # JZ588: delivery ended according to plan; any other reason is an early ending
GESTART = {"gestart", "beeindigd", "afgesloten"}
BEEINDIGD = {"beeindigd", "afgesloten"}
NIET_GESTART = {"toegewezen", "geaccepteerd"}
NIET_GELEVERD = {"afgewezen", "ingetrokken"}
VAST = {Bekostigingsvorm.TRAJECT, Bekostigingsvorm.ARRANGEMENT}

# code: (iJw retourcode or "", short Dutch title, marked for translation: the pages show it in the user's
# language). The messages themselves are built per line.
REGELS: dict[str, tuple[str, str]] = {
    "periode_ongeldig": ("", N_("Periode ongeldig")),
    "periode_toekomst": ("", N_("Periode ligt in de toekomst")),
    "periode_buiten_declaratie": ("9387", N_("Periode valt buiten de declaratieperiode")),
    "toewijzing_onbekend": ("9338", N_("Onbekende toewijzing")),
    "niet_verantwoordelijk": ("9338", N_("Niet de verantwoordelijke aanbieder")),
    "lumpsum_geen_clientregel": ("", N_("Lumpsum kent geen cliëntregels")),
    "periode_buiten_toewijzing": ("9307", N_("Periode valt buiten de toewijzing")),
    "traject_niet_gestart": ("", N_("Traject is niet gestart")),
    "traject_niet_geleverd": ("", N_("Traject is afgewezen of ingetrokken")),
    "periode_voor_start": ("9307", N_("Periode ligt vóór de werkelijke start")),
    "periode_na_einde": ("9308", N_("Periode ligt na de beëindiging")),
    "termijn_onbekend": ("", N_("Onbekende termijn")),
    "eindbetaling_niet_beeindigd": ("", N_("Eindbetaling vraagt een beëindigd traject")),
    "eindbetaling_voor_einde": ("", N_("Eindbetaling vóór de einddatum")),
    "termijn_nog_niet_verschenen": ("", N_("Termijn is nog niet verschenen")),
    "termijn_na_einde": ("", N_("Termijn valt na de beëindiging")),
    "voortijdig_geen_recht": ("9321", N_("Geen recht meer na voortijdige beëindiging")),
    "bedrag_past_niet": ("9321", N_("Bedrag past niet bij de bekostiging (geen meerwerk)")),
    "budget_overschreden": ("9322", N_("Budget van de toewijzing overschreden")),
    "dubbele_declaratie": ("9389", N_("Al gedeclareerd")),
    "aantal_ontbreekt": ("", N_("Aantal ontbreekt")),
    "aantal_ongeldig": ("", N_("Aantal ongeldig")),
    "weken_overschreden": ("9321", N_("Meer weken dan in zorg")),
    "tarief_onjuist": ("0611", N_("Tarief wijkt af van het contracttarief")),
    "geen_tarief": ("0611", N_("Geen tarief op de leverdatum")),
    "tariefwijziging_in_periode": ("0611", N_("Tarief wijzigt binnen de periode")),
    "geen_volume": ("9321", N_("Geen toegewezen volume")),
    "volume_overschreden": ("9322", N_("Toegewezen volume overschreden")),
    "rekenfout": ("9346", N_("Bedrag is niet aantal × tarief")),
    "periode_buiten_afspraak": ("", N_("Periode valt buiten de lumpsumafspraak")),
    "periode_over_termijnen": ("", N_("Periode beslaat meer dan één termijn")),
    "termijn_past_niet_bij_periode": ("", N_("Termijn past niet bij de periode")),
    # Wmo lines (issue 17): an aid is paid once; a monthly result once per calendar month
    "hulpmiddel_al_betaald": ("9322", N_("Hulpmiddel is al gedeclareerd")),
    "hulpmiddel_periode_al_gedeclareerd": ("9389", N_("Huur van het hulpmiddel is voor deze maand al gedeclareerd")),
    "periode_niet_een_maand": ("9319", N_("Periode ligt niet binnen één kalendermaand")),
    "credit_onbekend": ("", N_("Te crediteren regel onbekend")),
    "credit_van_credit": ("9390", N_("Een creditregel wordt niet gecrediteerd")),
    "credit_niet_toegekend": ("9390", N_("Alleen een toegekende regel wordt gecrediteerd")),
    "credit_dubbel": ("9390", N_("Al gecrediteerd")),
    "credit_bedrag": ("9390", N_("Creditbedrag wijkt af van het origineel")),
}


def cent(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def datum(d: dt.date) -> str:
    return f"{d:%d-%m-%Y}"


@dataclass(frozen=True)
class Termijn:
    nummer: int
    moment: str  # start, einde, maandelijks
    aandeel: Decimal


def termijnen_uit(schema: list[tuple[str, Decimal, int]] | None, *, standaard: str = "einde") -> list[Termijn]:
    """Expand (moment, share, count) rows of a Betaalschema into numbered installments."""
    if not schema:
        return [Termijn(1, standaard, Decimal(1))]
    out: list[Termijn] = []
    for moment, aandeel, aantal in schema:
        for _ in range(aantal or 1):
            out.append(Termijn(len(out) + 1, moment, Decimal(aandeel)))
    return out


def termijnbedragen(totaal: Decimal, termijnen: list[Termijn]) -> list[Decimal]:
    """Each installment rounded to cents; the last takes the rest so the sum is exact."""
    return _termijnbedragen(totaal, tuple(termijnen))


@lru_cache(maxsize=4096)
def _termijnbedragen(totaal: Decimal, termijnen: tuple[Termijn, ...]) -> list[Decimal]:
    if not termijnen:
        return []
    heel = cent(totaal * sum((t.aandeel for t in termijnen), Decimal(0)))
    bedragen = [cent(totaal * t.aandeel) for t in termijnen[:-1]]
    bedragen.append(heel - sum(bedragen, NUL))
    return bedragen


@dataclass
class ToewijzingFeit:
    pk: int
    nummer: str
    aanbieder_id: int
    gemeente_id: int  # the client's municipality of residence: it pays
    client_id: int
    product_id: int
    product_code: str
    bekostiging: str
    startdatum: dt.date
    einddatum: dt.date
    budget: Decimal
    status: str
    zichtbaar: bool = True
    gestart_op: dt.date | None = None
    beeindigd_op: dt.date | None = None
    reden_beeindiging: str = ""
    termijnen: list[Termijn] = field(default_factory=list)
    regel: str = "pro-rata"
    regel_aandeel: Decimal | None = None
    volume: Decimal | None = None
    prijzen: list[tuple[dt.date, dt.date | None, Decimal]] = field(default_factory=list)
    hulpmiddel: bool = False  # a Wmo aid (WMO020 categories 11-14): paid once, per item or per period

    @property
    def voortijdig(self) -> bool:
        return self.status in BEEINDIGD and self.reden_beeindiging != VOLGENS_PLAN

    def recht_bij_voortijdig_einde(self) -> Decimal:
        """What an early-ended trajectory earns in total under the model's rule."""
        if self.regel == "vast-aandeel" and self.regel_aandeel is not None:
            return cent(self.budget * self.regel_aandeel)
        gepland = (self.einddatum - self.startdatum).days + 1
        start = self.gestart_op or self.startdatum
        in_zorg = max(0, (self.beeindigd_op - start).days + 1) if self.beeindigd_op else gepland
        return cent(self.budget * Decimal(min(in_zorg, gepland)) / Decimal(gepland))

    def prijs_op(self, dag: dt.date) -> Decimal | None:
        for van, tot, bedrag in self.prijzen:
            if van <= dag and (tot is None or dag <= tot):
                return bedrag
        return None


@dataclass
class LumpsumFeit:
    pk: int
    nummer: str
    aanbieder_id: int
    gemeente_id: int
    product_id: int
    jaarbedrag: Decimal
    geldig_van: dt.date
    geldig_tot: dt.date
    termijnen: list[Termijn] = field(default_factory=list)

    def termijn_periode(self, k: int) -> tuple[dt.date, dt.date]:
        per = max(1, 12 // max(1, len(self.termijnen)))
        return add_months(self.geldig_van, (k - 1) * per), add_months(self.geldig_van, k * per) - dt.timedelta(days=1)


@dataclass
class CreditFeit:
    """The original line a credit line refers to."""

    pk: int
    kenmerk: str
    aanbieder_id: int
    status: str
    is_credit: bool
    al_gecrediteerd: bool
    bedrag: Decimal
    aantal: Decimal | None
    tarief: Decimal | None
    termijn: int | None
    begindatum: dt.date
    einddatum: dt.date
    toewijzing_id: int | None
    lumpsum_id: int | None
    gemeente_id: int | None
    client_id: int | None
    product_id: int | None
    bekostiging: str


@dataclass
class Verbruik:
    """What accepted lines already claimed on one assignment (credits subtract)."""

    bedrag: Decimal = NUL
    eenheden: Decimal = NUL
    termijnen: set[int] = field(default_factory=set)
    perioden: list[tuple[dt.date, dt.date, int]] = field(default_factory=list)  # (from, to, line pk or -1)

    def overlapt(self, van: dt.date, tot: dt.date) -> bool:
        return any(a <= tot and van <= b for a, b, _ in self.perioden)


@dataclass
class Invoer:
    """One line as the provider submitted it (already parsed; amounts Decimal)."""

    regelnummer: int
    referentie: str = ""
    begindatum: dt.date | None = None
    einddatum: dt.date | None = None
    termijn: int | None = None
    aantal: Decimal | None = None
    tarief: Decimal | None = None
    bedrag: Decimal | None = None
    crediteert: str = ""


@dataclass
class Uitkomst:
    invoer: Invoer
    redenen: list[dict] = field(default_factory=list)
    toewijzing: ToewijzingFeit | None = None
    lumpsum: LumpsumFeit | None = None
    credit: CreditFeit | None = None
    termijn: int | None = None
    aantal: Decimal | None = None
    tarief: Decimal | None = None
    bedrag: Decimal = NUL
    gemeente_id: int | None = None
    client_id: int | None = None
    product_id: int | None = None
    bekostiging: str = ""

    @property
    def toegekend(self) -> bool:
        return not self.redenen

    def weiger(self, code: str, melding: str) -> None:
        self.redenen.append({"code": code, "melding": melding, "retourcode": REGELS[code][0]})


def sleutel_toewijzing(pk: int) -> tuple[str, int]:
    return ("t", pk)


def sleutel_lumpsum(pk: int) -> tuple[str, int]:
    return ("l", pk)


def beoordeel(
    *,
    aanbieder_id: int,
    begindatum: dt.date,
    einddatum: dt.date,
    regels: list[Invoer],
    toewijzingen: dict[str, ToewijzingFeit],
    lumpsums: dict[str, LumpsumFeit],
    credits: dict[str, CreditFeit],
    verbruik: dict[tuple[str, int], Verbruik],
    vandaag: dt.date,
) -> list[Uitkomst]:
    """Judge every line; accepted lines update ``verbruik`` (and mark credited originals) in place."""
    uitkomsten = []
    for invoer in regels:
        u = Uitkomst(invoer=invoer)
        if invoer.crediteert:
            _credit(u, aanbieder_id, credits)
        else:
            _debet(u, aanbieder_id, begindatum, einddatum, toewijzingen, lumpsums, verbruik, vandaag)
        if u.toegekend:
            _boek(u, verbruik)
        uitkomsten.append(u)
    return uitkomsten


def _boek(u: Uitkomst, verbruik: dict) -> None:
    inv = u.invoer
    if u.credit is not None:
        c = u.credit
        key = sleutel_toewijzing(c.toewijzing_id) if c.toewijzing_id else sleutel_lumpsum(c.lumpsum_id)
        v = verbruik.setdefault(key, Verbruik())
        v.bedrag += u.bedrag
        v.eenheden -= c.aantal or NUL
        v.termijnen.discard(c.termijn)
        v.perioden = [p for p in v.perioden if p[2] != c.pk]
        c.al_gecrediteerd = True
        return
    key = sleutel_toewijzing(u.toewijzing.pk) if u.toewijzing else sleutel_lumpsum(u.lumpsum.pk)
    v = verbruik.setdefault(key, Verbruik())
    v.bedrag += u.bedrag
    v.eenheden += u.aantal or NUL
    if u.termijn is not None:
        v.termijnen.add(u.termijn)
    v.perioden.append((inv.begindatum, inv.einddatum, -1))


def _credit(u: Uitkomst, aanbieder_id: int, credits: dict[str, CreditFeit]) -> None:
    inv = u.invoer
    c = credits.get(inv.crediteert)
    if c is None or c.aanbieder_id != aanbieder_id:
        u.weiger("credit_onbekend", f"Regel '{inv.crediteert}' bestaat niet of is niet van uw organisatie.")
        return
    u.credit = c
    u.termijn, u.tarief = c.termijn, c.tarief
    u.aantal = -c.aantal if c.aantal is not None else None
    u.gemeente_id, u.client_id, u.product_id, u.bekostiging = c.gemeente_id, c.client_id, c.product_id, c.bekostiging
    u.bedrag = -c.bedrag if inv.bedrag is None else inv.bedrag
    if c.is_credit:
        u.weiger("credit_van_credit", f"Regel {c.kenmerk} is zelf een creditregel en wordt niet gecrediteerd.")
    elif c.status not in ("toegekend", "goedgekeurd", "betaald"):
        u.weiger(
            "credit_niet_toegekend", f"Regel {c.kenmerk} is niet toegekend; alleen toegekende regels crediteert u."
        )
    elif c.al_gecrediteerd:
        u.weiger("credit_dubbel", f"Regel {c.kenmerk} is al gecrediteerd; een regel wordt maar één keer gecrediteerd.")
    if u.bedrag != -c.bedrag:
        u.weiger(
            "credit_bedrag",
            f"Een creditregel crediteert het volledige bedrag van regel {c.kenmerk}: {euro(-c.bedrag)}, "
            f"niet {euro(u.bedrag)}.",
        )


def _debet(u, aanbieder_id, begindatum, einddatum, toewijzingen, lumpsums, verbruik, vandaag) -> None:
    inv = u.invoer
    van, tot = inv.begindatum, inv.einddatum
    if van is None or tot is None or tot < van:
        u.weiger("periode_ongeldig", "De periode van de regel ontbreekt of de einddatum ligt vóór de begindatum.")
        return
    if tot > vandaag:
        u.weiger("periode_toekomst", f"De periode loopt tot {datum(tot)}: declareer alleen wat al geleverd is.")
    if van < begindatum or tot > einddatum:
        u.weiger(
            "periode_buiten_declaratie",
            f"De periode {datum(van)} t/m {datum(tot)} valt buiten de declaratieperiode "
            f"{datum(begindatum)} t/m {datum(einddatum)}.",
        )
    ref = (inv.referentie or "").strip()
    if ref in lumpsums:
        _lumpsum(u, aanbieder_id, lumpsums[ref], verbruik)
        return
    t = toewijzingen.get(ref)
    if t is None:
        u.weiger("toewijzing_onbekend", f"Toewijzing '{ref}' bestaat niet.")
        return
    if t.aanbieder_id != aanbieder_id or not t.zichtbaar:
        u.weiger(
            "niet_verantwoordelijk",
            f"Uw organisatie is niet de verantwoordelijke aanbieder van toewijzing {ref}; alleen die declareert.",
        )
        return
    u.toewijzing = t
    u.gemeente_id, u.client_id, u.product_id, u.bekostiging = t.gemeente_id, t.client_id, t.product_id, t.bekostiging
    if t.bekostiging == Bekostigingsvorm.TAAK:
        u.weiger("lumpsum_geen_clientregel", "Taakgerichte bekostiging (lumpsum) kent geen declaratie per cliënt.")
        return
    if van < t.startdatum or tot > t.einddatum:
        u.weiger(
            "periode_buiten_toewijzing",
            f"De periode {datum(van)} t/m {datum(tot)} valt buiten de toewijzing "
            f"({datum(t.startdatum)} t/m {datum(t.einddatum)}).",
        )
    if t.status in NIET_GESTART:
        u.weiger("traject_niet_gestart", f"Traject {t.nummer} is nog niet gestart: declareer na de start.")
    elif t.status in NIET_GELEVERD:
        u.weiger("traject_niet_geleverd", f"Het traject bij toewijzing {t.nummer} is afgewezen of ingetrokken.")
    if t.gestart_op and van < t.gestart_op:
        u.weiger(
            "periode_voor_start",
            f"De periode begint {datum(van)}, vóór de werkelijke start van het traject op {datum(t.gestart_op)}.",
        )
    if t.beeindigd_op and van > t.beeindigd_op:
        u.weiger("periode_na_einde", f"Het traject is op {datum(t.beeindigd_op)} beëindigd; de periode ligt daarna.")
    v = verbruik.get(sleutel_toewijzing(t.pk)) or Verbruik()
    if t.bekostiging in VAST:
        _vast(u, t, v)
    elif t.bekostiging == Bekostigingsvorm.WEEK:
        _week(u, t, v)
    elif t.bekostiging == Bekostigingsvorm.INSPANNING:
        _inspanning(u, t, v)
    elif t.bekostiging == Bekostigingsvorm.PERIODE:
        _periode(u, t, v)
    elif t.bekostiging == Bekostigingsvorm.STUK:
        _stuk(u, t, v)


def _vast(u: Uitkomst, t: ToewijzingFeit, v: Verbruik) -> None:
    inv = u.invoer
    termijnen = t.termijnen or termijnen_uit(None, standaard="start" if t.bekostiging == "arrangement" else "einde")
    k = inv.termijn
    if k is None:
        open_ = [x.nummer for x in termijnen if x.nummer not in v.termijnen]
        k = open_[0] if open_ else termijnen[-1].nummer
    u.termijn = k
    u.aantal = inv.aantal if inv.aantal is not None else Decimal(1)
    if k < 1 or k > len(termijnen):
        u.weiger(
            "termijn_onbekend", f"Het betaalschema van {t.product_code} kent {len(termijnen)} termijn(en), geen {k}."
        )
        u.bedrag = inv.bedrag if inv.bedrag is not None else NUL
        return
    termijn = termijnen[k - 1]
    normaal = termijnbedragen(t.budget, termijnen)[k - 1]
    if termijn.moment == "einde":
        if t.status not in BEEINDIGD:
            u.weiger(
                "eindbetaling_niet_beeindigd",
                f"Termijn {k} is de eindbetaling: die vraagt een beëindigd traject (status nu '{t.status}').",
            )
        elif t.beeindigd_op and inv.einddatum < t.beeindigd_op:
            u.weiger(
                "eindbetaling_voor_einde",
                f"De eindbetaling hoort bij de periode waarin het traject eindigde ({datum(t.beeindigd_op)}).",
            )
    elif termijn.moment == "maandelijks" and t.gestart_op:
        maand = add_months(t.gestart_op, k - 1)
        if maand > inv.einddatum:
            u.weiger("termijn_nog_niet_verschenen", f"Maandtermijn {k} begint op {datum(maand)}, na deze periode.")
        elif t.beeindigd_op and maand > t.beeindigd_op:
            u.weiger(
                "termijn_na_einde",
                f"Maandtermijn {k} begint op {datum(maand)}, na de beëindiging op {datum(t.beeindigd_op)}.",
            )
    verwacht = normaal
    if t.voortijdig:
        recht = t.recht_bij_voortijdig_einde()
        rest = max(NUL, recht - v.bedrag)
        verwacht = rest if termijn.moment == "einde" else min(normaal, rest)
        if verwacht <= 0:
            u.weiger(
                "voortijdig_geen_recht",
                f"Het traject eindigde voortijdig (reden {t.reden_beeindiging}): het recht is {euro(recht)} "
                f"en er is al {euro(v.bedrag)} toegekend; er valt niets meer te declareren.",
            )
    u.bedrag = verwacht if inv.bedrag is None else inv.bedrag
    if u.bedrag != verwacht and verwacht > 0:
        reden = " na voortijdige beëindiging" if t.voortijdig else ""
        u.weiger(
            "bedrag_past_niet",
            f"Termijn {k} ({termijn.moment}) van {t.product_code} is {euro(verwacht)}{reden}, niet {euro(u.bedrag)}. "
            "Meerwerk kan niet worden gedeclareerd.",
        )
    if k in v.termijnen:
        u.weiger("dubbele_declaratie", f"Termijn {k} van toewijzing {t.nummer} is al gedeclareerd.")
    if v.bedrag + u.bedrag > t.budget:
        u.weiger(
            "budget_overschreden",
            f"Met deze regel komt toewijzing {t.nummer} op {euro(v.bedrag + u.bedrag)}, boven het budget "
            f"van {euro(t.budget)}.",
        )


def _bedrag_en_tarief(u: Uitkomst, tarief: Decimal) -> None:
    inv = u.invoer
    if inv.tarief is not None and inv.tarief != tarief:
        u.weiger("tarief_onjuist", f"Het tarief is {euro(tarief)}, niet {euro(inv.tarief)}.")
    u.tarief = tarief
    verwacht = cent(u.aantal * tarief) if u.aantal is not None else NUL
    u.bedrag = verwacht if inv.bedrag is None else inv.bedrag
    if u.aantal is not None and u.bedrag != verwacht:
        u.weiger("rekenfout", f"{u.aantal} × {euro(tarief)} = {euro(verwacht)}, niet {euro(u.bedrag)}.")


def _week(u: Uitkomst, t: ToewijzingFeit, v: Verbruik) -> None:
    inv = u.invoer
    van = max(inv.begindatum, t.gestart_op or t.startdatum, t.startdatum)
    tot = min(inv.einddatum, t.beeindigd_op or t.einddatum, t.einddatum)
    dagen = (tot - van).days + 1 if tot >= van else 0
    weken = (Decimal(dagen) / 7).quantize(CENT, rounding=ROUND_DOWN)
    u.aantal = inv.aantal if inv.aantal is not None else weken
    if u.aantal <= 0:
        u.weiger("aantal_ongeldig", "Het aantal weken moet groter dan nul zijn.")
    elif u.aantal * 7 > dagen:
        u.weiger(
            "weken_overschreden",
            f"U declareert {u.aantal} weken; binnen deze periode was de cliënt {dagen} dagen in zorg "
            f"({weken} weken, tussen de werkelijke start en het einde).",
        )
    _bedrag_en_tarief(u, t.budget)
    if v.overlapt(inv.begindatum, inv.einddatum):
        u.weiger("dubbele_declaratie", f"Voor toewijzing {t.nummer} is deze periode (deels) al gedeclareerd.")


def _inspanning(u: Uitkomst, t: ToewijzingFeit, v: Verbruik) -> None:
    inv = u.invoer
    u.aantal = inv.aantal
    if inv.aantal is None:
        u.weiger("aantal_ontbreekt", "Geef het aantal geleverde eenheden.")
    elif inv.aantal <= 0:
        u.weiger("aantal_ongeldig", "Het aantal geleverde eenheden moet groter dan nul zijn.")
        u.aantal = None
    prijs = t.prijs_op(inv.begindatum)
    if prijs is None:
        u.weiger("geen_tarief", f"Product {t.product_code} heeft geen tarief op {datum(inv.begindatum)}.")
        u.bedrag = inv.bedrag if inv.bedrag is not None else NUL
    else:
        if t.prijs_op(inv.einddatum) != prijs:
            u.weiger(
                "tariefwijziging_in_periode",
                "Het tarief wijzigt binnen de periode: splits de regel op de ingangsdatum van het nieuwe tarief.",
            )
        _bedrag_en_tarief(u, prijs)
    if t.volume is None:
        u.weiger("geen_volume", f"Voor toewijzing {t.nummer} is geen volume toegewezen.")
    elif u.aantal is not None and v.eenheden + u.aantal > t.volume:
        u.weiger(
            "volume_overschreden",
            f"Toegewezen zijn {t.volume} eenheden; al gedeclareerd {v.eenheden}, met deze regel "
            f"{v.eenheden + u.aantal}.",
        )
    if v.overlapt(inv.begindatum, inv.einddatum):
        u.weiger("dubbele_declaratie", f"Voor toewijzing {t.nummer} is deze periode (deels) al gedeclareerd.")


def _maand(d: dt.date) -> tuple[dt.date, dt.date]:
    begin = d.replace(day=1)
    return begin, add_months(begin, 1) - dt.timedelta(days=1)


def _periode(u: Uitkomst, t: ToewijzingFeit, v: Verbruik) -> None:
    """Wmo result per period (integral home support, the lease of an aid with its maintenance): the
    monthly tariff, once per calendar month in which support was delivered; one line is one month."""
    inv = u.invoer
    u.aantal = inv.aantal if inv.aantal is not None else Decimal(1)
    if u.aantal != 1:
        u.weiger("aantal_ongeldig", f"Een regel is één maand (aantal 1), niet {u.aantal}.")
        u.aantal = Decimal(1)
    maand_van, maand_tot = _maand(inv.begindatum)
    if inv.einddatum > maand_tot:
        u.weiger(
            "periode_niet_een_maand",
            f"De periode {datum(inv.begindatum)} t/m {datum(inv.einddatum)} beslaat meer dan één kalendermaand: "
            f"{t.product_code} wordt per maand gedeclareerd, op één regel per maand.",
        )
    _bedrag_en_tarief(u, t.budget)
    if v.overlapt(maand_van, maand_tot):
        if t.hulpmiddel:
            u.weiger(
                "hulpmiddel_periode_al_gedeclareerd",
                f"De huur van het hulpmiddel bij toewijzing {t.nummer} is voor {inv.begindatum:%m-%Y} al "
                "gedeclareerd: huur (met onderhoud) wordt één keer per maand betaald.",
            )
        else:
            u.weiger("dubbele_declaratie", f"Voor toewijzing {t.nummer} is {inv.begindatum:%m-%Y} al gedeclareerd.")


def _stuk(u: Uitkomst, t: ToewijzingFeit, v: Verbruik) -> None:
    """Wmo aid bought per item: the item's price, paid once per assignment (one item is assigned)."""
    inv = u.invoer
    u.aantal = inv.aantal if inv.aantal is not None else Decimal(1)
    if u.aantal <= 0 or u.aantal != u.aantal.to_integral_value():
        u.weiger("aantal_ongeldig", f"Het aantal stuks is een heel getal groter dan nul, niet {u.aantal}.")
        u.aantal = Decimal(1)
    _bedrag_en_tarief(u, t.budget)
    toegewezen = t.volume or Decimal(1)
    if v.eenheden > 0 or v.bedrag > 0:
        u.weiger(
            "hulpmiddel_al_betaald",
            f"Het hulpmiddel bij toewijzing {t.nummer} is al gedeclareerd ({euro(v.bedrag)}): een gekocht "
            "hulpmiddel wordt één keer per toewijzing betaald. Crediteer eerst de eerdere regel als die onjuist was.",
        )
    elif u.aantal > toegewezen:
        u.weiger(
            "volume_overschreden",
            f"Toegewezen is {toegewezen:g} stuk; u declareert er {u.aantal:g}.",
        )


def _lumpsum(u: Uitkomst, aanbieder_id: int, a: LumpsumFeit, verbruik: dict) -> None:
    inv = u.invoer
    if a.aanbieder_id != aanbieder_id:
        u.weiger("niet_verantwoordelijk", f"Lumpsumafspraak {a.nummer} is niet met uw organisatie gemaakt.")
        return
    u.lumpsum = a
    u.gemeente_id, u.product_id, u.bekostiging = a.gemeente_id, a.product_id, Bekostigingsvorm.TAAK
    u.aantal = Decimal(1)
    v = verbruik.get(sleutel_lumpsum(a.pk)) or Verbruik()
    if inv.begindatum < a.geldig_van or inv.einddatum > a.geldig_tot:
        u.weiger(
            "periode_buiten_afspraak",
            f"De periode valt buiten de afspraak ({datum(a.geldig_van)} t/m {datum(a.geldig_tot)}).",
        )
        u.bedrag = inv.bedrag if inv.bedrag is not None else NUL
        return
    k = next(
        (
            x.nummer
            for x in a.termijnen
            if a.termijn_periode(x.nummer)[0] <= inv.begindatum <= a.termijn_periode(x.nummer)[1]
        ),
        None,
    )
    if k is None:
        u.weiger("periode_buiten_afspraak", "Bij deze periode hoort geen termijn van de afspraak.")
        u.bedrag = inv.bedrag if inv.bedrag is not None else NUL
        return
    if inv.termijn is not None and inv.termijn != k:
        u.weiger("termijn_past_niet_bij_periode", f"Bij deze periode hoort termijn {k}, niet {inv.termijn}.")
    if inv.einddatum > a.termijn_periode(k)[1]:
        u.weiger("periode_over_termijnen", "Declareer iedere termijn van de lumpsum op een eigen regel.")
    u.termijn = k
    verwacht = termijnbedragen(a.jaarbedrag, a.termijnen)[k - 1]
    u.bedrag = verwacht if inv.bedrag is None else inv.bedrag
    if u.bedrag != verwacht:
        u.weiger(
            "bedrag_past_niet",
            f"Termijn {k} van lumpsumafspraak {a.nummer} is {euro(verwacht)}, niet {euro(u.bedrag)}.",
        )
    if k in v.termijnen:
        u.weiger("dubbele_declaratie", f"Termijn {k} van lumpsumafspraak {a.nummer} is al gedeclareerd.")
    if v.bedrag + u.bedrag > a.jaarbedrag:
        u.weiger(
            "budget_overschreden", f"Met deze regel gaat de afspraak boven het jaarbedrag van {euro(a.jaarbedrag)}."
        )
