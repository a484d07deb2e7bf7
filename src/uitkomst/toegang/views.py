"""Pages of the access worker's journey: referral -> plan -> profile/intensity, and the GP's short
referral form. Thin: parse, call one service.

The steps that read or create assignments (the client's dossier with its trajectories, the choice of
provider, the approver's queue) keep their ``toegang:`` urls but live in ``trajecten.views``: the
``Toewijzing`` model is in trajecten, which builds on toegang, not the reverse."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from uitkomst.accounts import policy
from uitkomst.audit.services import audit_log_read
from uitkomst.catalogus.models import Inkoopmodel, Product
from uitkomst.organisaties.models import Gemeente
from uitkomst.toegang.paging import PAGINA
from uitkomst.toegang.paging import IdPaginator as Paginator
from uitkomst.utils import klok
from uitkomst.utils.errors import DomainError
from uitkomst.utils.params import parse_date

from . import selectors, services
from .models import Gezinsplan, Verwijzer, Verwijzing


def _fail(request, exc: DomainError) -> None:
    for p in exc.problems:
        messages.error(request, p.message)


def _rows(request, clients, wat: str, waarom: str) -> None:
    audit_log_read(user=request.user, clients=clients, wat=wat, waarom=waarom)


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
    rows = [(v, selectors.bsn_masked(v.client)) for v in page]
    _rows(
        request, [v.client for v in page], "verwijzingen: BSN (gemaskeerd), geboortedatum", "werkvoorraad verwijzingen"
    )
    return render(
        request,
        "toegang/werkvoorraad.html",
        {"pagina": page, "rows": rows, "verwijzers": Verwijzer.choices, "filters": request.GET},
    )


@login_required
def client_list(request):
    qs = selectors.client_list(user=request.user, bsn=request.GET.get("bsn") or None)
    page = Paginator(qs, PAGINA).get_page(request.GET.get("pagina"))
    rows = [(c, selectors.bsn_masked(c)) for c in page]
    _rows(request, page, "cliëntenlijst: BSN (gemaskeerd), geboortedatum", "cliënten zoeken")
    return render(request, "toegang/client_list.html", {"pagina": page, "rows": rows, "filters": request.GET})


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
        gemeente = Gemeente.objects.filter(pk=values.get("gemeente") or 0).first()
        model = Inkoopmodel.objects.filter(pk=values.get("inkoopmodel") or 0).first()
        if gemeente is None or model is None:
            messages.error(request, "Kies de woongemeente en het inkoopmodel.")
        else:
            try:
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
                messages.success(request, "De verwijzing is vastgelegd.")
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
    if request.method == "POST":
        try:
            plan = services.gezinsplan_create(
                verwijzing=verwijzing, doelen=request.POST.get("doelen", "").splitlines(), door=request.user
            )
        except DomainError as exc:
            _fail(request, exc)
        else:
            messages.success(request, "Het plan met de doelen is vastgelegd. Kies nu profiel en intensiteit.")
            return redirect("toegang:plan-detail", uuid=plan.uuid)
    _rows(request, [verwijzing.client], "verwijzing: BSN (gemaskeerd), geboortedatum, hulpvraag", "verwijzing bekijken")
    plan = Gezinsplan.objects.filter(verwijzing=verwijzing).first()
    return render(
        request,
        "toegang/verwijzing_detail.html",
        {
            "verwijzing": verwijzing,
            "bsn": selectors.bsn_masked(verwijzing.client),
            "plan": plan,
            "kan_handelen": policy.mag(request.user, "toegang.gezinsplan_aanmaken", verwijzing),
        },
    )


def _plan(request, uuid) -> Gezinsplan:
    try:
        return selectors.gezinsplan_get(user=request.user, uuid=uuid)
    except Gezinsplan.DoesNotExist as exc:
        raise Http404("Dit plan bestaat niet of u mag het niet zien.") from exc


@login_required
def plan_detail(request, uuid):
    """The plan with its goals and the decision aid: the model's profiles and intensities."""
    plan = _plan(request, uuid)
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
            _fail(request, exc)
        else:
            messages.success(request, "Profiel en intensiteit zijn vastgelegd.")
            return redirect("toegang:plan-detail", uuid=plan.uuid)
    _rows(request, [plan.client], "gezinsplan: doelen, geboortedatum", "gezinsplan opstellen")
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
        },
    )


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
