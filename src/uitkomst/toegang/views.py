"""Pages of the access worker's journey: referral -> plan -> profile/intensity, and the GP's short
referral form. Thin: parse, call one service.

The steps that read or create assignments (the client's dossier with its trajectories, the choice of
provider, the approver's queue) keep their ``toegang:`` urls but live in ``trajecten.views``: the
``Toewijzing`` model is in trajecten, which builds on toegang, not the reverse."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from uitkomst.accounts import policy
from uitkomst.audit.services import audit_request
from uitkomst.catalogus.models import Inkoopmodel, Product, Wet
from uitkomst.organisaties.models import Gemeente
from uitkomst.toegang.paging import PAGINA
from uitkomst.toegang.paging import IdPaginator as Paginator
from uitkomst.utils import klok, overgangen
from uitkomst.utils.errors import DomainError, ValidationFailed
from uitkomst.utils.params import parse_date, parse_int

from . import selectors, services
from .models import Client, Gezinsplan, Pgbbesluit, Verwijzer, Verwijzing


def _fail(request, exc: DomainError) -> None:
    for p in exc.problems:
        messages.error(request, p.message)


def _fouten(exc: DomainError, velden: tuple[str, ...]) -> list[dict]:
    """The problems of a refused form for its error summary: each linked to its field (or the first)."""
    return [{"veld": p.field if p.field in velden else velden[0], "melding": p.message} for p in exc.problems]


PLAN_VELDEN = ("product", "motivering", "maatwerk_prijs", "maatwerk_motivering", "uitsluiting")


def _rows(request, clients, wat: str, waarom: str, bsn_getoond: bool = False) -> None:
    audit_request(request, clients, wat=wat, waarom=waarom, bsn_getoond=bsn_getoond)


def _kenmerken(request, clients, volledig: bool = False) -> list:
    return [selectors.client_kenmerken(user=request.user, client=c, volledig=volledig) for c in clients]


@login_required
def werkvoorraad(request):
    """Referrals of the user's scope, newest first; filter on 'without plan', short form, referrer."""
    policy.vereis(request.user, "toegang.werkvoorraad")
    qs = selectors.verwijzing_list(
        user=request.user,
        zonder_plan=request.GET.get("zonder_plan") == "1",
        verkort=True if request.GET.get("verkort") == "1" else None,
        verwijzer_type=request.GET.get("verwijzer") or None,
    )
    page = Paginator(qs, PAGINA).get_page(request.GET.get("pagina"))
    rows = list(zip(page, _kenmerken(request, [v.client for v in page]), strict=True))
    _rows(request, page, "verwijzingen: cliënt (BSN gemaskeerd en geboortedatum naar rol)", "werkvoorraad verwijzingen")
    return render(
        request,
        "toegang/werkvoorraad.html",
        {"pagina": page, "rows": rows, "verwijzers": Verwijzer.choices, "filters": request.GET},
    )


@login_required
def client_list(request):
    """The clients of the user's scope; a search by BSN goes by POST (never in a URL, a log line or the
    browser history) and only for roles under ``toegang.bsn_zoeken``."""
    gezocht = request.method == "POST"
    if gezocht:
        try:
            page = list(selectors.client_list(user=request.user, bsn=request.POST.get("bsn", "").strip())[:10])
        except DomainError as exc:
            _fail(request, exc)
            page = None
        if page == []:
            messages.info(request, _("Geen cliënt gevonden met dit BSN (of u mag haar niet zien)."))
    else:
        page = Paginator(selectors.client_list(user=request.user), PAGINA).get_page(request.GET.get("pagina"))
    page = [] if page is None else page
    rows = list(zip(page, _kenmerken(request, page), strict=True))
    _rows(request, page, "cliëntenlijst: referentie (BSN gemaskeerd en geboortedatum naar rol)", "cliënten zoeken")
    return render(
        request,
        "toegang/client_list.html",
        {
            "pagina": page,
            "rows": rows,
            "gezocht": gezocht,
            "kan_zoeken": policy.mag(request.user, "toegang.bsn_zoeken"),
        },
    )


@login_required
def verwijzing_nieuw(request):
    user = request.user
    policy.vereis(user, "toegang.verwijzing_aanmaken")
    is_gp = policy.is_verwijzer(user)
    gemeenten = (
        Gemeente.objects.all() if is_gp or not user.gemeente_id else Gemeente.objects.filter(pk=user.gemeente_id)
    )
    modellen = Inkoopmodel.objects.filter(regio__gemeenten__in=gemeenten).distinct().order_by("-geldig_van", "naam")
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        gemeente = Gemeente.objects.filter(pk=parse_int(values.get("gemeente"), 0)).first()
        # A GP does not choose a purchasing model: the municipality derives it (the service).
        model = None if is_gp else Inkoopmodel.objects.filter(pk=parse_int(values.get("inkoopmodel"), 0)).first()
        if gemeente is None or (model is None and not is_gp):
            messages.error(request, _("Kies de woongemeente en het inkoopmodel."))
        else:
            try:
                if values.get("datum") and parse_date(values.get("datum")) is None:  # not silently today
                    raise ValidationFailed(
                        _("Geef een geldige verwijsdatum (JJJJ-MM-DD)."), code="datum_ongeldig", field="datum"
                    )
                verwijzing = services.verwijzing_create(
                    bsn=values.get("bsn", ""),
                    geboortedatum=parse_date(values.get("geboortedatum")),
                    gemeente=gemeente,
                    inkoopmodel=model,
                    datum=parse_date(values.get("datum")) or klok.vandaag(),
                    door=user,
                    verwijzer_type=values.get("verwijzer_type") or None,
                    verwijzer_code=values.get("verwijzer_code", "").strip(),
                    verwijzer_naam=values.get("verwijzer_naam", "").strip(),
                    toelichting=values.get("toelichting", ""),
                )
            except DomainError as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("De verwijzing is vastgelegd."))
                return redirect("toegang:verwijzing-detail", uuid=verwijzing.uuid)
    return render(
        request,
        "toegang/verwijzing_nieuw.html",
        {
            "is_gp": is_gp,
            "gemeenten": gemeenten,
            "modellen": modellen,
            "verwijzers": Verwijzer.choices,
            "v": values,
            "vandaag": klok.vandaag(),
        },
    )


def _verwijzing(request, uuid) -> Verwijzing:
    try:
        return selectors.verwijzing_get(user=request.user, uuid=uuid)
    except Verwijzing.DoesNotExist as exc:
        raise Http404("Deze verwijzing bestaat niet of u mag haar niet zien.") from exc


@login_required
def verwijzing_detail(request, uuid):
    verwijzing = _verwijzing(request, uuid)
    fouten: list[dict] = []
    if request.method == "POST":
        try:
            plan = services.gezinsplan_create(
                verwijzing=verwijzing, doelen=request.POST.get("doelen", "").splitlines(), door=request.user
            )
        except DomainError as exc:
            fouten = _fouten(exc, ("doelen",))
        else:
            messages.success(request, _("Het plan met de doelen is vastgelegd. Kies nu profiel en intensiteit."))
            return redirect("toegang:plan-detail", uuid=plan.uuid)
    wat = "verwijzing: cliënt (BSN gemaskeerd en geboortedatum naar rol), hulpvraag"
    _rows(request, [verwijzing], wat, "verwijzing bekijken")
    plan = Gezinsplan.objects.filter(verwijzing=verwijzing).first()
    return render(
        request,
        "toegang/verwijzing_detail.html",
        {
            "verwijzing": verwijzing,
            "client_k": selectors.client_kenmerken(user=request.user, client=verwijzing.client),
            "plan": plan,
            "kan_handelen": policy.mag(request.user, "toegang.gezinsplan_aanmaken", verwijzing),
            "lopend": _lopende_zorg(verwijzing)
            if policy.mag(request.user, "toegang.gezinsplan_aanmaken", verwijzing)
            else [],
            "fouten": fouten,
            "invoer": request.POST,
        },
        status=400 if fouten else 200,
    )


def _lopende_zorg(verwijzing: Verwijzing) -> list:
    """The client's running trajectories and open assignments in the referral's purchasing model,
    shown as soon as the referral is opened, so nobody stacks care by surprise. Read through the
    reverse relation (``Traject`` lives in the higher app trajecten; its ``is_actief`` decides)."""
    trajecten = verwijzing.client.trajecten.filter(inkoopmodel=verwijzing.inkoopmodel).select_related(
        "product", "aanbieder", "toewijzing"
    )
    return [t for t in trajecten.order_by("toegewezen_op") if t.is_actief]


def _plan(request, uuid) -> Gezinsplan:
    try:
        return selectors.gezinsplan_get(user=request.user, uuid=uuid)
    except Gezinsplan.DoesNotExist as exc:
        raise Http404("Dit plan bestaat niet of u mag het niet zien.") from exc


@login_required
def plan_detail(request, uuid):
    """The plan with its goals and the decision aid: the model's profiles and intensities."""
    plan = _plan(request, uuid)
    fouten: list[dict] = []
    if request.method == "POST":
        product = Product.objects.filter(pk=request.POST.get("product") or 0).select_related("inkoopmodel").first()
        try:
            services.gezinsplan_profiel_kiezen(
                plan=plan,
                door=request.user,
                product=product,
                motivering=request.POST.get("motivering", ""),
                uitsluiting_code=request.POST.get("uitsluiting") or None,
                maatwerk_prijs=request.POST.get("maatwerk_prijs"),
                maatwerk_motivering=request.POST.get("maatwerk_motivering", ""),
            )
        except DomainError as exc:
            fouten = _fouten(exc, PLAN_VELDEN)
        else:
            messages.success(request, _("Profiel en intensiteit zijn vastgelegd."))
            return redirect("toegang:plan-detail", uuid=plan.uuid)
    _rows(request, [plan], "gezinsplan: doelen, profiel", "gezinsplan opstellen")
    pgb_besluiten = (
        list(selectors.pgbbesluit_list(user=request.user, plan=plan))
        if policy.mag(request.user, "toegang.pgb_lezen", plan)
        else []
    )
    _rows(request, pgb_besluiten, "pgb-besluiten bij het plan: budget, periode, status", "gezinsplan opstellen")
    model = plan.inkoopmodel
    producten = list(
        model.producten.select_related("profiel", "intensiteit").order_by(
            "profiel__volgorde", "intensiteit__volgorde", "code"
        )
    )
    return render(
        request,
        "toegang/plan_detail.html",
        {
            "plan": plan,
            "doelen": plan.doelen.all(),
            "profielen": model.profielen.order_by("volgorde", "code"),
            "intensiteiten": model.intensiteiten.order_by("volgorde", "code"),
            "producten": producten,
            "uitsluitingen": model.uitsluitingen.all(),
            "toewijzingen": plan.toewijzingen.select_related("aanbieder", "product", "traject"),
            "kan_toewijzen": plan.product_id is not None
            and (not plan.product.is_maatwerk or plan.maatwerk_status == Gezinsplan.Maatwerkstatus.GOEDGEKEURD),
            "kan_handelen": policy.mag(request.user, "toegang.gezinsplan_profiel_kiezen", plan),
            "verwijzing": plan.verwijzing,
            "lopend": [t for t in _lopende_zorg(plan.verwijzing) if t.toewijzing.plan_id != plan.pk]
            if policy.mag(request.user, "toegang.gezinsplan_profiel_kiezen", plan)
            else [],
            "fouten": fouten,
            "foutvelden": {f["veld"]: f["melding"] for f in reversed(fouten)},
            "invoer": _plan_invoer(request, plan),
            "pgb_besluiten": pgb_besluiten,
        },
        status=400 if fouten else 200,
    )


def _plan_invoer(request, plan: Gezinsplan) -> dict:
    """What the plan form shows: what was typed after a refusal, else what the plan holds."""
    if request.method == "POST":
        return {k: request.POST.get(k, "") for k in PLAN_VELDEN}
    return {
        "product": str(plan.product_id or ""),
        "motivering": plan.motivering,
        "maatwerk_prijs": "",
        "maatwerk_motivering": "",
        "uitsluiting": "",
    }


@require_POST
@login_required
def verwijzing_aanvullen(request, uuid):
    verwijzing = _verwijzing(request, uuid)
    try:
        services.verwijzing_aanvullen(
            verwijzing=verwijzing, door=request.user, toelichting=request.POST.get("toelichting", "")
        )
    except DomainError as exc:
        _fail(request, exc)
    return redirect("toegang:verwijzing-detail", uuid=verwijzing.uuid)


# --- personal budget (pgb, issue 17 point 5) ----------------------------------------------------

PGB_VELDEN = ("wet", "bedrag", "ingangsdatum", "einddatum", "tariefgrondslag", "keuze_client", "reden", "toelichting")
PGB_STAP_VELDEN = ("toelichting", "per")


def _pgb(request, uuid) -> Pgbbesluit:
    try:
        return selectors.pgbbesluit_get(user=request.user, uuid=uuid)
    except Pgbbesluit.DoesNotExist as exc:
        raise Http404("Dit pgb-besluit bestaat niet of u mag het niet zien.") from exc


def _pgb_kenmerken(request, besluiten) -> list:
    """Rows of the list: the decision and what the user may see of the client (BSN masked)."""
    return list(zip(besluiten, _kenmerken(request, [b.client for b in besluiten]), strict=True))


@login_required
def pgb_list(request):
    """The pgb decisions of the access worker's municipality; filter on law, status and client."""
    wet = request.GET.get("wet") if request.GET.get("wet") in Wet.values else None
    status = request.GET.get("status") if request.GET.get("status") in Pgbbesluit.Status.values else None
    client = None
    if request.GET.get("client"):
        try:
            client = selectors.client_get(user=request.user, uuid=request.GET["client"])
        except (Client.DoesNotExist, DjangoValidationError):
            client = None
    qs = selectors.pgbbesluit_list(user=request.user, wet=wet, status=status, client=client)
    page = Paginator(qs, PAGINA).get_page(request.GET.get("pagina"))
    _rows(request, page, "pgb-besluiten: cliënt (BSN gemaskeerd naar rol), wet, budget, periode", "pgb-besluiten")
    return render(
        request,
        "toegang/pgb_list.html",
        {
            "pagina": page,
            "rows": _pgb_kenmerken(request, list(page)),
            "wetten": Wet.choices,
            "statussen": Pgbbesluit.Status.choices,
            "filters": request.GET,
            "client": client,
        },
    )


@login_required
def pgb_nieuw(request):
    """The form for a pgb instead of care in kind, for a client (``?client=``) or a plan (``?plan=``)."""
    policy.vereis(request.user, "toegang.pgb_aanvragen")
    plan = client = None
    bron = request.POST if request.method == "POST" else request.GET
    try:
        if bron.get("plan"):
            plan = selectors.gezinsplan_get(user=request.user, uuid=bron["plan"])
            client = plan.client
        elif bron.get("client"):
            client = selectors.client_get(user=request.user, uuid=bron["client"])
    except (Gezinsplan.DoesNotExist, Client.DoesNotExist, DjangoValidationError) as exc:
        raise Http404("Deze cliënt of dit plan bestaat niet of u mag deze niet zien.") from exc
    if client is None:
        raise Http404("Kies eerst een cliënt of een plan.")
    fouten: list[dict] = []
    if request.method == "POST":
        p = request.POST
        try:
            besluit = services.pgbbesluit_aanvragen(
                client=client,
                plan=plan,
                wet=p.get("wet", ""),
                bedrag=p.get("bedrag", ""),
                ingangsdatum=parse_date(p.get("ingangsdatum")),
                einddatum=parse_date(p.get("einddatum")),
                tariefgrondslag=p.get("tariefgrondslag", ""),
                keuze_client=p.get("keuze_client") == "1",
                reden=p.get("reden", ""),
                toekennen=p.get("toekennen") == "1",
                toelichting=p.get("toelichting", ""),
                door=request.user,
            )
        except DomainError as exc:
            for probleem in exc.problems:  # a date that could not be read reaches the service as missing
                if probleem.code in ("pgb_ingangsdatum_ontbreekt", "pgb_einddatum_ontbreekt") and p.get(probleem.field):
                    probleem.message = _("Vul een geldige datum in (dd-mm-jjjj).")
            fouten = _fouten(exc, PGB_VELDEN)
        else:
            messages.success(request, _("Het pgb is vastgelegd."))
            return redirect("toegang:pgb-detail", uuid=besluit.uuid)
    _rows(request, [client], "pgb vastleggen: cliënt (BSN gemaskeerd naar rol)", "pgb vastleggen")
    invoer = {k: request.POST.get(k, "") for k in (*PGB_VELDEN, "toekennen")} if request.method == "POST" else {}
    if not invoer.get("wet"):
        invoer["wet"] = plan.inkoopmodel.wet if plan is not None else Wet.WMO
    return render(
        request,
        "toegang/pgb_nieuw.html",
        {
            "client": client,
            "plan": plan,
            "k": selectors.client_kenmerken(user=request.user, client=client),
            "wetten": Wet.choices,
            "grondslagen": Pgbbesluit.Tariefgrondslag.choices,
            "invoer": invoer,
            "fouten": fouten,
            "foutvelden": {f["veld"]: f["melding"] for f in reversed(fouten)},
        },
        status=400 if fouten else 200,
    )


_PGB_STAPPEN = {
    "toekennen": (Pgbbesluit.Status.TOEGEKEND, services.pgbbesluit_toekennen, _l("Het pgb is toegekend.")),
    "afwijzen": (Pgbbesluit.Status.AFGEWEZEN, services.pgbbesluit_afwijzen, _l("Het pgb is afgewezen.")),
    "intrekken": (Pgbbesluit.Status.INGETROKKEN, services.pgbbesluit_intrekken, _l("Het pgb is ingetrokken.")),
    "beeindigen": (Pgbbesluit.Status.BEEINDIGD, services.pgbbesluit_beeindigen, _l("Het pgb is beëindigd.")),
}


@login_required
def pgb_detail(request, uuid):
    """One decision with its history; the access worker decides here (grant, refuse, withdraw, end)."""
    besluit = _pgb(request, uuid)
    fouten: list[dict] = []
    stap = request.POST.get("stap") if request.method == "POST" else None
    if stap is not None:
        if stap not in _PGB_STAPPEN:
            raise Http404("Onbekende stap.")
        _naar, service, gelukt = _PGB_STAPPEN[stap]
        args = {"toelichting": request.POST.get("toelichting", "")}
        if stap == "beeindigen":
            args["per"] = parse_date(request.POST.get("per"))
        try:
            service(besluit=besluit, door=request.user, **args)
        except DomainError as exc:
            fouten = _fouten(exc, PGB_STAP_VELDEN)
        else:
            messages.success(request, gelukt)
            return redirect("toegang:pgb-detail", uuid=besluit.uuid)
    _rows(request, [besluit], "pgb-besluit: wet, budget, periode, reden, historie", "pgb-besluit openen")
    volgende = set(overgangen.volgende(besluit, besluit.status))
    kan = policy.mag(request.user, "toegang.pgb_besluiten", besluit)
    stappen = [s for s, (naar, _service, _m) in _PGB_STAPPEN.items() if kan and naar in volgende]
    labels = dict(Pgbbesluit.Status.choices)
    return render(
        request,
        "toegang/pgb_detail.html",
        {
            "besluit": besluit,
            "k": selectors.client_kenmerken(user=request.user, client=besluit.client),
            "historie": [
                (h, labels.get(h.van_status, "—"), labels.get(h.naar_status, h.naar_status))
                for h in besluit.historie.select_related("door")
            ],
            "stappen": stappen,
            "stap": stap,
            "fouten": fouten,
            "foutvelden": {f["veld"]: f["melding"] for f in reversed(fouten)},
            # each step's form has its own reason field: the summary links to that one
            "fouten_links": [
                {**f, "veld": f"toelichting-{stap}" if f["veld"] == "toelichting" else f["veld"]} for f in fouten
            ],
            "invoer": request.POST if fouten else {},
        },
        status=400 if fouten else 200,
    )
