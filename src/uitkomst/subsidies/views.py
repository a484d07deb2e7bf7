"""Subsidy pages, one for every step of the chain: the schemes with their ceiling used, a new scheme,
the provider's application, the grant with results, obligations, conditions and advances, finance
paying an advance, the provider's report and the settlement with its reclaim or additional payment.

Thin: rows come from the selectors (which ask the policy, so another role gets a 403 or a 404), a
change is one service call; a refusal shows every problem of the service (its Dutch message, a link
to the field, the field marked) with status 400, nothing saved, and what was typed kept.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from uitkomst.accounts import policy
from uitkomst.catalogus.vocabulaire import Wet
from uitkomst.utils import klok
from uitkomst.utils.errors import DomainError, NotAllowed, ValidationFailed
from uitkomst.utils.params import parse_date, parse_int

from . import selectors, services
from .models import Subsidieaanvraag, Subsidieregeling, Subsidieverlening, Subsidieverplichting

PRESTATIE_RIJEN, VERPLICHTING_RIJEN, VOORSCHOT_RIJEN = 5, 4, 4
PREFIX = {"prestaties": "prestatie", "verplichtingen": "verplichting", "voorschotten": "voorschot"}


# --- helpers --------------------------------------------------------------------------------


def _fouten(exc: DomainError, veld_id: Callable[[str], str]) -> tuple[list[dict], dict[str, str]]:
    """The service's problems for the error summary (``web/_foutoverzicht.html``: message, link to the
    field, and the code for tests) and per field id the first message, to mark the field itself."""
    fouten, per_veld = [], {}
    for p in exc.problems:
        veld = veld_id(p.field or "") or ""
        fouten.append({"veld": veld, "melding": p.message, "code": p.code})
        per_veld.setdefault(veld, p.message)
    return fouten, per_veld


def _jaar(waarde: str | None):
    """A year typed on a page: the number, or the text as typed for the service to refuse."""
    waarde = (waarde or "").strip()
    return int(waarde) if waarde.isdigit() else waarde


def _render(request, template: str, context: dict):
    return render(request, template, context, status=400 if context.get("fouten") else 200)


def _regeling(request, uuid) -> Subsidieregeling:
    try:
        return selectors.regeling_detail(user=request.user, uuid=uuid)
    except Subsidieregeling.DoesNotExist:
        raise Http404(_("Deze subsidieregeling bestaat niet of u mag haar niet zien.")) from None


def _aanvraag(request, uuid) -> Subsidieaanvraag:
    try:
        return selectors.aanvraag_detail(user=request.user, uuid=uuid)
    except Subsidieaanvraag.DoesNotExist:
        raise Http404(_("Deze subsidieaanvraag bestaat niet of u mag haar niet zien.")) from None


def _verlening(request, uuid) -> Subsidieverlening:
    try:
        return selectors.verlening_detail(user=request.user, uuid=uuid)
    except Subsidieverlening.DoesNotExist:
        raise Http404(_("Deze subsidieverlening bestaat niet of u mag haar niet zien.")) from None


# --- overview and scheme --------------------------------------------------------------------


@login_required
def overzicht(request):
    jaar = parse_int(request.GET.get("jaar"), None, low=2015, high=2100)
    rijen = selectors.plafondgebruik(user=request.user, jaar=jaar)
    verleningen = selectors.verlening_list(user=request.user).order_by("-jaar", "regeling__naam", "aanbieder__naam")
    aanvragen = selectors.aanvraag_list(user=request.user).order_by("-jaar", "regeling__naam", "aanbieder__naam")
    if jaar is not None:
        verleningen, aanvragen = verleningen.filter(jaar=jaar), aanvragen.filter(jaar=jaar)
    context = {
        "rijen": rijen, "verleningen": verleningen, "aanvragen": aanvragen, "jaar": jaar,
        "mag_regeling": policy.mag(request.user, "subsidies.regeling_beheren"),
    }  # fmt: skip
    return render(request, "subsidies/overzicht.html", context)


REGELING_VELDEN = ("gemeente", "naam", "wet", "doel", "van_jaar", "tot_jaar", "plafond")


@login_required
def regeling_nieuw(request):
    policy.vereis(request.user, "subsidies.regeling_beheren")
    gemeenten = selectors.gemeenten_voor_regeling(user=request.user)
    waarden = {k: request.POST.get(k, "").strip() for k in REGELING_VELDEN} if request.method == "POST" else {}
    fouten, veldfouten = [], {}
    if request.method == "POST":
        try:
            gemeente = next((g for g in gemeenten if str(g.pk) == waarden["gemeente"]), None)
            if gemeente is None:
                raise ValidationFailed(_("Kies de gemeente van de regeling."), code="gemeente_onbekend",
                                       field="gemeente")  # fmt: skip
            regeling = services.regeling_create(
                gemeente=gemeente, naam=waarden["naam"], wet=waarden["wet"], doel=waarden["doel"],
                van_jaar=_jaar(waarden["van_jaar"]), plafond=waarden["plafond"], door=request.user,
                tot_jaar=_jaar(waarden["tot_jaar"]) if waarden["tot_jaar"] else None,
            )  # fmt: skip
            messages.success(request, _("De subsidieregeling '%(naam)s' is vastgelegd.") % {"naam": regeling.naam})
            return redirect("subsidies:regeling", uuid=regeling.uuid)
        except NotAllowed:
            raise
        except DomainError as exc:
            fouten, veldfouten = _fouten(exc, lambda f: f if f in REGELING_VELDEN else "")
    context = {"gemeenten": gemeenten, "wetten": Wet.choices, "waarden": waarden, "fouten": fouten,
               "veldfouten": veldfouten}  # fmt: skip
    return _render(request, "subsidies/regeling_nieuw.html", context)


VOLGORDE = ("-jaar", "aanbieder__naam")


@login_required
def regeling_detail(request, uuid):
    regeling = _regeling(request, uuid)
    gebruik = [r for r in selectors.plafondgebruik(user=request.user) if r.regeling.pk == regeling.pk]
    context = {
        "regeling": regeling,
        "gebruik": gebruik,
        "aanvragen": selectors.aanvraag_list(user=request.user).filter(regeling=regeling).order_by(*VOLGORDE),
        "verleningen": selectors.verlening_list(user=request.user).filter(regeling=regeling).order_by(*VOLGORDE),
        "mag_aanvragen": policy.mag(request.user, "subsidies.aanvraag_indienen"),
    }  # fmt: skip
    return render(request, "subsidies/regeling.html", context)


# --- application ----------------------------------------------------------------------------


AANVRAAG_VELDEN = {
    "aanbieder": "aanbieder",
    "jaar": "jaar",
    "aangevraagd_bedrag": "bedrag",
    "toelichting": "toelichting",
}


@login_required
def aanvraag_nieuw(request, uuid):
    regeling = _regeling(request, uuid)
    policy.vereis(request.user, "subsidies.aanvraag_indienen")
    aanbieders = selectors.aanbieders_voor_aanvraag(user=request.user, regeling=regeling)
    if not aanbieders:
        raise NotAllowed(_("U kunt voor geen enkele aanbieder subsidie aanvragen."))
    velden = ("aanbieder", "jaar", "bedrag", "toelichting")
    waarden = {k: request.POST.get(k, "").strip() for k in velden} if request.method == "POST" else {}
    fouten, veldfouten = [], {}
    if request.method == "POST":
        aanbieder = aanbieders[0] if len(aanbieders) == 1 else next(
            (a for a in aanbieders if str(a.uuid) == waarden["aanbieder"]), None)  # fmt: skip
        try:
            if aanbieder is None:
                raise ValidationFailed(_("Kies de aanbieder die aanvraagt."), code="aanbieder_onbekend",
                                       field="aanbieder")  # fmt: skip
            aanvraag = services.aanvraag_indienen(
                regeling=regeling, aanbieder=aanbieder, jaar=_jaar(waarden["jaar"]), bedrag=waarden["bedrag"],
                toelichting=waarden["toelichting"], door=request.user,
            )  # fmt: skip
            messages.success(request, _("De subsidieaanvraag is ingediend."))
            return redirect("subsidies:aanvraag", uuid=aanvraag.uuid)
        except NotAllowed:
            raise
        except DomainError as exc:
            fouten, veldfouten = _fouten(exc, lambda f: AANVRAAG_VELDEN.get(f, ""))
    context = {
        "regeling": regeling, "aanbieders": aanbieders, "jaren": range(regeling.van_jaar, regeling.tot_jaar + 1),
        "waarden": waarden, "fouten": fouten, "veldfouten": veldfouten,
    }  # fmt: skip
    return _render(request, "subsidies/aanvraag_nieuw.html", context)


@login_required
def aanvraag_detail(request, uuid):
    """The application with its status history; the officer rejects it here (with a reason)."""
    aanvraag = _aanvraag(request, uuid)
    fouten, veldfouten, reden = [], {}, ""
    if request.method == "POST":
        reden = request.POST.get("reden", "").strip()
        try:
            services.aanvraag_afwijzen(aanvraag=aanvraag, reden=reden, door=request.user)
            messages.success(request, _("De aanvraag is afgewezen."))
            return redirect("subsidies:aanvraag", uuid=aanvraag.uuid)
        except NotAllowed:
            raise
        except DomainError as exc:
            fouten, veldfouten = _fouten(exc, lambda f: "reden" if f == "reden" else "")
        aanvraag = _aanvraag(request, uuid)
    besluiten = policy.mag(request.user, "subsidies.verlening_besluiten", aanvraag)
    context = {
        "aanvraag": aanvraag,
        "historie": selectors.aanvraag_historie(user=request.user, aanvraag=aanvraag),
        "verlening": Subsidieverlening.objects.filter(aanvraag=aanvraag).first(),
        "mag_besluiten": besluiten and aanvraag.status == Subsidieaanvraag.Status.INGEDIEND,
        "reden": reden, "fouten": fouten, "veldfouten": veldfouten,
    }  # fmt: skip
    return _render(request, "subsidies/aanvraag.html", context)


# --- grant ----------------------------------------------------------------------------------


def _rijen(post, prefix: str, kolommen: tuple[str, ...], aantal: int) -> list[dict]:
    """Numbered form rows ``<prefix>_<i>_<kolom>``; ``gevuld`` when any field was filled in."""
    rijen = []
    for i in range(1, aantal + 1):
        w = {k: (post.get(f"{prefix}_{i}_{k}", "") if post is not None else "").strip() for k in kolommen}
        rijen.append({"nr": i, "waarden": w, "gevuld": any(w.values()), "fout": ""})
    return rijen


def _verlening_veld(rijen: dict[str, list[dict]]) -> Callable[[str], str]:
    """Maps a service field (``prestaties[2]`` is the second row passed) to the id of its form field."""
    eerste = {"prestaties": "prestatie_1_indicator", "verplichtingen": "verplichting_1_soort",
              "voorschotten": "voorschot_1_bedrag"}  # fmt: skip
    kolom = {"prestaties": "indicator", "verplichtingen": "omschrijving", "voorschotten": "bedrag"}

    def veld(f: str) -> str:
        if f == "verleend_bedrag":
            return "bedrag"
        if f in ("toelichting", "besluitdatum"):
            return f
        for soort, prefix in PREFIX.items():
            if f == soort:
                return eerste[soort]
            if f.startswith(f"{soort}["):
                n = int(f[len(soort) + 1 : -1])
                gevuld = [r for r in rijen[soort] if r["gevuld"]]
                if 0 < n <= len(gevuld):
                    return f"{prefix}_{gevuld[n - 1]['nr']}_{kolom[soort]}"
        return ""

    return veld


@login_required
def verlenen(request, uuid):
    """The officer grants an application: amount, decision date, the results agreed (indicator and
    target), the obligations and conditions, and the schedule of advances."""
    aanvraag = _aanvraag(request, uuid)
    policy.vereis(request.user, "subsidies.verlening_besluiten", aanvraag)
    post = request.POST if request.method == "POST" else None
    rijen = {
        "prestaties": _rijen(post, "prestatie", ("indicator", "omschrijving", "eenheid", "streefwaarde"),
                             PRESTATIE_RIJEN),
        "verplichtingen": _rijen(post, "verplichting", ("soort", "omschrijving"), VERPLICHTING_RIJEN),
        "voorschotten": _rijen(post, "voorschot", ("gepland_op", "bedrag"), VOORSCHOT_RIJEN),
    }  # fmt: skip
    if post is None:
        waarden = {"bedrag": str(aanvraag.aangevraagd_bedrag).replace(".", ","),
                   "besluitdatum": klok.vandaag().isoformat(), "toelichting": ""}  # fmt: skip
    else:
        waarden = {k: post.get(k, "").strip() for k in ("bedrag", "besluitdatum", "toelichting")}
    fouten, veldfouten = [], {}
    if post is not None:
        try:
            verlening = services.verlening_create(
                aanvraag=aanvraag, bedrag=waarden["bedrag"], besluitdatum=parse_date(waarden["besluitdatum"]),
                toelichting=waarden["toelichting"], door=request.user,
                prestaties=[r["waarden"] for r in rijen["prestaties"] if r["gevuld"]],
                verplichtingen=[r["waarden"] for r in rijen["verplichtingen"] if r["gevuld"]],
                voorschotten=[{"gepland_op": parse_date(r["waarden"]["gepland_op"]), "bedrag": r["waarden"]["bedrag"]}
                              for r in rijen["voorschotten"] if r["gevuld"]],
            )  # fmt: skip
            messages.success(request, _("De subsidie is verleend."))
            return redirect("subsidies:verlening", uuid=verlening.uuid)
        except NotAllowed:
            raise
        except DomainError as exc:
            fouten, veldfouten = _fouten(exc, _verlening_veld(rijen))
            for soort, prefix in PREFIX.items():
                for r in rijen[soort]:
                    r["fout"] = next((m for v, m in veldfouten.items() if v.startswith(f"{prefix}_{r['nr']}_")), "")
    gebruik = next((g for g in selectors.plafondgebruik(user=request.user, jaar=aanvraag.jaar)
                    if g.regeling.pk == aanvraag.regeling_id), None)  # fmt: skip
    context = {
        "aanvraag": aanvraag, "gebruik": gebruik, "waarden": waarden, "rijen": rijen,
        "soorten": Subsidieverplichting.Soort.choices, "fouten": fouten, "veldfouten": veldfouten,
    }  # fmt: skip
    return _render(request, "subsidies/verlenen.html", context)


# --- the grant, advances, report, settlement ------------------------------------------------


def _detail_context(request, verlening, **extra) -> dict:
    resultaten = {r["indicator"]: r for r in selectors.subsidieresultaten(user=request.user)
                  if r["verlening"] == verlening.uuid}  # fmt: skip
    return {
        "verlening": verlening,
        "resultaten": [resultaten[p.indicator] for p in verlening.prestaties.all() if p.indicator in resultaten],
        "betaald": services.betaalde_voorschotten(verlening),
        "historie": selectors.verlening_historie(user=request.user, verlening=verlening),
        "vandaag": klok.vandaag(),
        "mag_verantwoorden": policy.mag(request.user, "subsidies.verantwoording_indienen", verlening)
        and verlening.status == Subsidieverlening.Status.VERLEEND,
        "mag_vaststellen": policy.mag(request.user, "subsidies.vaststellen", verlening)
        and verlening.status == Subsidieverlening.Status.VERANTWOORD,
        "mag_betalen": policy.mag(request.user, "subsidies.voorschot_betalen", verlening)
        and verlening.status != Subsidieverlening.Status.VASTGESTELD,
        **extra,
    }


@login_required
def verlening_detail(request, uuid):
    verlening = _verlening(request, uuid)
    fouten = []
    if request.method == "POST":  # finance pays one advance
        voorschot = verlening.voorschotten.filter(uuid=request.POST.get("voorschot")).first()
        if voorschot is None:
            raise Http404(_("Onbekend voorschot."))
        try:
            services.voorschot_betalen(voorschot=voorschot, datum=parse_date(request.POST.get("betaald_op")),
                                       door=request.user)  # fmt: skip
            messages.success(request, _("Voorschot %(nr)s is betaald.") % {"nr": voorschot.volgnummer})
            return redirect("subsidies:verlening", uuid=verlening.uuid)
        except NotAllowed:
            raise
        except DomainError as exc:
            fouten, _veldfouten = _fouten(exc, lambda f: "")
        verlening = _verlening(request, uuid)
    return _render(request, "subsidies/verlening.html", _detail_context(request, verlening, fouten=fouten))


@login_required
def verantwoorden(request, uuid):
    verlening = _verlening(request, uuid)
    policy.vereis(request.user, "subsidies.verantwoording_indienen", verlening)
    prestaties = list(verlening.prestaties.all())
    fouten, veldfouten = [], {}
    waarden = {}
    jaar = str(verlening.jaar)
    toelichting = ""
    if request.method == "POST":
        waarden = {p.indicator: request.POST.get(f"prestatie-{p.pk}", "").strip() for p in prestaties}
        jaar, toelichting = request.POST.get("jaar", "").strip(), request.POST.get("toelichting", "")
        ids = {f"realisaties.{p.indicator}": f"prestatie-{p.pk}" for p in prestaties}
        try:
            services.verantwoording_indienen(
                verlening=verlening, jaar=_jaar(jaar), realisaties=waarden, toelichting=toelichting,
                door=request.user,
            )  # fmt: skip
            messages.success(request, _("De verantwoording is ingediend."))
            return redirect("subsidies:verlening", uuid=verlening.uuid)
        except NotAllowed:
            raise
        except DomainError as exc:
            fouten, veldfouten = _fouten(exc, lambda f: "jaar" if f == "jaar" else ids.get(f, ""))
    regels = [(p, waarden.get(p.indicator, ""), veldfouten.get(f"prestatie-{p.pk}", "")) for p in prestaties]
    context = {"verlening": verlening, "regels": regels, "jaar": jaar, "toelichting": toelichting, "fouten": fouten,
               "veldfouten": veldfouten}  # fmt: skip
    return _render(request, "subsidies/verantwoorden.html", context)


@login_required
def vaststellen(request, uuid):
    verlening = _verlening(request, uuid)
    policy.vereis(request.user, "subsidies.vaststellen", verlening)
    fouten, veldfouten = [], {}
    post = request.POST if request.method == "POST" else {}
    waarden = {"bedrag": post.get("bedrag", "").strip(), "datum": post.get("datum", klok.vandaag().isoformat()),
               "toelichting": post.get("toelichting", "")}  # fmt: skip
    if request.method == "POST":
        try:
            services.vaststellen(verlening=verlening, bedrag=waarden["bedrag"], datum=parse_date(waarden["datum"]),
                                 toelichting=waarden["toelichting"], door=request.user)  # fmt: skip
            messages.success(request, _("De subsidie is vastgesteld."))
            return redirect("subsidies:verlening", uuid=verlening.uuid)
        except NotAllowed:
            raise
        except DomainError as exc:
            velden = {"vastgesteld_bedrag": "bedrag", "toelichting": "toelichting"}
            fouten, veldfouten = _fouten(exc, lambda f: velden.get(f, ""))
    context = _detail_context(request, verlening, fouten=fouten, veldfouten=veldfouten, waarden=waarden)
    return _render(request, "subsidies/vaststellen.html", context)
