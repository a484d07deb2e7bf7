"""Pages for trajectories: the list (fast on 100,000 clients), the provider's inbox, the trajectory
page with its actions, waiting times and signals.

Also the steps of the access journey that read or approve assignments: the client's dossier with its
trajectories and the approver's queue. They keep their ``toegang:`` urls (``uitkomst.urls`` mounts
``urls.toegang_patterns`` in that namespace) and their ``toegang/`` templates, but live here because
trajecten builds on toegang. The client's choice of provider (which creates the ``Toewijzing``) shows
outcome figures, so it lives one layer up, in ``uitkomsten.views.plan_aanbieder``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uitkomst.accounts import policy
from uitkomst.audit.services import audit_request
from uitkomst.catalogus.models import Product
from uitkomst.contractering import selectors as contractering_selectors
from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.models import Gemeente
from uitkomst.toegang import selectors as toegang_selectors
from uitkomst.toegang import services as toegang_services
from uitkomst.toegang.models import Client, Gezinsplan, Verwijzing
from uitkomst.toegang.paging import PAGINA
from uitkomst.toegang.paging import IdPaginator as Paginator
from uitkomst.utils import klok
from uitkomst.utils.errors import DomainError
from uitkomst.utils.params import parse_date

from . import selectors, services
from .codes import Doelrealisatie, RedenBeeindiging, RedenWeigering
from .models import Toewijzing, Traject
from .workflow import Status


def _fail(request, exc: DomainError) -> None:
    for p in exc.problems:
        messages.error(request, p.message)


def _int(value) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def traject_list(request):
    policy.vereis(request.user, "trajecten.lezen")
    g = request.GET
    qs = selectors.traject_list(
        user=request.user,
        status=g.get("status") if g.get("status") in Status.values else None,
        gemeente_id=_int(g.get("gemeente")),
        aanbieder_id=_int(g.get("aanbieder")),
        product_id=_int(g.get("product")),
    )
    page = Paginator(qs, PAGINA).get_page(g.get("pagina"))
    audit_request(
        request,
        list(page),
        wat="trajectenlijst: cliëntreferentie, product, status",
        waarom="trajecten bekijken",
    )
    gemeenten = (
        Gemeente.objects.filter(regio_id=request.user.regio_id) if request.user.regio_id else Gemeente.objects.none()
    )
    return render(
        request,
        "trajecten/traject_list.html",
        {
            "pagina": page,
            "filters": g,
            "statussen": Status.choices,
            "gemeenten": gemeenten,
            "aanbieders": Aanbieder.objects.only("pk", "naam") if not policy.is_aanbieder(request.user) else [],
            "producten": Product.objects.filter(inkoopmodel__regio_id=request.user.regio_id).only("pk", "code", "naam")
            if request.user.regio_id
            else [],
        },
    )


@login_required
def inbox(request):
    if not policy.is_aanbieder(request.user):
        raise PermissionDenied("De inbox is voor aanbieders.")
    items = list(selectors.inbox(user=request.user)[:200])
    audit_request(
        request,
        items, wat="inbox: cliëntreferentie, product, budget", waarom="nieuwe toewijzingen"
    )
    return render(
        request,
        "trajecten/inbox.html",
        {
            "items": items,
            "redenen": RedenWeigering.choices,
            "evaluaties": selectors.evaluaties_verwacht(user=request.user)[:50],
        },
    )


def _traject(request, uuid) -> Traject:
    try:
        return selectors.traject_get(user=request.user, uuid=uuid)
    except Traject.DoesNotExist as exc:
        raise Http404("Dit traject bestaat niet of u mag het niet zien.") from exc


@login_required
def traject_detail(request, uuid):
    traject = _traject(request, uuid)
    audit_request(
        request,
        [traject],
        wat="traject: cliënt (BSN gemaskeerd en geboortedatum naar rol), doelen, evaluaties",
        waarom="traject bekijken",
    )
    t = traject.toewijzing
    doelen = list(t.plan.doelen.all())
    evaluaties = list(traject.evaluaties.prefetch_related("doelstatussen__doel"))
    return render(
        request,
        "trajecten/traject_detail.html",
        {
            "traject": traject,
            "t": t,
            "k": toegang_selectors.client_kenmerken(user=request.user, client=traject.client),
            "doelen": doelen,
            "evaluaties": evaluaties,
            "historie": traject.historie.select_related("door"),
            "onderaannemers": [
                (
                    o,
                    contractering_selectors.onderaanneming_in_traject(
                        hoofdaanbieder=traject.aanbieder,
                        onderaannemer=o.aanbieder,
                        product=traject.product,
                        datum=klok.vandaag(),
                    ),
                )
                for o in traject.onderaannemers.select_related("aanbieder")
            ],
            "acties": selectors.mogelijke_acties(user=request.user, traject=traject),
            "redenen_weigering": RedenWeigering.choices,
            "redenen_beeindiging": RedenBeeindiging.choices,
            "doelrealisatie": Doelrealisatie.choices,
            "is_aanbieder": policy.is_aanbieder(request.user),
            "heeft_tussenevaluatie": any(e.soort == "tussentijds" for e in evaluaties),
            "andere_aanbieders": Aanbieder.objects.exclude(pk=traject.aanbieder_id).only("uuid", "naam")
            if policy.is_aanbieder(request.user)
            else [],
        },
    )


def _goal_statuses(post) -> dict:
    return {k.removeprefix("doel_"): v for k, v in post.items() if k.startswith("doel_") and v}


@require_POST
@login_required
def traject_actie(request, uuid, actie):
    traject = _traject(request, uuid)
    p, user = request.POST, request.user
    try:
        if actie == "accepteren":
            services.traject_accepteren(traject=traject, door=user)
            messages.success(request, _("De toewijzing is geaccepteerd."))
        elif actie == "afwijzen":
            services.traject_afwijzen(
                traject=traject, reden=p.get("reden", ""), toelichting=p.get("toelichting", ""), door=user
            )
            messages.success(request, _("De toewijzing is geweigerd; de regio krijgt een signaal."))
        elif actie == "starten":
            services.traject_starten(traject=traject, door=user, datum=parse_date(p.get("datum")))
            messages.success(request, _("Het traject is gestart."))
        elif actie == "tussenevaluatie":
            services.traject_tussenevaluatie(
                traject=traject, door=user, doelstatussen=_goal_statuses(p), toelichting=p.get("toelichting", "")
            )
            messages.success(request, _("De tussentijdse evaluatie is vastgelegd."))
        elif actie == "beeindigen":
            services.traject_beeindigen(
                traject=traject,
                door=user,
                reden=p.get("reden", ""),
                doelstatussen=_goal_statuses(p),
                datum=parse_date(p.get("datum")),
                toelichting=p.get("toelichting", ""),
            )
            messages.success(request, _("Het traject is beëindigd."))
        elif actie == "afsluiten":
            services.traject_afsluiten(traject=traject, door=user)
            messages.success(request, _("Het traject is afgesloten."))
        elif actie == "intrekken":
            services.traject_intrekken(traject=traject, door=user, reden=p.get("reden", ""))
            messages.success(request, _("De toewijzing is ingetrokken."))
        elif actie == "onderaannemer":
            aanbieder = Aanbieder.objects.filter(uuid=p.get("aanbieder") or None).first()
            if aanbieder is None:
                messages.error(request, _("Kies een onderaannemer."))
            else:
                services.onderaannemer_toevoegen(
                    traject=traject, aanbieder=aanbieder, omschrijving=p.get("omschrijving", ""), door=user
                )
                melding = _("%(aanbieder)s is als onderaannemer vastgelegd.") % {"aanbieder": aanbieder.naam}
                messages.success(request, melding)
        else:
            raise Http404("Onbekende actie.")
    except DomainError as exc:
        _fail(request, exc)
    else:
        if actie == "afwijzen" and policy.is_aanbieder(user):
            return redirect("trajecten:inbox")  # a declined assignment leaves the provider's view
    return redirect("trajecten:detail", uuid=traject.uuid)


@login_required
def wachttijden(request):
    policy.vereis(request.user, "trajecten.lezen")
    rows = selectors.wachttijden(
        user=request.user, van=parse_date(request.GET.get("van")), tot=parse_date(request.GET.get("tot"))
    )
    return render(request, "trajecten/wachttijden.html", {"rows": rows, "filters": request.GET})


@login_required
def signalen(request):
    qs = selectors.signaal_list(user=request.user, soort=request.GET.get("soort") or None)
    page = Paginator(qs, PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "trajecten/signalen.html", {"pagina": page, "filters": request.GET})


# --- steps of the access journey that read or create assignments (url namespace ``toegang``) --------


def _needs_access(request) -> None:
    policy.vereis(request.user, "toegang.toegangswerk")


@login_required
def client_detail(request, uuid):
    """The client's dossier: referrals (toegang) and trajectories."""
    try:
        client = toegang_selectors.client_get(user=request.user, uuid=uuid)
    except Client.DoesNotExist as exc:
        raise Http404("Deze cliënt bestaat niet of u mag haar niet zien.") from exc
    audit_request(
        request,
        [client],
        wat="cliëntdossier: referentie, BSN en geboortedatum naar rol, verwijzingen, trajecten",
        bsn_getoond=policy.mag_bsn_zien(request.user),
        waarom="dossier openen",
    )
    return render(
        request,
        "toegang/client_detail.html",
        {
            "client": client,
            "k": toegang_selectors.client_kenmerken(user=request.user, client=client, volledig=True),
            "verwijzingen": toegang_selectors.verwijzing_list(user=request.user).filter(client=client),
            "trajecten": selectors.traject_list(user=request.user, client_id=client.pk),
        },
    )


@login_required
def goedkeuren(request):
    """The approver's queue: segment C assignments and maatwerk prices, never one's own."""
    _needs_access(request)
    if request.method == "POST":
        try:
            if uuid := request.POST.get("toewijzing"):
                t = selectors.toewijzing_get(user=request.user, uuid=uuid)
                services.toewijzing_goedkeuren(toewijzing=t, door=request.user)
                messages.success(
                    request,
                    _("Toewijzing %(nummer)s is goedgekeurd en naar de aanbieder verstuurd.")
                    % {"nummer": t.nummer},
                )
            elif uuid := request.POST.get("plan"):
                plan = toegang_selectors.gezinsplan_get(user=request.user, uuid=uuid)
                toegang_services.gezinsplan_maatwerk_goedkeuren(plan=plan, door=request.user)
                messages.success(request, _("De maatwerkprijs is goedgekeurd."))
        except DomainError as exc:
            _fail(request, exc)
        except (Toewijzing.DoesNotExist, Gezinsplan.DoesNotExist) as exc:
            raise Http404 from exc
        return redirect("toegang:goedkeuren")
    wachtrij = list(selectors.goedkeuring_wachtrij(user=request.user))
    maatwerk = list(toegang_selectors.maatwerk_wachtrij(user=request.user))
    uitzonderingen = list(selectors.stapeling_uitzondering_wachtrij(user=request.user))
    audit_request(
        request,
        wachtrij + maatwerk + uitzonderingen,
        wat="goedkeuringen",
        waarom="vier-ogencontrole",
    )
    return render(
        request,
        "toegang/goedkeuren.html",
        {"wachtrij": wachtrij, "maatwerk": maatwerk, "uitzonderingen": uitzonderingen},
    )


@login_required
def lopende_zorg(request, uuid):
    """Opened from a referral whose client already has care in the model: change the existing
    assignment (an iJw change of the Toewijzing, ``traject_wijzigen``) instead of stacking, or ask
    for an exception for justified concurrent care, which a second access worker approves."""
    _needs_access(request)
    try:
        verwijzing = toegang_selectors.verwijzing_get(user=request.user, uuid=uuid)
    except Verwijzing.DoesNotExist as exc:
        raise Http404("Deze verwijzing bestaat niet of u mag haar niet zien.") from exc
    client, model = verwijzing.client, verwijzing.inkoopmodel
    if request.method == "POST":
        p, actie = request.POST, request.POST.get("actie")
        try:
            if actie == "wijzigen":
                traject = selectors.lopende_trajecten(user=request.user, client=client, inkoopmodel=model).filter(
                    uuid=p.get("traject") or None
                ).first()
                product = Product.objects.filter(inkoopmodel=model, uuid=p.get("product") or None).first()
                if traject is None or product is None:
                    raise DomainError(_("Kies het traject en het nieuwe product."), code="keuze_ontbreekt")
                nieuw = services.traject_wijzigen(
                    traject=traject,
                    product=product,
                    motivering=p.get("motivering", ""),
                    startdatum=parse_date(p.get("startdatum")),
                    door=request.user,
                )
                messages.success(request, _("De toewijzing is gewijzigd; de aanbieder krijgt de nieuwe toewijzing."))
                return redirect("trajecten:detail", uuid=nieuw.traject.uuid)
            if actie == "aanvragen":
                services.stapeling_uitzondering_aanvragen(
                    client=client, inkoopmodel=model, reden=p.get("reden", ""), door=request.user
                )
                messages.success(request, _("De uitzondering is aangevraagd; een tweede medewerker keurt haar goed."))
            elif actie == "goedkeuren":
                uitzondering = (
                    selectors.stapeling_uitzonderingen(user=request.user, client=client, inkoopmodel=model)
                    .filter(pk=_int(p.get("uitzondering")))
                    .first()
                )
                if uitzondering is None:
                    raise Http404("Deze uitzondering bestaat niet.")
                services.stapeling_uitzondering_goedkeuren(uitzondering=uitzondering, door=request.user)
                melding = _("De uitzondering is goedgekeurd: een tweede traject kan worden toegewezen.")
                messages.success(request, melding)
            else:
                raise Http404("Onbekende actie.")
        except DomainError as exc:
            _fail(request, exc)
        return redirect("toegang:lopende-zorg", uuid=verwijzing.uuid)
    lopend = list(selectors.lopende_trajecten(user=request.user, client=client, inkoopmodel=model))
    audit_request(
        request, lopend, wat="lopende trajecten van de cliënt (product, aanbieder)", waarom="stapeling voorkomen"
    )
    plan = Gezinsplan.objects.filter(verwijzing=verwijzing).first()
    return render(
        request,
        "toegang/lopende_zorg.html",
        {
            "verwijzing": verwijzing,
            "plan": plan,
            "lopend": lopend,
            "producten": model.producten.select_related("profiel", "intensiteit").order_by(
                "profiel__volgorde", "intensiteit__volgorde", "code"
            ),
            "uitzonderingen": selectors.stapeling_uitzonderingen(user=request.user, client=client, inkoopmodel=model),
            "vandaag": klok.vandaag(),
        },
    )
