"""Excel downloads of the reports: one sheet per table, a title, a note and a bold header; the council
report and the monitor also get a summary sheet first and a definitions sheet last.

Written by ``uitkomst.utils.exports`` (formula-like text neutralised, amounts typed). Shares are real
numbers formatted as percentages, amounts as euros; a suppressed cell says why it is empty ("nog niet
bekend": no measured trajectory yet; "onderdrukt (< n)": too few; "onderdrukt": hidden to protect a
smaller cell), and "beter"/"slechter" (``uitkomsten.stats.vergelijk``, via ``Cel.afwijking``) are
coloured. Every figure is read from the selectors' objects the page shows; nothing is recomputed here.
"""

from __future__ import annotations

from django.http import HttpResponse

from uitkomst.utils import exports
from uitkomst.utils.exports import EURO_FORMAAT, PERCENTAGE_FORMAAT, Opmaak

NOOT = "Cellen met minder trajecten dan de drempel zijn onderdrukt (—); alle demogegevens zijn verzonnen."
BETER, SLECHTER = "E7F4EA", "FCE8D5"

# The definitions a council member needs to read the figures (docs/uitkomsten.md has the long form).
DEFINITIES: list[tuple[str, str]] = [
    ("Uitkomstmeting", "Eén meting per beëindigd traject (landelijke harmonisatie outcome jeugdhulp), geteld in het "
     "jaar of kwartaal van beëindiging."),
    ("3.1 Zonder hulp verder", "Aandeel trajecten dat bij het einde zonder verdere hulp verder kan; noemer: metingen "
     "met een antwoord."),
    ("3.2 Geen nieuwe start van hulp", "Berekend, niet gevraagd: geen nieuwe jeugdhulptoewijzing van dezelfde cliënt "
     "binnen de nazorgperiode (tot het einde van het halfjaar na het halfjaar van beëindiging). Tot die periode "
     "voorbij is: nog niet bekend."),
    ("3.3 Problematiek afgenomen", "Opgegeven of afgeleid uit T-scores; 'betrouwbaar verbeterd' bij een Reliable "
     "Change Index van −1,96 of lager."),
    ("3.4 Doelen behaald", "Aandeel trajecten waarvan alle doelen geheel behaald zijn (eindevaluatie)."),
    ("Uitval smal", "Reden beëindiging 32 (eenzijdig door de cliënt) gedeeld door alle trajecten beëindigd met 31-35 "
     "(CBS-definitie); administratieve redenen tellen niet mee. Lager is beter."),
    ("Uitval breed", "Reden 32 of 33 (eenzijdig door cliënt of aanbieder) gedeeld door 31-35. Lager is beter."),
    ("Tevredenheid", "Gemiddelde score 1-10 op het nut van de hulp, plus de extra vraag van de regio (1-5); respons "
     "= beantwoord / uitgevraagd. Alleen getoond bij minstens de drempel aan respondenten."),
    ("95%-betrouwbaarheidsinterval", "Wilson-scoreinterval rond het aandeel."),
    ("Regio (benchmark)", "Het aandeel van de hele regio (alle gemeenten, dezelfde periode), nooit alleen de eigen "
     "rijen. In de monitor van één gemeente: de regio per kwartaal."),
    ("Beter / slechter", "Significant verschil tussen de eenheid en de rest van de regio (regio zonder de eenheid): "
     "Fisher exact, tweezijdig, alfa 0,05, beide minstens de drempel aan trajecten. Een gelijke score is nooit "
     "slechter."),
    ("Onderdrukt", "Cellen met minder trajecten dan de drempel zijn leeg; staat in een kolom precies één cel "
     "onderdrukt, dan ook de kleinste andere, zodat het totaal haar niet verraadt. 'Nog niet bekend': nog geen "
     "gemeten trajecten."),
    ("Besteed", "Declaratieregels met definitieve goedkeuring of betaald, na creditering, naar de maand waarin de "
     "declaratieperiode begint."),
    ("Wacht op definitieve goedkeuring", "Regels die de controles doorstonden (toegekend) maar nog niet definitief "
     "zijn goedgekeurd door de gemeente."),
    ("Verplicht", "Vaste budgetten van lopende toewijzingen, verdeeld volgens het betaalschema, vanaf de peilmaand, "
     "minus wat daarvoor al gedeclareerd is (nooit onder nul), plus de pgb-verplichtingen van het jaar."),
    ("Pgb (verplicht)", "Persoonsgebonden budgetten: het deel van elk toegekend pgb-besluit dat in het jaar valt, "
     "naar rato van de dagen; telt mee als verplicht (niet per maand: de SVB betaalt, buiten Uitkomst). Het aantal "
     "besluiten wordt onderdrukt zoals de uitkomsten (minder dan de drempel)."),
    ("Jeugdwet en Wmo", "Elk bedrag hoort bij de wet van het inkoopmodel van het product (van de declaratieregel, "
     "anders van de toewijzing of lumpsumafspraak); per gemeente en wet berekend, ook de trend van de instroom, zodat "
     "Jeugdwet + Wmo precies het totaal is."),
    ("Subsidie verleend", "Som van de verleende bedragen van de subsidieverleningen van het subsidiejaar, per "
     "regeling; het plafond is dat van de regeling per jaar. Subsidies staan naast de contracten en tellen niet mee in "
     "de prognose tegen het budgetplafond."),
    ("Voorschotten betaald", "Betaalde voorschotten op de verleningen van het subsidiejaar (geplande niet)."),
    ("Vastgesteld", "Het vastgestelde bedrag van de verleningen van het jaar waarvoor de vaststelling gedaan is; "
     "teruggevorderd = betaalde voorschotten minus vastgesteld bedrag, als dat positief is (anders nabetaling)."),
    ("Capaciteit (algemene voorziening)", "Het aantal deelnames dat de voorziening per jaar kan bieden, naar rato van "
     "de dagen dat zij in het jaar geldt; deelnames = de som van de geldige maandmeldingen van de aanbieder "
     "(anoniem); bezetting = deelnames / capaciteit."),
    ("Verwijzingen (voorliggend)", "Aantal inwoners dat de toegang in het jaar naar de algemene voorziening verwees, "
     "zonder BSN; onderdrukt zoals de uitkomsten (minder dan de drempel)."),
    ("Verwachte instroom", "Trend (kleinste kwadraten) door het aantal nieuwe toewijzingen in de laatste zes volle "
     "maanden, doorgetrokken over de resterende maanden, tegen de recente gemiddelde prijs per product."),
    ("Prognose", "Besteed + wacht op definitieve goedkeuring + verplicht + verwachte instroom; benutting = prognose / "
     "plafond."),
]  # fmt: skip


def werkboek(bestandsnaam: str, titel: str, bladen: list) -> HttpResponse:
    """Sheets from ``(naam, kop, rijen)`` tuples (title and note above the header) or ready ``Blad``s."""
    out = []
    for blad in bladen:
        if isinstance(blad, exports.Blad):
            out.append(blad)
            continue
        naam, kop, rijen = blad
        out.append(
            exports.Blad(
                naam=naam,
                kop=kop,
                rijen=([_waarde(v) for v in r] for r in rijen),
                voorregels=[titel, NOOT],
                breedtes=[28] + [14] * (len(kop) - 1),
                vastzetten="B4",
            )
        )
    return exports.werkboek_response(bestandsnaam, out)


def _waarde(v):
    if isinstance(v, tuple):
        return " – ".join(f"{x:.3f}" for x in v)
    return v


def markering(cel, min_n: int) -> str:
    """Why a suppressed cell is empty: not yet known, too few, or hidden to protect a smaller cell."""
    if cel.n == 0:
        return "nog niet bekend"
    if cel.n < min_n:
        return f"onderdrukt (< {min_n})"
    return "onderdrukt"


def _pct(x):
    return Opmaak(x, PERCENTAGE_FORMAAT) if x is not None else None


def _vlag(afwijking: str | None):
    if not afwijking:
        return None
    return Opmaak(afwijking, vet=True, vulling=BETER if afwijking == "beter" else SLECHTER)


def indicator_rijen(tabel) -> tuple[list[str], list[list]]:
    kop = ["Groep", "Trajecten"]
    for i in tabel.indicatoren:
        kop += [f"{i.naam} n", f"{i.naam} aandeel", f"{i.naam} 95%-BI laag", f"{i.naam} 95%-BI hoog", f"{i.naam} regio",
                f"{i.naam} t.o.v. rest regio"]  # fmt: skip
    kop += ["Tevredenheid gemiddeld", "Extra vraag gemiddeld", "Uitgevraagd", "Respons", "Responspercentage"]
    rijen = []
    for r in [*tabel.rijen, tabel.benchmark]:
        row = [r.label, f"< {tabel.min_n}" if r.onderdrukt else r.aantal]
        for i in tabel.indicatoren:
            c = r.cellen[i.code]
            if c.onderdrukt:
                row += [markering(c, tabel.min_n), None, None, None, _pct(c.benchmark), None]
            else:
                row += [c.n, _pct(c.aandeel), _pct(c.ci[0] if c.ci else None), _pct(c.ci[1] if c.ci else None),
                        _pct(c.benchmark), _vlag(c.afwijking)]  # fmt: skip
        t = r.tevredenheid
        row += [
            Opmaak(t.gemiddelde, "0.0") if t.gemiddelde is not None else None,
            Opmaak(t.extra_vraag, "0.0") if t.extra_vraag is not None else None,
            None if t.onderdrukt else t.uitgevraagd,
            f"< {tabel.min_n}" if t.onderdrukt else t.respons,
            _pct(t.responspercentage),
        ]
        rijen.append(row)
    return kop, rijen


# The indicators of the summary: the three outcome criteria of the council report.
KERN = ["doelen_behaald", "zonder_hulp_verder", "geen_nieuwe_hulp", "probleem_afgenomen", "uitval_smal",
        "uitval_breed", "tevreden"]  # fmt: skip


def samenvatting_indicatoren(tabel, kolom: str = "Groep") -> tuple[list[str], list[list]]:
    """One line per row and the region: the share of each key indicator with its flag, or why it is empty."""
    namen = {i.code: i.naam for i in tabel.indicatoren}
    kop = [kolom, "Trajecten"]
    for code in KERN:
        kop += [namen[code], f"{namen[code]} t.o.v. rest regio"]
    kop += ["Tevredenheid gemiddeld (1-10)", "Responspercentage"]
    rijen = []
    for r in [*tabel.rijen, tabel.benchmark]:
        vet = r is tabel.benchmark
        row = [Opmaak(r.label, vet=vet), f"< {tabel.min_n}" if r.onderdrukt else Opmaak(r.aantal, vet=vet)]
        for code in KERN:
            c = r.cellen[code]
            if c.onderdrukt:
                row += [markering(c, tabel.min_n), None]
            else:
                row += [Opmaak(c.aandeel, PERCENTAGE_FORMAAT, vet=vet), _vlag(c.afwijking)]
        t = r.tevredenheid
        row += [
            Opmaak(t.gemiddelde, "0.0") if t.gemiddelde is not None else ("onderdrukt" if t.onderdrukt else None),
            _pct(t.responspercentage),
        ]
        rijen.append(row)
    return kop, rijen


def samenvatting_blad(titel: str, voorregels: list[str], kop: list[str], rijen: list[list]) -> exports.Blad:
    return exports.Blad(
        naam="Samenvatting",
        kop=kop,
        rijen=rijen,
        voorregels=[titel, *voorregels, NOOT],
        breedtes=[28] + [16] * (len(kop) - 1),
        vastzetten=f"B{len(voorregels) + 4}",
    )


def budget_samenvatting(overzichten, totaal) -> tuple[list[str], list[list]]:
    """Per municipality (and the total when there are several): the year's figures against the ceiling."""
    kop = ["Gemeente", "Plafond", "Besteed", "Wacht op definitieve goedkeuring", "Verplicht", "Verwachte instroom",
           "Prognose", "Verschil met plafond", "Benutting", "Boven plafond"]  # fmt: skip
    regels = list(overzichten)
    if totaal is not None and len(regels) > 1:
        regels.append(totaal)
    rijen = []
    for o in regels:
        rijen.append([
            o.gemeente.naam, _euro(o.plafond), _euro(o.gerealiseerd), _euro(o.toegekend), _euro(o.verplicht),
            _euro(o.instroom), _euro(o.prognose), _euro(o.overschrijding), _pct(o.benutting),
            Opmaak("ja", vet=True, vulling=SLECHTER) if o.boven_plafond else "nee",
        ])  # fmt: skip
    return kop, rijen


def _euro(x):
    return Opmaak(x, EURO_FORMAAT) if x is not None else None


def definities_blad() -> exports.Blad:
    return exports.Blad(naam="Definities", kop=["Begrip", "Definitie"], rijen=[list(d) for d in DEFINITIES],
                        breedtes=[34, 120])  # fmt: skip


def budget_rijen(overzichten, per: str = "maand") -> tuple[list[str], list[list]]:
    kop = ["Gemeente", "Periode", "Besteed", "Wacht op definitieve goedkeuring", "Verplicht", "Verwachte instroom",
           "Totaal", "Plafond", "Benutting"]  # fmt: skip
    rijen = []
    for o in overzichten:
        perioden = (
            [(m.label, m.gerealiseerd, m.toegekend, m.verplicht, m.instroom, m.totaal) for m in o.maanden]
            if per == "maand"
            else [
                (f"{o.jaar}-K{k.kwartaal}", k.gerealiseerd, k.toegekend, k.verplicht, k.instroom, k.totaal)
                for k in o.kwartalen
            ]
        )
        for p in perioden:
            rijen.append([o.gemeente.naam, p[0], *(_euro(x) for x in p[1:]), None, None])
        if o.pgb:  # the year's pgb commitments: committed, not per month
            rijen.append([o.gemeente.naam, f"pgb-verplichtingen {o.jaar}", None, None, _euro(o.pgb), None, _euro(o.pgb),
                          None, None])  # fmt: skip
        rijen.append([o.gemeente.naam, f"{o.jaar} totaal (prognose)", _euro(o.gerealiseerd), _euro(o.toegekend),
                      _euro(o.verplicht), _euro(o.instroom), _euro(o.prognose), _euro(o.plafond),
                      _pct(o.benutting)])  # fmt: skip
    return kop, rijen


# --- issue 17: Wmo and youth side by side, subsidies next to contracts, collective provisions ------


def _telling(t):
    """A suppressed count says why it is empty, as the outcome cells do."""
    return f"< {t.min_n}" if t.onderdrukt else t.n


def wet_rijen(wetrijen) -> tuple[list[str], list[list]]:
    """Per municipality and law: the contract figures (pgb within committed) and the subsidies."""
    kop = ["Gemeente", "Wet", "Besteed", "Wacht op definitieve goedkeuring", "Verplicht (toewijzingen)",
           "Pgb (verplicht)", "Pgb-besluiten", "Verplicht totaal", "Verwachte instroom", "Prognose contracten",
           "Subsidie verleend", "Voorschotten betaald", "Subsidie vastgesteld", "Teruggevorderd"]  # fmt: skip
    rijen = []
    for r in wetrijen:
        b, s = r.budget, r.subsidie
        rijen.append([
            r.gemeente.naam, r.wet_naam, _euro(b.gerealiseerd), _euro(b.toegekend), _euro(b.verplicht_zorg_in_natura),
            _euro(b.pgb), _telling(r.pgb_aantal), _euro(b.verplicht), _euro(b.instroom), _euro(b.prognose),
            _euro(s.verleend), _euro(s.voorschotten), _euro(s.vastgesteld), _euro(s.terugvordering),
        ])  # fmt: skip
    return kop, rijen


def subsidie_rijen(rijen_in) -> tuple[list[str], list[list]]:
    kop = ["Gemeente", "Regeling", "Wet", "Subsidiejaar", "Plafond", "Verleningen", "Verleend", "Benutting plafond",
           "Voorschotten betaald", "Vastgesteld (aantal)", "Vastgesteld", "Teruggevorderd", "Nabetaald"]  # fmt: skip
    rijen = [
        [r.gemeente.naam, r.naam, r.wet_naam, r.jaar, _euro(r.plafond), r.verleningen, _euro(r.verleend),
         _pct(r.benutting), _euro(r.voorschotten), r.vastgesteld_aantal, _euro(r.vastgesteld), _euro(r.terugvordering),
         _euro(r.nabetaling)]
        for r in rijen_in
    ]  # fmt: skip
    return kop, rijen


def bereik_rijen(rijen_in) -> tuple[list[str], list[list]]:
    kop = ["Gemeente", "Wijk", "Voorziening", "Aanbieder", "Capaciteit (deelnames per jaar)", "Deelnames", "Bezetting",
           "Verwijzingen door de toegang", "Maanden gemeld", "Gesubsidieerd"]  # fmt: skip
    rijen = [
        [r.gemeente.naam, r.wijk, r.voorziening, r.aanbieder, r.capaciteit, r.deelnames, _pct(r.bezetting),
         _telling(r.verwijzingen), r.maanden_gemeld, "ja" if r.gesubsidieerd else "nee"]
        for r in rijen_in
    ]  # fmt: skip
    return kop, rijen


def wet_samenvatting(wetrijen) -> tuple[list[str], list[list]]:
    """The summary sheet's block of ``wet_rijen``: one label per municipality and law, the main figures."""
    kop = ["Gemeente en wet", "Besteed", "Wacht op definitieve goedkeuring", "Verplicht (incl. pgb)",
           "Verwachte instroom", "Prognose contracten", "Subsidie verleend", "Subsidie vastgesteld",
           "Teruggevorderd"]  # fmt: skip
    rijen = [
        [f"{r.gemeente.naam} – {r.wet_naam}", _euro(r.budget.gerealiseerd), _euro(r.budget.toegekend),
         _euro(r.budget.verplicht), _euro(r.budget.instroom), _euro(r.budget.prognose), _euro(r.subsidie.verleend),
         _euro(r.subsidie.vastgesteld), _euro(r.subsidie.terugvordering)]
        for r in wetrijen
    ]  # fmt: skip
    return kop, rijen
