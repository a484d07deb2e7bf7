"""Pages: the message log per municipality and per provider (inbox/outbox, status, filters, search by
assignment number), a message with its findings in plain Dutch and its XML (BSN masked), reprocessing
a refused message, and the access worker's list of incoming requests (315/317) with the answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uitkomst.accounts import policy
from uitkomst.audit.services import audit_request
from uitkomst.utils.errors import DomainError

from . import selectors, services, xml
from .codes import REDEN_AFWIJZING, omschrijving
from .models import Bericht, Richting, Status, Verzoek

PAGINA = 50


def _mag(request) -> None:
    if not selectors.ziet_berichten(request.user):
        raise PermissionDenied("U ziet geen berichten.")


@login_required
def overzicht(request):
    _mag(request)
    f = request.GET
    qs = selectors.bericht_list(
        user=request.user,
        richting=f.get("richting") or None,
        status=f.get("status") or None,
        berichtcode=f.get("bericht") or None,
        toewijzingnummer=f.get("toewijzing") or None,
    )
    page = Paginator(qs, PAGINA).get_page(f.get("pagina"))
    return render(
        request,
        "berichten/overzicht.html",
        {
            "pagina": page,
            "filters": f,
            "statussen": Status.choices,
            "richtingen": Richting.choices,
            "telling": selectors.telling(user=request.user),
            "verzoeken_open": selectors.verzoek_list(user=request.user).count(),
        },
    )


def _bevindingen(bericht: Bericht) -> list[dict]:
    return [{**b, "omschrijving": omschrijving(b.get("code", ""))} for b in bericht.bevindingen]


@login_required
def detail(request, uuid):
    _mag(request)
    try:
        bericht = selectors.bericht_get(user=request.user, uuid=uuid)
    except Bericht.DoesNotExist as exc:
        raise Http404("Dit bericht bestaat niet of u mag het niet zien.") from exc
    clienten = list(bericht.clienten.all())
    if clienten or bericht.xml:
        audit_request(
            request,
            clienten,
            wat=f"bericht {bericht.berichtcode or '?'}: XML (BSN gemaskeerd)",
            waarom="berichtenlog: bericht bekijken",
        )
    kan_opnieuw = (
        bericht.richting == Richting.IN
        and bericht.status == Status.AFGEKEURD
        and not bericht.dubbel_van_id
        and bool(bericht.xml)
        and (policy.is_installatie(request.user) or policy.heeft_recht(request.user, "toewijzing.beheren"))
    )
    return render(
        request,
        "berichten/detail.html",
        {
            "bericht": bericht,
            "bevindingen": _bevindingen(bericht),
            "antwoorden": selectors.antwoorden(bericht),
            "gebeurtenissen": bericht.gebeurtenissen.select_related("door"),
            "xml": xml.gemaskeerd(bericht.xml, bsn_inzien=policy.mag_bsn_zien(request.user)) if bericht.xml else "",
            "kan_opnieuw": kan_opnieuw,
            "verzoeken": bericht.verzoeken.all(),
        },
    )


@login_required
@require_POST
def opnieuw(request, uuid):
    _mag(request)
    try:
        bericht = selectors.bericht_get(user=request.user, uuid=uuid)
    except Bericht.DoesNotExist as exc:
        raise Http404("Dit bericht bestaat niet of u mag het niet zien.") from exc
    try:
        bericht = services.bericht_opnieuw_verwerken(bericht=bericht, door=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if bericht.status == Status.AFGEKEURD:
            messages.warning(request, _("Opnieuw verwerkt: het bericht is opnieuw afgekeurd. Zie de bevindingen."))
        else:
            messages.success(request, _("Opnieuw verwerkt: het bericht is nu verwerkt."))
    return redirect("berichten:detail", uuid=bericht.uuid)


@login_required
def verzoeken(request):
    policy.vereis(request.user, "berichten.verzoeken_lezen")
    qs = selectors.verzoek_list(user=request.user, open_=request.GET.get("afgehandeld") != "1")
    page = Paginator(qs, PAGINA).get_page(request.GET.get("pagina"))
    audit_request(
        request,
        [v.client for v in page if v.client_id],
        wat="verzoeken om toewijzing (geen BSN)",
        waarom="werkvoorraad verzoeken",
    )
    return render(
        request,
        "berichten/verzoeken.html",
        {
            "pagina": page,
            "redenen": REDEN_AFWIJZING.items(),
            "filters": request.GET,
            "kan_behandelen": policy.is_installatie(request.user)
            or policy.heeft_recht(request.user, "toewijzing.beheren"),
        },
    )


@login_required
@require_POST
def verzoek_actie(request, uuid, actie):
    try:
        verzoek = selectors.verzoek_get(user=request.user, uuid=uuid)
    except Verzoek.DoesNotExist as exc:
        raise Http404("Dit verzoek bestaat niet of u mag het niet zien.") from exc
    try:
        if actie == "afwijzen":
            services.verzoek_afwijzen(
                verzoek=verzoek,
                reden=request.POST.get("reden", ""),
                door=request.user,
                woonplaats_gemeente=request.POST.get("gemeente", "").strip(),
            )
            messages.success(
                request,
                _("Verzoek %(ref)s afgewezen; het antwoord (319) staat klaar.") % {"ref": verzoek.referentie_aanbieder},
            )
        elif actie == "in-onderzoek":
            services.verzoek_in_onderzoek(verzoek=verzoek, door=request.user)
            messages.success(
                request,
                _("Verzoek %(ref)s in onderzoek; de aanbieder krijgt een 319.") % {"ref": verzoek.referentie_aanbieder},
            )
        elif actie == "honoreren":
            services.verzoek_wijziging_honoreren(verzoek=verzoek, door=request.user)
            messages.success(
                request,
                _("Verzoek %(ref)s gehonoreerd; de toewijzing (301) staat klaar.")
                % {"ref": verzoek.referentie_aanbieder},
            )
        else:
            raise Http404("Onbekende actie.")
    except DomainError as exc:
        for p in exc.problems:
            messages.error(request, p.message)
    return redirect("berichten:verzoeken")
