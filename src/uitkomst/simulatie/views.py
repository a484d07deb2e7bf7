"""The simulation page: five funding forms side by side, the parameters in a form, a chart (server-side
SVG with the table as its alternative), Excel and PDF export. Up to ``services.RUNS_DIRECT`` runs are
computed at once; a longer run is started as a task whose page shows its progress. Thin: every rule
is in ``services``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from uitkomst.accounts import policy
from uitkomst.organisaties.models import Gemeente, Regio
from uitkomst.utils import exports, klok
from uitkomst.utils.errors import DomainError, Problem
from uitkomst.utils.geld import format_euro
from uitkomst.utils.params import parse_int
from uitkomst.utils.pdf import pdf_response

from . import services, tasks
from .models import Simulatierun


def kosten_svg(vormen: list[dict], breedte: int = 640):
    """Horizontal bars: the mean cost per funding form, a whisker from the 5th to the 95th percentile."""
    if not vormen:
        return ""
    rij, label_w = 26, 210
    top = max(float(v["totaal_p95"]) for v in vormen) or 1.0
    schaal = (breedte - label_w - 10) / top
    hoogte = rij * len(vormen) + 4
    delen = format_html_join(
        "",
        '<g><title>{}: {} ({} – {})</title><text x="0" y="{}" font-size="11" fill="#000">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="14" fill="#154273"></rect>'
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d52b1e" stroke-width="2"></line></g>',
        (
            (v["naam"], format_euro(v["totaal_gemiddeld"], 0), format_euro(v["totaal_p5"], 0),
             format_euro(v["totaal_p95"], 0), k * rij + 15, v["naam"], label_w, k * rij + 4,
             f"{float(v['totaal_gemiddeld']) * schaal:.1f}", f"{label_w + float(v['totaal_p5']) * schaal:.1f}",
             f"{label_w + float(v['totaal_p95']) * schaal:.1f}", k * rij + 11, k * rij + 11)
            for k, v in enumerate(vormen)
        ),
    )  # fmt: skip
    return format_html(
        '<svg class="grafiek" role="img" aria-label="{}" width="{}" height="{}" viewBox="0 0 {} {}">{}</svg>',
        _("Kosten gemeente per bekostigingsvorm, gemiddeld met 90%-interval; de tabel geeft dezelfde cijfers"),
        breedte, hoogte, breedte, hoogte, delen,
    )  # fmt: skip


def _xlsx(result):
    kop = ["vorm", "gemiddeld", "p5", "mediaan", "p95", "spreiding", "risico", "marge aanbieders",
           "aandeel groot", "verschuiving groot", "declaratieregels", "berichten"]  # fmt: skip
    rijen = [[v["naam"], v["totaal_gemiddeld"], v["totaal_p5"], v["totaal_mediaan"], v["totaal_p95"],
              v["spreiding_p95_p5"], v["overschrijdingsrisico"], v["aanbieders_marge"],
              v["aandeel_grote_aanbieders"], v["verschuiving_groot_tov_pxq"], v["declaratieregels_per_jaar"],
              v["berichten_per_jaar"]] for v in result["vormen"]]  # fmt: skip
    per_gemeente = [[v["naam"], g["gemeente"], g["kosten"]] for v in result["vormen"] for g in v["per_gemeente"]]
    par = [[p["naam"], p["omschrijving"], p["waarde"], p["standaard"], p["bron"]] for p in result["parameters"]]
    gev = [[g["parameter"], g["variant"], g["waarde"], *[g[f] for f in services.VORMEN]]
           for g in result.get("gevoeligheid", [])]  # fmt: skip
    voor = [f"Simulatie {result['gemeente'] or result['regio']} {result['jaar']}, {result['runs']} runs, "
            f"seed {result['seed']}", "Synthetische demogegevens" if result["synthetisch"] else ""]  # fmt: skip
    return exports.werkboek_response(f"simulatie-{result['jaar']}", [
        exports.Blad("Vormen", kop, rijen, voorregels=voor),
        exports.Blad("Per gemeente", ["vorm", "gemeente", "kosten"], per_gemeente),
        exports.Blad("Parameters", ["naam", "omschrijving", "waarde", "standaard", "bron"], par),
        exports.Blad("Gevoeligheid", ["parameter", "variant", "waarde", *services.VORMEN.values()], gev),
    ])  # fmt: skip


def _uitvoer(request, result, ctx: dict):
    """The page, or its Excel or PDF export (``?formaat=xlsx|pdf``)."""
    formaat = request.GET.get("formaat")
    if result is not None:
        ctx["grafiek"] = kosten_svg(result["vormen"])
        if formaat == "xlsx":
            return _xlsx(result)
        if formaat == "pdf":
            ctx["gemaakt_op"] = klok.nu()
            return pdf_response("simulatie/simulatie_pdf.html", ctx, f"simulatie-{result['jaar']}.pdf",
                                request=request)  # fmt: skip
    return render(request, ctx.pop("template", "simulatie/simulatie.html"), ctx)


def _gebied(request, bron):
    regio = request.user.regio or (request.user.gemeente.regio if request.user.gemeente_id else None)
    regio = regio or Regio.objects.order_by("naam").first()
    gemeenten = list(Gemeente.objects.filter(regio=regio).order_by("naam"))
    gemeente = None
    if request.user.gemeente_id:
        gemeente = request.user.gemeente  # a municipality sees its own
    elif bron.get("gemeente"):
        gemeente = next((g for g in gemeenten if g.cbs_code == bron["gemeente"]), None)
    policy.vereis(request.user, "simulatie.lezen", gemeente or regio)
    return regio, gemeenten, gemeente


def _invoer(bron):
    jaar = parse_int(bron.get("jaar"), klok.vandaag().year + 1)
    runs = parse_int(bron.get("runs"), 1000)
    seed = parse_int(bron.get("seed"), 2018)
    params = {k: bron[k] for k in services.PARAMETERS if bron.get(k) not in (None, "")}
    return jaar, runs, seed, params


@login_required
def simulatie_page(request):
    bron = request.POST if request.method == "POST" else request.GET
    regio, gemeenten, gemeente = _gebied(request, bron)
    jaar, runs, seed, params = _invoer(bron)
    result, fout, als_taak = None, None, False
    try:
        if request.method == "POST":  # a long run: recorded, queued, followed on its own page
            run = services.run_starten(user=request.user, regio=regio, gemeente=gemeente, jaar=jaar, runs=runs,
                                       seed=seed, parameters=params)  # fmt: skip
            tasks.simulatierun.delay(run.pk)
            return redirect("simulatie:run", uuid=run.uuid)
        if runs > services.RUNS_DIRECT:
            als_taak = True
        else:
            result = services.simuleer(user=request.user, regio=regio, gemeente=gemeente, jaar=jaar, runs=runs,
                                       seed=seed, parameters=params)  # fmt: skip
    except DomainError as exc:
        if exc.status == 403:
            raise
        fout = exc
    waarden = {k: params.get(k, p.standaard) for k, p in services.PARAMETERS.items()}
    return _uitvoer(request, result, {
        "titel": _("Bekostigingsvormen naast elkaar"), "result": result, "fout": fout, "gemeenten": gemeenten,
        "gemeente": gemeente, "jaar": jaar, "runs": runs, "seed": seed, "parameters": services.PARAMETERS.values(),
        "waarden": waarden, "vormen": services.VORMEN, "als_taak": als_taak, "runs_direct": services.RUNS_DIRECT,
        "vast_gemeente": bool(request.user.gemeente_id),
    })  # fmt: skip


@login_required
def run_page(request, uuid):
    run = get_object_or_404(Simulatierun, uuid=uuid)
    if run.aangemaakt_door_id != request.user.pk:
        raise Http404(_("Deze simulatie bestaat niet."))
    regio, gemeenten, gemeente = _gebied(request, {"gemeente": run.invoer.get("gemeente")})
    i = run.invoer
    ctx = {
        "titel": _("Bekostigingsvormen naast elkaar"), "run": run, "result": run.resultaat, "fout": None,
        "gemeenten": gemeenten, "gemeente": gemeente, "jaar": i["jaar"], "runs": i["runs"], "seed": i["seed"],
        "parameters": services.PARAMETERS.values(), "vormen": services.VORMEN,
        "waarden": {k: (i.get("parameters") or {}).get(k, p.standaard) for k, p in services.PARAMETERS.items()},
        "template": "simulatie/run.html", "runs_direct": services.RUNS_DIRECT,
    }  # fmt: skip
    if run.fout:
        ctx["fout"] = DomainError(run.fout["message"], code=run.fout["code"],
                                  problems=[Problem(p["code"], p["message"]) for p in run.fout["problems"]])
    return _uitvoer(request, run.resultaat, ctx)
