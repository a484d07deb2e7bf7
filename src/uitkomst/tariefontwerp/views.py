"""Tariff-design pages: the matrix of proposals with a histogram per cell (server-side SVG with a
table alternative), the editable product mapping, the history import, saving as draft tariffs, the
review after a year, and the Excel and PDF exports. Thin: every rule is in ``selectors``/``services``;
every page asks the policy first, so a role without the right gets a 403 before anything is read."""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.organisaties.models import Regio
from uitkomst.utils import exports, klok
from uitkomst.utils.errors import DomainError
from uitkomst.utils.geld import format_euro
from uitkomst.utils.params import parse_int
from uitkomst.utils.pdf import pdf_response

from . import selectors, services
from .models import Historie, Historieregel, Productkoppeling

MODEL_CODE = "ijsselland-jeugd-2018"


def _regio(request):
    regio = request.user.regio
    if regio is None:  # installation users: the first region
        regio = Regio.objects.order_by("naam").first()
    return regio


def _context(request, actie: str = "tariefontwerp.lezen"):
    """The region, model and history a page works on; the policy is asked first (403 for other roles)."""
    regio = _regio(request)
    policy.vereis(request.user, actie, regio)
    model = Inkoopmodel.objects.filter(regio=regio, code=request.GET.get("model", MODEL_CODE)).first()
    historie = None
    if regio is not None:
        gekozen = request.GET.get("historie", "")
        try:
            historie = Historie.objects.filter(regio=regio, uuid=uuidlib.UUID(gekozen)).first() if gekozen else None
        except ValueError:
            historie = None
        historie = historie or selectors.laatste_historie(regio=regio)
    return regio, model, historie


def histogram_svg(cel: dict, breedte: int = 120, hoogte: int = 36):
    bins = cel.get("histogram") or []
    if not bins:
        return ""
    top = max(b["aantal"] for b in bins) or 1
    w = breedte / len(bins)
    rects = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}"><title>{} – {}: {}</title></rect>',
        (
            (f"{k * w:.1f}", f"{hoogte - b['aantal'] / top * hoogte:.1f}", f"{w - 1:.1f}",
             f"{b['aantal'] / top * hoogte:.1f}", format_euro(b["van"]), format_euro(b["tot"]), b["aantal"])
            for k, b in enumerate(bins)
        ),
    )  # fmt: skip
    return format_html(
        '<svg class="histogram" role="img" aria-label="{}" width="{}" height="{}" viewBox="0 0 {} {}" '
        'fill="#154273">{}</svg>',
        _("Verdeling van de kosten per traject, %(n)s trajecten") % {"n": cel["aantal"]},
        breedte, hoogte, breedte, hoogte, rects,
    )


def _kwargs(request) -> dict:
    return {
        "regel": request.GET.get("regel", "gemiddelde"),
        "trim": request.GET.get("trim") or 0.05,  # parsed and judged by the selector (Dutch comma allowed)
        "percentiel": request.GET.get("percentiel") or 50.0,
        "minimum": parse_int(request.GET.get("minimum"), None),  # judged by the selector (minimum_ongeldig)
    }


def _xlsx(result):
    kop = ["profiel", "intensiteit", "aantal", "te weinig", "voorstel", "gemiddelde", "mediaan", "p10", "p25",
           "p75", "p90", "duur (mnd)", "boven tarief", "segment C"]  # fmt: skip
    rijen = [
        [c["profiel"], c["intensiteit"], c["aantal"], c["te_weinig"], c.get("voorstel"), c.get("gemiddelde"),
         c.get("mediaan"), c.get("p10"), c.get("p25"), c.get("p75"), c.get("p90"),
         c.get("duur_maanden_gemiddeld"), c.get("aandeel_boven_tarief"), c.get("aantal_segment_c")]
        for c in result["cellen"]
    ]  # fmt: skip
    verdeling = [
        [c["profiel"], c["intensiteit"], k + 1, b["van"], b["tot"], b["aantal"]]
        for c in result["cellen"]
        for k, b in enumerate(c.get("histogram") or [])
    ]
    aanb = [[a["aanbieder"], a["agb_code"], a["grootte"], a["clienten"], a["referentie"], a["voorstel"],
             a["verschil"], a["verschil_pct"]] for a in result["per_aanbieder"]]  # fmt: skip
    b = result["budget"]
    voor = [f"Tariefontwerp {result['regel_naam']} – {result['historie']}",
            f"Budget referentiejaar {b['referentie']}, voorstel {b['voorstel']}, afwijking {b['afwijking']}"
            f" ({'budgetneutraal' if b['budgetneutraal'] else 'niet budgetneutraal'})",
            "Synthetische demogegevens" if result["synthetisch"] else ""]  # fmt: skip
    return exports.werkboek_response(
        "tariefontwerp",
        [
            exports.Blad("Cellen", kop, rijen, voorregels=voor),
            exports.Blad("Verdeling", ["profiel", "intensiteit", "bak", "van", "tot", "aantal"], verdeling),
            exports.Blad("Per aanbieder", ["aanbieder", "agb", "grootte", "cliënten", "referentie", "voorstel",
                                           "verschil", "verschil %"], aanb),  # fmt: skip
            exports.Blad("Niet gekoppeld", ["product", "naam", "cliënten", "bedrag"],
                         [[p["product_code"], p["naam"], p["clienten"], p["bedrag"]] for p in result["niet_gekoppeld"]]),  # noqa: E501
        ],
    )


@login_required
def ontwerp_page(request):
    regio, model, historie = _context(request)
    kwargs = _kwargs(request)
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
            messages.success(
                request,
                _("%(aantal)s concepttarieven opgeslagen per %(datum)s; stel ze vast in de catalogus.")
                % {"aantal": aantal, "datum": f"{datum:%d-%m-%Y}"},
            )
            return redirect(request.get_full_path())
        except ValueError:
            fout = DomainError(_("Geef een geldige ingangsdatum."), code="ingangsdatum_ongeldig")
        except DomainError as exc:
            if exc.status == 403:
                raise
            fout = exc
    formaat = request.GET.get("formaat")
    if result is not None and formaat == "xlsx":
        return _xlsx(result)
    matrix, intensiteiten = [], []
    if result is not None:
        cellen = {(c["profiel"], c["intensiteit"]): c for c in result["cellen"]}
        for c in cellen.values():
            c["svg"] = histogram_svg(c)
        profielen = list(model.profielen.order_by("volgorde"))
        intensiteiten = list(model.intensiteiten.order_by("volgorde"))
        matrix = [(p, [cellen.get((p.code, i.code)) for i in intensiteiten]) for p in profielen
                  if any(cellen.get((p.code, i.code)) for i in intensiteiten)]  # fmt: skip
    ctx = {
        "titel": _("Tariefontwerp uit de eigen historie"), "historie": historie, "model": model, "result": result,
        "fout": fout, "matrix": matrix, "intensiteiten": intensiteiten, "params": kwargs,
        "regels": selectors.REGELS, "ingangsdatum": dt.date(klok.vandaag().year + 1, 1, 1),
        "historien": Historie.objects.filter(regio=regio).order_by("-referentiejaar", "-aangemaakt_op")
        if regio else [],
        "mag_beheren": policy.mag(request.user, "tariefontwerp.beheren", regio) if regio else False,
        "gemaakt_op": klok.nu(),
    }  # fmt: skip
    if result is not None and formaat == "pdf":
        return pdf_response("tariefontwerp/ontwerp_pdf.html", ctx, "tariefontwerp.pdf", request=request)
    return render(request, "tariefontwerp/ontwerp.html", ctx)


@login_required
def koppeling_page(request):
    regio, model, historie = _context(request)
    if historie is None or model is None:
        return render(request, "tariefontwerp/koppeling.html", {"titel": _("Koppeling oude producten"), "rijen": []})
    fout = None
    if request.method == "POST":
        try:
            if request.POST.get("actie") == "voorstel":
                services.koppeling_voorstellen(historie=historie, inkoopmodel=model, door=request.user)
            else:
                cel = request.POST.get("cel", "")
                p, _sep, i = cel.partition("|")
                services.koppeling_wijzigen(historie=historie, product_code=request.POST.get("product", ""),
                                            profiel=p or None, intensiteit=i or None, inkoopmodel=model,
                                            door=request.user)  # fmt: skip
            return redirect(request.get_full_path())
        except DomainError as exc:
            if exc.status == 403:
                raise
            fout = exc
    saved = {k.product_code: k for k in Productkoppeling.objects.filter(historie=historie).select_related(
        "profiel", "intensiteit")}  # fmt: skip
    rijen = [(t, saved.get(t["product_code"])) for t in selectors.product_totalen(historie)]
    cellen = [(f"{p}|{i}", f"{p} {i}") for p, i in selectors.cellen_van(model)]
    return render(request, "tariefontwerp/koppeling.html", {
        "titel": _("Koppeling oude producten aan profiel en intensiteit"), "rijen": rijen, "cellen": cellen,
        "historie": historie, "fout": fout, "open": sum(1 for _t, k in rijen if k is None),
        "mag_beheren": policy.mag(request.user, "tariefontwerp.beheren", regio),
    })  # fmt: skip


# --- import ------------------------------------------------------------------------------------


class _BegrensdeUpload(FileUploadHandler):
    """Stops reading an upload as soon as it passes the limit: a too-large file is never stored whole."""

    def __init__(self, request, limiet: int):
        super().__init__(request)
        self.limiet = limiet
        self.ontvangen = 0
        self.te_groot = False

    def receive_data_chunk(self, raw_data, start):
        self.ontvangen += len(raw_data)
        if self.ontvangen > self.limiet:
            self.te_groot = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


@csrf_exempt  # the upload handler must be set before the CSRF check reads the body; checked just below
@login_required
def import_page(request):
    limiet = settings.TARIEFONTWERP_IMPORT_MAX_BYTES
    begrenzer = _BegrensdeUpload(request, limiet)
    if request.method == "POST":
        request.upload_handlers.insert(0, begrenzer)
    return _import_page(request, begrenzer)


@csrf_protect
def _import_page(request, begrenzer):
    regio = _regio(request)
    policy.vereis(request.user, "tariefontwerp.beheren", regio)
    limiet = settings.TARIEFONTWERP_IMPORT_MAX_BYTES
    invoer = {"naam": "", "referentiejaar": str(klok.vandaag().year - 1)}
    fout, status = None, 200
    if request.method == "POST":
        invoer = {k: request.POST.get(k, "").strip() for k in invoer}
        bestand = request.FILES.get("bestand")
        try:
            if begrenzer.te_groot:
                raise DomainError(
                    _("Het bestand is te groot: hooguit %(mb)s MB.") % {"mb": limiet // (1024 * 1024)},
                    code="bestand_te_groot", field="bestand",
                )  # fmt: skip
            if bestand is None:
                raise DomainError(_("Kies een bestand (.csv of .xlsx)."), code="bestand_ontbreekt", field="bestand")
            try:
                jaar = int(invoer["referentiejaar"])
            except ValueError as exc:
                raise DomainError(_("Geef het referentiejaar als getal."), code="referentiejaar_ongeldig",
                                  field="referentiejaar") from exc  # fmt: skip
            historie = services.historie_importeren(
                regio=regio, naam=invoer["naam"], referentiejaar=jaar, bestand=bestand, bestandsnaam=bestand.name,
                door=request.user,
            )
            return redirect(f"{reverse('tariefontwerp:import')}?historie={historie.uuid}")
        except DomainError as exc:
            if exc.status == 403:
                raise
            fout, status = exc, 400
    geimporteerd = None
    if request.GET.get("historie"):
        try:
            h = Historie.objects.filter(regio=regio, uuid=uuidlib.UUID(request.GET["historie"])).first()
        except ValueError:
            h = None
        if h is not None:
            totalen = Historieregel.objects.filter(historie=h).aggregate(
                regels=Count("id"), clienten=Count("client_ref", distinct=True),
                producten=Count("product_code", distinct=True),
            )  # fmt: skip
            geimporteerd = {"historie": h, **totalen}
    return render(request, "tariefontwerp/import.html", {
        "titel": _("Historie importeren (P×Q)"), "fout": fout, "invoer": invoer, "geimporteerd": geimporteerd,
        "max_mb": limiet // (1024 * 1024), "max_regels": settings.TARIEFONTWERP_IMPORT_MAX_REGELS,
        "kolommen": services.KOLOMMEN, "optioneel": services.OPTIONEEL,
    }, status=status)  # fmt: skip


# --- review after a year -----------------------------------------------------------------------


@login_required
def herziening_page(request):
    regio = _regio(request)
    policy.vereis(request.user, "tariefontwerp.lezen", regio)
    model = Inkoopmodel.objects.filter(regio=regio, code=request.GET.get("model", MODEL_CODE)).first()
    jaar = parse_int(request.GET.get("jaar"), klok.vandaag().year - 1, 2000, klok.vandaag().year)
    rijen = selectors.herziening(user=request.user, inkoopmodel=model, jaar=jaar) if model else []
    if request.GET.get("formaat") == "xlsx":
        kop = ["product", "profiel", "intensiteit", "tarief", "toewijzingen", "gefactureerd per toewijzing",
               "verhouding", "beëindigd", "zonder hulp verder", "probleem afgenomen", "duur (mnd)"]  # fmt: skip
        return exports.werkboek_response(f"tariefherziening-{jaar}", [exports.Blad(
            "Herziening", kop,
            [[r["product"], r["profiel"], r["intensiteit"], r["tarief"], r["toewijzingen"],
              r["gefactureerd_per_toewijzing"], r["verhouding"], r["beeindigd"], r["zonder_hulp_verder"],
              r["probleem_afgenomen"], r["duur_maanden"]] for r in rijen],
            voorregels=[f"Tariefherziening na een jaar: {model} {jaar}"],
        )])  # fmt: skip
    return render(request, "tariefontwerp/herziening.html", {
        "titel": _("Herziening na een jaar: tarief tegen werkelijke kosten en uitkomsten"), "rijen": rijen,
        "jaar": jaar, "model": model, "mag_herzien": policy.mag(request.user, "sturing.lezen"),
    })  # fmt: skip
