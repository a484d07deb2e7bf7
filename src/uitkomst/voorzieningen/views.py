"""Pages of collective provisions: the list per municipality and district with the reach over a year,
a provision's detail (capacity, attendance per month, referrals) with the provider's attendance form,
the access worker's referral form and the manager's closing form, a correction of a month's report,
and the manager's forms for a new district and a new provision.

Thin: rows come from the selectors (which ask the policy, so another role gets a 403 or a 404), a
change is one service call; a refusal shows every problem of the service (its Dutch message, a link
to the field, the field marked) with status 400, nothing saved, and what was typed kept.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from uitkomst.accounts import policy
from uitkomst.catalogus.vocabulaire import Wet
from uitkomst.utils import klok
from uitkomst.utils.errors import DomainError, NotAllowed, ProblemCollector, ValidationFailed
from uitkomst.utils.params import parse_date, parse_int
from uitkomst.utils.terug import veilige_terug

from . import selectors, services
from .models import AlgemeneVoorziening


def _fouten(exc: DomainError, velden: dict[str, str]) -> tuple[list[dict], dict[str, str]]:
    """The service's problems for the error summary and, per form field id, the first message."""
    fouten, per_veld = [], {}
    for p in exc.problems:
        veld = velden.get(p.field or "", "")
        fouten.append({"veld": veld, "melding": p.message, "code": p.code})
        per_veld.setdefault(veld, p.message)
    return fouten, per_veld


def _render(request, template: str, context: dict):
    return render(request, template, context, status=400 if context.get("fouten") else 200)


def _voorziening(request, uuid) -> AlgemeneVoorziening:
    try:
        return selectors.voorziening_detail(user=request.user, uuid=uuid)
    except AlgemeneVoorziening.DoesNotExist:
        raise Http404(_("Deze voorziening bestaat niet of u mag haar niet zien.")) from None


def _aantal(waarde: str):
    """A count typed on a page: the number, or the text as typed for the service to refuse."""
    waarde = (waarde or "").strip()
    return int(waarde) if waarde.lstrip("-").isdigit() else waarde


def _aantal_of_leeg(waarde):
    """An optional count: None when left empty (0 stays 0)."""
    return None if str(waarde or "").strip() == "" else _aantal(str(waarde))


# --- the list ---------------------------------------------------------------------------------


@login_required
def overzicht(request):
    jaar = parse_int(request.GET.get("jaar"), klok.vandaag().year, low=2015, high=2100)
    wijken = list(selectors.wijk_list(user=request.user))
    gemeenten = sorted({w.gemeente for w in wijken}, key=lambda g: g.naam)
    gemeente = next((g for g in gemeenten if g.cbs_code == request.GET.get("gemeente")), None)
    rijen = selectors.bereik_per_wijk(user=request.user, jaar=jaar, gemeenten=[gemeente] if gemeente else None)
    wijk = request.GET.get("wijk", "").strip()
    if wijk:
        rijen = [r for r in rijen if r.wijk == wijk]
    totaal = {
        "capaciteit": sum(r.capaciteit for r in rijen),
        "deelnames": sum(r.deelnames for r in rijen),
        "verwijzingen": sum(r.verwijzingen for r in rijen),
    }
    totaal["bezetting"] = selectors.bezetting(totaal["deelnames"], totaal["capaciteit"])
    context = {
        "rijen": rijen, "jaar": jaar, "gemeenten": gemeenten, "gemeente": gemeente, "wijk": wijk,
        "wijknamen": sorted({w.naam for w in wijken if gemeente is None or w.gemeente_id == gemeente.pk}),
        "totaal": totaal, "mag_beheren": policy.mag(request.user, "voorzieningen.beheren"),
    }  # fmt: skip
    return render(request, "voorzieningen/overzicht.html", context)


# --- one provision ----------------------------------------------------------------------------


MELDING_VELDEN = {"periode": "periode", "deelnames": "deelnames", "unieke_deelnemers": "unieke_deelnemers",
                  "toelichting": "toelichting"}  # fmt: skip
VERWIJS_VELDEN = {"aantal": "aantal", "datum": "datum", "kenmerk": "kenmerk", "bsn": "kenmerk"}
SLUIT_VELDEN = {"per": "per", "reden": "reden"}


@login_required
def detail(request, uuid):
    voorziening = _voorziening(request, uuid)
    jaar = parse_int(request.GET.get("jaar"), klok.vandaag().year, low=2015, high=2100)
    fouten, veldfouten, actie = [], {}, request.POST.get("actie", "")
    waarden = {k: request.POST.get(k, "").strip() for k in request.POST} if request.method == "POST" else {}
    if request.method == "POST":
        try:
            if actie == "melden":
                services.deelname_melden(
                    voorziening=voorziening, periode=waarden.get("periode", ""),
                    deelnames=_aantal(waarden.get("deelnames", "")),
                    unieke_deelnemers=_aantal_of_leeg(waarden.get("unieke_deelnemers", "")),
                    toelichting=waarden.get("toelichting", ""), door=request.user,
                )  # fmt: skip
                messages.success(request, _("De deelname over %(maand)s is gemeld.") % {"maand": waarden["periode"]})
            elif actie == "verwijzen":
                services.voorliggend_verwijzen(
                    voorziening=voorziening, aantal=_aantal(waarden.get("aantal", "1")),
                    datum=parse_date(waarden.get("datum")) if waarden.get("datum") else None,
                    kenmerk=waarden.get("kenmerk", ""), door=request.user,
                )  # fmt: skip
                messages.success(request, _("De verwijzing naar %(naam)s is vastgelegd.") % {"naam": voorziening.naam})
                terug = veilige_terug(request, request.POST.get("terug"), request.path)
                return redirect(terug)
            elif actie == "sluiten":
                per = parse_date(waarden.get("per"))
                if per is None:
                    raise ValidationFailed(_("Geef de laatste dag waarop de voorziening open is."),
                                           code="ongeldige_datum", field="per")  # fmt: skip
                services.voorziening_sluiten(voorziening=voorziening, per=per, reden=waarden.get("reden", ""),
                                             door=request.user)  # fmt: skip
                messages.success(request, _("De voorziening is gesloten."))
            else:
                raise Http404(_("Onbekende handeling."))
            return redirect("voorzieningen:detail", uuid=voorziening.uuid)
        except NotAllowed:
            raise
        except DomainError as exc:
            velden = {"melden": MELDING_VELDEN, "verwijzen": VERWIJS_VELDEN, "sluiten": SLUIT_VELDEN}[actie]
            fouten, veldfouten = _fouten(exc, velden)
        voorziening = _voorziening(request, uuid)
    bereik = next((r for r in selectors.bereik_per_wijk(user=request.user, jaar=jaar,
                                                         gemeenten=[voorziening.gemeente])
                   if r.uuid == voorziening.uuid), None)  # fmt: skip
    open_ = voorziening.status == AlgemeneVoorziening.Status.OPEN
    context = {
        "voorziening": voorziening, "jaar": jaar, "bereik": bereik,
        "meldingen": selectors.deelname_list(user=request.user, voorziening=voorziening, ook_vervangen=True)
        .select_related("vervangt"),
        "verwijzingen": selectors.verwijzing_list(user=request.user, voorziening=voorziening)[:20],
        "historie": voorziening.historie.select_related("door"),
        "mag_melden": policy.mag(request.user, "voorzieningen.deelname_melden", voorziening),
        "mag_verwijzen": open_ and policy.mag(request.user, "voorzieningen.verwijzen", voorziening),
        "mag_sluiten": open_ and policy.mag(request.user, "voorzieningen.beheren", voorziening),
        "vorige_maand": (klok.vandaag().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m"),
        "vandaag": klok.vandaag(), "actie": actie, "waarden": waarden, "fouten": fouten, "veldfouten": veldfouten,
    }  # fmt: skip
    return _render(request, "voorzieningen/detail.html", context)


@login_required
def corrigeren(request, uuid):
    """Correct a month's report: the new count replaces it, the old one stays as history."""
    melding = next(iter(selectors.deelname_list(user=request.user, ook_vervangen=True).filter(uuid=uuid)), None)
    if melding is None:
        raise Http404(_("Deze melding bestaat niet of u mag haar niet zien."))
    policy.vereis(request.user, "voorzieningen.deelname_melden", melding.voorziening)
    waarden = {k: request.POST.get(k, "").strip() for k in ("deelnames", "unieke_deelnemers", "reden")}
    if request.method != "POST":
        waarden = {"deelnames": melding.deelnames, "unieke_deelnemers": melding.unieke_deelnemers or "", "reden": ""}
    fouten, veldfouten = [], {}
    if request.method == "POST":
        try:
            services.deelname_corrigeren(
                melding=melding, deelnames=_aantal(waarden["deelnames"]),
                unieke_deelnemers=_aantal_of_leeg(waarden["unieke_deelnemers"]), reden=waarden["reden"],
                door=request.user,
            )  # fmt: skip
            messages.success(request, _("De melding is gecorrigeerd."))
            return redirect("voorzieningen:detail", uuid=melding.voorziening.uuid)
        except NotAllowed:
            raise
        except DomainError as exc:
            fouten, veldfouten = _fouten(exc, {"deelnames": "deelnames", "unieke_deelnemers": "unieke_deelnemers",
                                                "reden": "reden"})  # fmt: skip
    context = {"melding": melding, "waarden": waarden, "fouten": fouten, "veldfouten": veldfouten}
    return _render(request, "voorzieningen/corrigeren.html", context)


# --- managing ---------------------------------------------------------------------------------


WIJK_VELDEN = {"gemeente": "gemeente", "naam": "naam", "cbs_code": "cbs_code"}


@login_required
def wijk_nieuw(request):
    policy.vereis(request.user, "voorzieningen.beheren")
    gemeenten = selectors.gemeenten_voor_beheer(user=request.user)
    waarden = {k: request.POST.get(k, "").strip() for k in WIJK_VELDEN} if request.method == "POST" else {}
    fouten, veldfouten = [], {}
    if request.method == "POST":
        try:
            gemeente = next((g for g in gemeenten if str(g.pk) == waarden["gemeente"]), None)
            if gemeente is None:
                raise ValidationFailed(_("Kies de gemeente van de wijk."), code="gemeente_onbekend", field="gemeente")
            wijk = services.wijk_create(gemeente=gemeente, naam=waarden["naam"], cbs_code=waarden["cbs_code"],
                                        door=request.user)  # fmt: skip
            messages.success(request, _("De wijk '%(naam)s' is vastgelegd.") % {"naam": wijk.naam})
            return redirect(reverse("voorzieningen:overzicht") + f"?gemeente={gemeente.cbs_code}")
        except NotAllowed:
            raise
        except DomainError as exc:
            fouten, veldfouten = _fouten(exc, WIJK_VELDEN)
    context = {"gemeenten": gemeenten, "waarden": waarden, "fouten": fouten, "veldfouten": veldfouten}
    return _render(request, "voorzieningen/wijk_nieuw.html", context)


VOORZIENING_VELDEN = {
    "wijk": "wijk", "aanbieder": "aanbieder", "naam": "naam", "soort": "soort", "wet": "wet",
    "omschrijving": "omschrijving", "adres": "adres", "capaciteit": "capaciteit",
    "capaciteit_eenheid": "capaciteit_eenheid", "geldig_van": "geldig_van", "geldig_tot": "geldig_tot",
    "subsidieverlening": "subsidieverlening",
}  # fmt: skip


@login_required
def nieuw(request):
    """The manager's form: a new collective provision in a district, optionally funded by a grant."""
    policy.vereis(request.user, "voorzieningen.beheren")
    wijken = [w for w in selectors.wijk_list(user=request.user)
              if policy.mag(request.user, "voorzieningen.beheren", w)]  # fmt: skip
    aanbieders = selectors.aanbieders_voor_beheer(user=request.user)
    verleningen = selectors.verleningen_voor_beheer(user=request.user)
    post = request.POST if request.method == "POST" else None
    waarden = (
        {k: post.get(k, "").strip() for k in VOORZIENING_VELDEN}
        if post is not None
        else {
            "geldig_van": klok.vandaag().replace(month=1, day=1).isoformat(),
            "capaciteit_eenheid": "week",
            "wet": "wmo",
        }
    )
    fouten, veldfouten = [], {}
    if post is not None:
        try:
            keuze = ProblemCollector()  # what the form must choose before the service can judge the rest
            wijk = next((w for w in wijken if str(w.uuid) == waarden["wijk"]), None)
            aanbieder = next((a for a in aanbieders if str(a.uuid) == waarden["aanbieder"]), None)
            verlening = next((v for v in verleningen if str(v.uuid) == waarden["subsidieverlening"]), None)
            van = parse_date(waarden["geldig_van"])
            if wijk is None:
                keuze.add("wijk_onbekend", _("Kies de wijk."), "wijk")
            if aanbieder is None:
                keuze.add("aanbieder_onbekend", _("Kies de aanbieder."), "aanbieder")
            if van is None:
                keuze.add("ongeldige_datum", _("Geef de eerste dag (jjjj-mm-dd)."), "geldig_van")
            keuze.raise_if_any()
            voorziening = services.voorziening_create(
                wijk=wijk, aanbieder=aanbieder, naam=waarden["naam"], soort=waarden["soort"], wet=waarden["wet"],
                omschrijving=waarden["omschrijving"], adres=waarden["adres"], capaciteit=_aantal(waarden["capaciteit"]),
                capaciteit_eenheid=waarden["capaciteit_eenheid"], geldig_van=van,
                geldig_tot=parse_date(waarden["geldig_tot"]) if waarden["geldig_tot"] else None,
                subsidieverlening=verlening, door=request.user,
            )  # fmt: skip
            messages.success(request, _("De voorziening '%(naam)s' is vastgelegd.") % {"naam": voorziening.naam})
            return redirect("voorzieningen:detail", uuid=voorziening.uuid)
        except NotAllowed:
            raise
        except DomainError as exc:
            fouten, veldfouten = _fouten(exc, VOORZIENING_VELDEN)
    context = {
        "wijken": wijken, "aanbieders": aanbieders, "verleningen": verleningen, "waarden": waarden,
        "soorten": AlgemeneVoorziening.Soort.choices, "eenheden": AlgemeneVoorziening.Capaciteitseenheid.choices,
        "wetten": Wet.choices, "fouten": fouten, "veldfouten": veldfouten,
    }  # fmt: skip
    return _render(request, "voorzieningen/nieuw.html", context)
