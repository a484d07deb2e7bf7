"""Excel downloads of the reports: one sheet per table, a title, a note and a bold header.

Written by ``uitkomst.utils.exports`` (formula-like text neutralised, amounts typed).
"""

from __future__ import annotations

from django.http import HttpResponse

from uitkomst.utils import exports

NOOT = "Cellen met minder trajecten dan de drempel zijn onderdrukt (—); alle demogegevens zijn verzonnen."


def werkboek(bestandsnaam: str, titel: str, bladen: list[tuple[str, list[str], list[list]]]) -> HttpResponse:
    return exports.werkboek_response(
        bestandsnaam,
        [
            exports.Blad(naam=naam, kop=kop, rijen=([_waarde(v) for v in r] for r in rijen), voorregels=[titel, NOOT])
            for naam, kop, rijen in bladen
        ],
    )


def _waarde(v):
    if isinstance(v, tuple):
        return " – ".join(f"{x:.3f}" for x in v)
    return v


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
                row += [f"< {tabel.min_n}", None, None, None, c.benchmark, None]
            else:
                row += [c.n, c.aandeel, c.ci[0] if c.ci else None, c.ci[1] if c.ci else None, c.benchmark, c.afwijking]
        t = r.tevredenheid
        row += [
            t.gemiddelde,
            t.extra_vraag,
            None if t.onderdrukt else t.uitgevraagd,
            f"< {tabel.min_n}" if t.onderdrukt else t.respons,
            t.responspercentage,
        ]
        rijen.append(row)
    return kop, rijen


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
            rijen.append([o.gemeente.naam, *p, None, None])
        rijen.append([o.gemeente.naam, f"{o.jaar} totaal (prognose)", o.gerealiseerd, o.toegekend, o.verplicht,
                      o.instroom, o.prognose, o.plafond, o.benutting])  # fmt: skip
    return kop, rijen
