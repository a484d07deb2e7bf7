"""Tariff-design pages: the matrix of proposals with a histogram per cell (server-side SVG with a
table alternative), the editable product mapping, saving as draft tariffs, Excel export. Thin:
every rule is in ``selectors``/``services``."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.html import format_html, format_html_join

from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.organisaties.models import Regio
from uitkomst.utils import exports
from uitkomst.utils.errors import DomainError
from uitkomst.utils.params import parse_int

from . import selectors, services
from .models import Productkoppeling

MODEL_CODE = "ijsselland-jeugd-2018"


def _context(request):
    regio = request.user.regio
    if regio is None:  # installation users: the first region
        regio = Regio.objects.order_by("naam").first()
    model = Inkoopmodel.objects.filter(regio=regio, code=request.GET.get("model", MODEL_CODE)).first()
    return regio, model, selectors.laatste_historie(regio=regio) if regio else None


def histogram_svg(cel: dict, breedte: int = 120, hoogte: int = 36):
    bins = cel.get("histogram") or []
    if not bins:
        return ""
    top = max(b["aantal"] for b in bins) or 1
    w = breedte / len(bins)
    rects = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}"><title>€ {} – € {}: {}</title></rect>',
        (
            (f"{k * w:.1f}", f"{hoogte - b['aantal'] / top * hoogte:.1f}", f"{w - 1:.1f}",
             f"{b['aantal'] / top * hoogte:.1f}", b["van"], b["tot"], b["aantal"])
            for k, b in enumerate(bins)
        ),
    )  # fmt: skip
    return format_html(
        '<svg class="histogram" role="img" aria-label="{}" width="{}" height="{}" viewBox="0 0 {} {}" '
        'fill="#154273">{}</svg>',
        f"Verdeling van de kosten per traject, {cel['aantal']} trajecten", breedte, hoogte, breedte, hoogte, rects,
    )


@login_required
def ontwerp_page(request):
    regio, model, historie = _context(request)
    kwargs = {
        "regel": request.GET.get("regel", "gemiddelde"),
        "trim": request.GET.get("trim") or 0.05,  # parsed and judged by the selector (Dutch comma allowed)
        "percentiel": request.GET.get("percentiel") or 50.0,
        "minimum": parse_int(request.GET.get("minimum"), None, 1, 100000),
    }
    result, fout = None, None
    if historie is not None and model is not None:
        try:
            result = selectors.ontwerp(user=request.user, historie=historie, inkoopmodel=model, **kwargs)
        except DomainError as exc:
            if exc.status == 403:
                raise
            fout = exc
    if request.method == "POST" and result is not None:
        try:
            datum = dt.date.fromisoformat(request.POST.get("ingangsdatum", ""))
            saved = services.ontwerp_opslaan(historie=historie, inkoopmodel=model, ingangsdatum=datum,
                                             door=request.user, **kwargs)  # fmt: skip
            aantal = saved.concepttarieven.count()
            messages.success(request, f"{aantal} concepttarieven opgeslagen per {datum:%d-%m-%Y}.")
            return redirect(request.get_full_path())
        except ValueError:
            fout = DomainError("Geef een geldige ingangsdatum.", code="ingangsdatum_ongeldig")
        except DomainError as exc:
            if exc.status == 403:
                raise
            fout = exc
    if result is not None and request.GET.get("formaat") == "xlsx":
        kop = ["profiel", "intensiteit", "aantal", "te weinig", "voorstel", "gemiddelde", "mediaan", "p10", "p25",
               "p75", "p90", "duur (mnd)", "boven tarief", "segment C"]  # fmt: skip
        rijen = [
            [c["profiel"], c["intensiteit"], c["aantal"], c["te_weinig"], c.get("voorstel"), c.get("gemiddelde"),
             c.get("mediaan"), c.get("p10"), c.get("p25"), c.get("p75"), c.get("p90"),
             c.get("duur_maanden_gemiddeld"), c.get("aandeel_boven_tarief"), c.get("aantal_segment_c")]
            for c in result["cellen"]
        ]  # fmt: skip
        aanb = [[a["aanbieder"], a["agb_code"], a["grootte"], a["clienten"], a["referentie"], a["voorstel"],
                 a["verschil"], a["verschil_pct"]] for a in result["per_aanbieder"]]  # fmt: skip
        voor = [f"Tariefontwerp {result['regel_naam']} – {result['historie']}",
                "Synthetische demogegevens" if result["synthetisch"] else ""]  # fmt: skip
        return exports.werkboek_response(
            "tariefontwerp.xlsx",
            [
                exports.Blad("Cellen", kop, rijen, voorregels=voor),
                exports.Blad("Per aanbieder", ["aanbieder", "agb", "grootte", "cliënten", "referentie", "voorstel",
                                               "verschil", "verschil %"], aanb),  # fmt: skip
                exports.Blad("Niet gekoppeld", ["product", "naam", "cliënten", "bedrag"],
                             [[p["product_code"], p["naam"], p["clienten"], p["bedrag"]] for p in result["niet_gekoppeld"]]),  # noqa: E501
            ],
        )
    matrix = []
    if result is not None:
        cellen = {(c["profiel"], c["intensiteit"]): c for c in result["cellen"]}
        for c in cellen.values():
            c["svg"] = histogram_svg(c)
        profielen = list(model.profielen.order_by("volgorde"))
        intensiteiten = list(model.intensiteiten.order_by("volgorde"))
        matrix = [(p, [cellen.get((p.code, i.code)) for i in intensiteiten]) for p in profielen
                  if any(cellen.get((p.code, i.code)) for i in intensiteiten)]  # fmt: skip
    else:
        intensiteiten = []
    return render(request, "tariefontwerp/ontwerp.html", {
        "titel": "Tariefontwerp uit de eigen historie", "historie": historie, "model": model, "result": result,
        "fout": fout, "matrix": matrix, "intensiteiten": intensiteiten, "params": kwargs,
        "regels": selectors.REGELS, "ingangsdatum": dt.date(dt.date.today().year + 1, 1, 1),
    })  # fmt: skip


@login_required
def koppeling_page(request):
    regio, model, historie = _context(request)
    if historie is None or model is None:
        return render(request, "tariefontwerp/koppeling.html", {"titel": "Koppeling oude producten", "rijen": []})
    fout = None
    if request.method == "POST":
        try:
            if request.POST.get("actie") == "voorstel":
                services.koppeling_voorstellen(historie=historie, inkoopmodel=model, door=request.user)
            else:
                cel = request.POST.get("cel", "")
                p, _, i = cel.partition("|")
                services.koppeling_wijzigen(historie=historie, product_code=request.POST.get("product", ""),
                                            profiel=p or None, intensiteit=i or None, inkoopmodel=model,
                                            door=request.user)  # fmt: skip
            return redirect(request.get_full_path())
        except DomainError as exc:
            if exc.status == 403:
                raise
            fout = exc
    selectors.historie_list(user=request.user, regio=regio)  # the read itself is checked by the policy
    saved = {k.product_code: k for k in Productkoppeling.objects.filter(historie=historie).select_related(
        "profiel", "intensiteit")}  # fmt: skip
    rijen = [(t, saved.get(t["product_code"])) for t in selectors.product_totalen(historie)]
    cellen = [(f"{p}|{i}", f"{p} {i}") for p, i in selectors.cellen_van(model)]
    return render(request, "tariefontwerp/koppeling.html", {
        "titel": "Koppeling oude producten aan profiel en intensiteit", "rijen": rijen, "cellen": cellen,
        "historie": historie, "fout": fout,
    })  # fmt: skip
