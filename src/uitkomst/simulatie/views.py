"""The simulation page: five funding forms side by side, the parameters in a form, Excel export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from uitkomst.organisaties.models import Gemeente, Regio
from uitkomst.utils import exports, klok
from uitkomst.utils.errors import DomainError
from uitkomst.utils.params import parse_int

from . import services


@login_required
def simulatie_page(request):
    regio = request.user.regio or (request.user.gemeente.regio if request.user.gemeente_id else None)
    regio = regio or Regio.objects.order_by("naam").first()
    gemeenten = list(Gemeente.objects.filter(regio=regio).order_by("naam"))
    gemeente = None
    if request.user.gemeente_id:
        gemeente = request.user.gemeente  # a municipality sees its own
    elif request.GET.get("gemeente"):
        gemeente = next((g for g in gemeenten if g.cbs_code == request.GET["gemeente"]), None)
    jaar = parse_int(request.GET.get("jaar"), klok.vandaag().year + 1)
    runs = parse_int(request.GET.get("runs"), 1000)
    seed = parse_int(request.GET.get("seed"), 2018)
    params = {k: request.GET[k] for k in services.PARAMETERS if request.GET.get(k) not in (None, "")}
    result, fout = None, None
    try:
        result = services.simuleer(user=request.user, regio=regio, gemeente=gemeente, jaar=jaar, runs=runs,
                                   seed=seed, parameters=params)  # fmt: skip
    except DomainError as exc:
        if exc.status == 403:
            raise
        fout = exc
    if result is not None and request.GET.get("formaat") == "xlsx":
        kop = ["vorm", "gemiddeld", "p5", "mediaan", "p95", "spreiding", "risico", "marge aanbieders",
               "aandeel groot", "verschuiving groot", "declaratieregels", "berichten"]  # fmt: skip
        rijen = [[v["naam"], v["totaal_gemiddeld"], v["totaal_p5"], v["totaal_mediaan"], v["totaal_p95"],
                  v["spreiding_p95_p5"], v["overschrijdingsrisico"], v["aanbieders_marge"],
                  v["aandeel_grote_aanbieders"], v["verschuiving_groot_tov_pxq"], v["declaratieregels_per_jaar"],
                  v["berichten_per_jaar"]] for v in result["vormen"]]  # fmt: skip
        par = [[p["naam"], p["omschrijving"], p["waarde"], p["standaard"], p["bron"]] for p in result["parameters"]]
        gev = [[g["parameter"], g["variant"], g["waarde"], *[g[f] for f in services.VORMEN]]
               for g in result["gevoeligheid"]]  # fmt: skip
        voor = [f"Simulatie {result['gemeente'] or result['regio']} {jaar}, {runs} runs, seed {seed}",
                "Synthetische demogegevens" if result["synthetisch"] else ""]  # fmt: skip
        return exports.werkboek_response(f"simulatie-{jaar}.xlsx", [
            exports.Blad("Vormen", kop, rijen, voorregels=voor),
            exports.Blad("Parameters", ["naam", "omschrijving", "waarde", "standaard", "bron"], par),
            exports.Blad("Gevoeligheid", ["parameter", "variant", "waarde", *services.VORMEN.values()], gev),
        ])  # fmt: skip
    waarden = {k: params.get(k, p.standaard) for k, p in services.PARAMETERS.items()}
    return render(request, "simulatie/simulatie.html", {
        "titel": "Bekostigingsvormen naast elkaar", "result": result, "fout": fout, "gemeenten": gemeenten,
        "gemeente": gemeente, "jaar": jaar, "runs": runs, "seed": seed, "parameters": services.PARAMETERS.values(),
        "waarden": waarden, "vormen": services.VORMEN,
    })  # fmt: skip
