"""Pages of the access worker's journey: referral -> plan -> profile/intensity -> provider choice ->
assignment, the approver's queue, and the GP's short referral form. Thin: parse, call one service."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from uitkomst.audit.services import audit_log_read
from uitkomst.catalogus.models import Inkoopmodel, Product
from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.models import Gemeente
from uitkomst.toegang.paging import IdPaginator as Paginator
from uitkomst.trajecten import selectors as trajecten
from uitkomst.trajecten import services as trajecten_services
from uitkomst.trajecten.models import Toewijzing
from uitkomst.utils.errors import DomainError

from . import scoping, selectors, services
from .models import Client, Gezinsplan, Verwijzer, Verwijzing

PAGINA = 50


def parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _fail(request, exc: DomainError) -> None:
    for p in exc.problems:
        messages.error(request, p.message)


def _rows(request, clients, wat: str, waarom: str) -> None:
    audit_log_read(user=request.user, clients=clients, wat=wat, waarom=waarom)


def _needs_access(request) -> None:
    if not (scoping.is_toegang(request.user) or scoping.scope(request.user) == "installatie"):
        raise PermissionDenied("Deze pagina is voor de toegang van een gemeente.")


@login_required
def werkvoorraad(request):
    """Referrals of the user's scope, newest first; filter on 'without plan', short form, referrer."""
    if scoping.verwijzing_filter(request.user) == scoping.NIETS:
        raise PermissionDenied("U ziet geen verwijzingen.")
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
def client_detail(request, uuid):
    try:
        client = selectors.client_get(user=request.user, uuid=uuid)
    except Client.DoesNotExist as exc:
        raise Http404("Deze cliënt bestaat niet of u mag haar niet zien.") from exc
    _rows(
        request, [client], "cliëntdossier: BSN (gemaskeerd), geboortedatum, verwijzingen, trajecten", "dossier openen"
    )
    return render(
        request,
        "toegang/client_detail.html",
        {
            "client": client,
            "bsn": selectors.bsn_masked(client),
            "verwijzingen": selectors.verwijzing_list(user=request.user).filter(client=client),
            "trajecten": trajecten.traject_list(user=request.user, client_id=client.pk),
        },
    )


@login_required
def verwijzing_nieuw(request):
    user = request.user
    is_gp = scoping.is_verwijzer(user)
    if not (is_gp or scoping.is_toegang(user) or scoping.scope(user) == "installatie"):
        raise PermissionDenied("Alleen een bevoegde verwijzer of de toegang mag verwijzen.")
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
                    datum=parse_date(values.get("datum")) or timezone.localdate(),
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
            "vandaag": timezone.localdate(),
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
            "kan_handelen": scoping.kan_handelen_voor_gemeente(request.user, verwijzing.gemeente_id),
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
            "kan_handelen": scoping.kan_handelen_voor_gemeente(request.user, plan.gemeente_id),
        },
    )


@login_required
def plan_aanbieder(request, uuid):
    """The client's choice among the providers contracted for the product on the start date."""
    plan = _plan(request, uuid)
    _needs_access(request)
    if plan.product_id is None:
        messages.error(request, "Kies eerst profiel en intensiteit.")
        return redirect("toegang:plan-detail", uuid=plan.uuid)
    data = request.POST if request.method == "POST" else request.GET
    startdatum = parse_date(data.get("startdatum")) or max(timezone.localdate(), plan.verwijzing.datum)
    if request.method == "POST":
        aanbieder = Aanbieder.objects.filter(uuid=request.POST.get("aanbieder") or None).first()
        if aanbieder is None:
            messages.error(request, "Kies met de cliënt een aanbieder.")
        else:
            try:
                toewijzing = trajecten_services.toewijzing_create(
                    plan=plan,
                    aanbieder=aanbieder,
                    startdatum=startdatum,
                    einddatum=parse_date(request.POST.get("einddatum")),
                    keuze_door_client=request.POST.get("keuze_door_client") == "1",
                    door=request.user,
                )
            except DomainError as exc:
                _fail(request, exc)
            else:
                if toewijzing.goedkeuring == Toewijzing.Goedkeuring.WACHT:
                    messages.warning(
                        request,
                        f"Toewijzing {toewijzing.nummer} valt in {toewijzing.kostensegment.naam}: een tweede "
                        "persoon keurt haar goed voordat de aanbieder haar ontvangt.",
                    )
                else:
                    messages.success(request, f"Toewijzing {toewijzing.nummer} is verstuurd naar {aanbieder.naam}.")
                return redirect("trajecten:detail", uuid=toewijzing.traject.uuid)
    opties = trajecten.keuzehulp(product=plan.product, datum=startdatum)
    return render(
        request,
        "toegang/plan_aanbieder.html",
        {
            "plan": plan,
            "startdatum": startdatum,
            "opties": opties,
            "max_einde": trajecten_services.maximale_einddatum(plan.product, startdatum),
        },
    )


@login_required
def goedkeuren(request):
    """The approver's queue: segment C assignments and maatwerk prices, never one's own."""
    _needs_access(request)
    if request.method == "POST":
        try:
            if uuid := request.POST.get("toewijzing"):
                t = trajecten.toewijzing_get(user=request.user, uuid=uuid)
                trajecten_services.toewijzing_goedkeuren(toewijzing=t, door=request.user)
                messages.success(request, f"Toewijzing {t.nummer} is goedgekeurd en naar de aanbieder verstuurd.")
            elif uuid := request.POST.get("plan"):
                plan = selectors.gezinsplan_get(user=request.user, uuid=uuid)
                services.gezinsplan_maatwerk_goedkeuren(plan=plan, door=request.user)
                messages.success(request, "De maatwerkprijs is goedgekeurd.")
        except DomainError as exc:
            _fail(request, exc)
        except (Toewijzing.DoesNotExist, Gezinsplan.DoesNotExist) as exc:
            raise Http404 from exc
        return redirect("toegang:goedkeuren")
    wachtrij = list(trajecten.goedkeuring_wachtrij(user=request.user))
    maatwerk = list(selectors.maatwerk_wachtrij(user=request.user))
    _rows(request, [t.client for t in wachtrij] + [p.client for p in maatwerk], "goedkeuringen", "vier-ogencontrole")
    return render(request, "toegang/goedkeuren.html", {"wachtrij": wachtrij, "maatwerk": maatwerk})


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
