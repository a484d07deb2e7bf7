"""Subsidy pages: the schemes with their ceiling used, a grant with its results, the provider's report
form and the settlement with its reclaim. Thin: rows come from the selectors (which ask the policy,
so another role gets a 403), changes are one service call; a refusal shows every problem, nothing saved."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from uitkomst.accounts import policy
from uitkomst.utils.errors import DomainError, NotAllowed
from uitkomst.utils.params import parse_int

from . import selectors, services
from .models import Subsidieverlening


def _verlening(request, uuid) -> Subsidieverlening:
    try:
        return selectors.verlening_detail(user=request.user, uuid=uuid)
    except Subsidieverlening.DoesNotExist:
        raise Http404(_("Deze subsidieverlening bestaat niet of u mag haar niet zien.")) from None


def _detail_context(request, verlening, **extra) -> dict:
    resultaten = {r["indicator"]: r for r in selectors.subsidieresultaten(user=request.user)
                  if r["verlening"] == verlening.uuid}  # fmt: skip
    return {
        "verlening": verlening,
        "resultaten": [resultaten[p.indicator] for p in verlening.prestaties.all() if p.indicator in resultaten],
        "betaald": services.betaalde_voorschotten(verlening),
        "mag_verantwoorden": policy.mag(request.user, "subsidies.verantwoording_indienen", verlening)
        and verlening.status == Subsidieverlening.Status.VERLEEND,
        "mag_vaststellen": policy.mag(request.user, "subsidies.vaststellen", verlening)
        and verlening.status == Subsidieverlening.Status.VERANTWOORD,
        "mag_betalen": policy.mag(request.user, "subsidies.voorschot_betalen", verlening)
        and verlening.status != Subsidieverlening.Status.VASTGESTELD,
        **extra,
    }


@login_required
def overzicht(request):
    jaar = parse_int(request.GET.get("jaar"), None, low=2015, high=2100)
    rijen = selectors.plafondgebruik(user=request.user, jaar=jaar)
    verleningen = selectors.verlening_list(user=request.user).order_by("-jaar", "regeling__naam", "aanbieder__naam")
    if jaar is not None:
        verleningen = verleningen.filter(jaar=jaar)
    return render(request, "subsidies/overzicht.html", {"rijen": rijen, "verleningen": verleningen, "jaar": jaar})


@login_required
def verlening_detail(request, uuid):
    verlening = _verlening(request, uuid)
    fout = None
    if request.method == "POST":  # finance pays one advance
        voorschot = verlening.voorschotten.filter(uuid=request.POST.get("voorschot")).first()
        if voorschot is None:
            raise Http404(_("Onbekend voorschot."))
        try:
            services.voorschot_betalen(voorschot=voorschot, door=request.user)
            messages.success(request, _("Het voorschot is betaald."))
            return redirect("subsidies:verlening", uuid=verlening.uuid)
        except NotAllowed:
            raise
        except DomainError as exc:
            fout = exc
        verlening = _verlening(request, uuid)
    return render(request, "subsidies/verlening.html", _detail_context(request, verlening, fout=fout),
                  status=400 if fout else 200)  # fmt: skip


@login_required
def verantwoorden(request, uuid):
    verlening = _verlening(request, uuid)
    policy.vereis(request.user, "subsidies.verantwoording_indienen", verlening)
    fout = None
    waarden = {}
    if request.method == "POST":
        waarden = {p.indicator: request.POST.get(f"prestatie-{p.pk}", "").strip() for p in verlening.prestaties.all()}
        try:
            services.verantwoording_indienen(
                verlening=verlening, jaar=parse_int(request.POST.get("jaar"), None), realisaties=waarden,
                toelichting=request.POST.get("toelichting", ""), door=request.user,
            )  # fmt: skip
            messages.success(request, _("De verantwoording is ingediend."))
            return redirect("subsidies:verlening", uuid=verlening.uuid)
        except NotAllowed:
            raise
        except DomainError as exc:
            fout = exc
    regels = [(p, waarden.get(p.indicator, "")) for p in verlening.prestaties.all()]
    return render(request, "subsidies/verantwoorden.html", {"verlening": verlening, "regels": regels, "fout": fout},
                  status=400 if fout else 200)  # fmt: skip


@login_required
def vaststellen(request, uuid):
    verlening = _verlening(request, uuid)
    policy.vereis(request.user, "subsidies.vaststellen", verlening)
    fout = None
    bedrag = request.POST.get("bedrag", "") if request.method == "POST" else ""
    if request.method == "POST":
        try:
            services.vaststellen(verlening=verlening, bedrag=bedrag, toelichting=request.POST.get("toelichting", ""),
                                 door=request.user)  # fmt: skip
            messages.success(request, _("De subsidie is vastgesteld."))
            return redirect("subsidies:verlening", uuid=verlening.uuid)
        except NotAllowed:
            raise
        except DomainError as exc:
            fout = exc
    context = _detail_context(request, verlening, fout=fout, bedrag=bedrag)
    return render(request, "subsidies/vaststellen.html", context, status=400 if fout else 200)
