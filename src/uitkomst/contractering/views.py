"""Pages: the contract manager's overview, a provider's own page, application assessment, the
agreement page and the exports. Writes go through services.

Two contracting pages read data of higher layers and live there: the report with the market
concentration (``contractering:rapportage``, in ``sturing.views``; it counts assignments) and the
public choice aid (``keuzehulp:``, in ``uitkomsten.views``; it shows outcomes per provider)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from uitkomst.accounts import policy
from uitkomst.catalogus import selectors as catalogus
from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.utils import klok
from uitkomst.utils.errors import DomainError, NotAllowed

from . import exports, forms, models, selectors, services
from .models import Aanbieder, Aanmelding, Inkoopprocedure, Weergavestatus


def _need_reader(request):
    if not request.user.is_authenticated:
        raise _Login()
    policy.vereis(request.user, "contractering.overzicht_lezen")


class _Login(Exception):
    pass


def _login_guard(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Login:
            return redirect_to_login(request.get_full_path())

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _date(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(value))) if value else default
    except ValueError:
        return default


def _model(request) -> Inkoopmodel | None:
    """The purchasing model chosen (``?model=``), else the first of the user's region with agreements."""
    try:
        return selectors.inkoopmodel_voor_overzicht(user=request.user, uuid=request.GET.get("model"))
    except Inkoopmodel.DoesNotExist as exc:
        raise Http404("Dit inkoopmodel bestaat niet.") from exc


@_login_guard
def overzicht(request):
    _need_reader(request)
    peildatum = _date(request.GET.get("peildatum"), klok.vandaag())
    maanden = _int(request.GET.get("maanden"), 6, 1, 24)
    model = _model(request)
    ronde = selectors.huidige_ronde(user=request.user, peildatum=peildatum)
    context = {
        "model": model,
        "modellen": catalogus.inkoopmodel_list(user=request.user),
        "peildatum": peildatum,
        "maanden": maanden,
        "matrix": selectors.contractmatrix(inkoopmodel=model, peildatum=peildatum) if model else None,
        "aflopend": selectors.aflopende_overeenkomsten(user=request.user, peildatum=peildatum, maanden=maanden),
        "ronde": ronde,
        "aanmeldingen": selectors.aanmelding_list(user=request.user).filter(ronde=ronde) if ronde else [],
        "verlopen": selectors.verlopen_bewijzen(peildatum=peildatum)[:50],
        "kan_beheren": policy.mag(request.user, "contractering.raamovereenkomst_wijzigen", model),
    }
    return render(request, "contractering/overzicht.html", context)


def _export_rows(request, lijst: str, model, peildatum, maanden):
    if lijst == "matrix":
        matrix = selectors.contractmatrix(inkoopmodel=model, peildatum=peildatum)
        header = ["Aanbieder", "AGB-code", *[str(k) for k in matrix.kolommen]]
        rows = [
            [
                a.naam,
                a.agb_code,
                *[" ".join(p.intensiteit.naam if p.intensiteit else p.code for p in cel) for cel in cells],
            ]
            for a, cells in matrix.rijen
        ]
        return f"Gecontracteerde aanbieders {model.naam} op {peildatum:%d-%m-%Y}", header, rows
    if lijst == "aflopend":
        header = [
            "Aanbieder",
            "Inkoopmodel",
            "Ingangsdatum",
            "Einddatum",
            "Verlengopties over",
            "Besluit nodig",
            "Status",
        ]
        rows = [
            [
                r.overeenkomst.aanbieder.naam,
                r.overeenkomst.inkoopmodel.naam,
                r.overeenkomst.ingangsdatum,
                r.overeenkomst.einddatum,
                r.overeenkomst.verlengopties_over,
                "verlengen of laten aflopen" if r.besluit_verlenging else "loopt af (geen opties meer)",
                r.overeenkomst.get_status_display(),
            ]
            for r in selectors.aflopende_overeenkomsten(user=request.user, peildatum=peildatum, maanden=maanden)
        ]
        return f"Raamovereenkomsten die binnen {maanden} maanden aflopen", header, rows
    if lijst == "rapport":
        rapport = selectors.rapport_product_gemeente(inkoopmodel=model, peildatum=peildatum)
        header = ["Productcode", "Product", "Gecontracteerd (totaal)", *[g.naam for g in rapport.gemeenten]]
        rows = [[p.code, p.naam, totaal, *aantallen] for p, aantallen, totaal in rapport.rijen]
        return f"Gecontracteerde aanbieders per product en gemeente op {peildatum:%d-%m-%Y}", header, rows
    raise Http404("Onbekende lijst.")


@_login_guard
def export(request, lijst: str, formaat: str):
    _need_reader(request)
    if formaat not in ("xlsx", "csv"):
        raise Http404("Onbekend formaat.")
    peildatum = _date(request.GET.get("peildatum"), klok.vandaag())
    maanden = _int(request.GET.get("maanden"), 6, 1, 24)
    model = _model(request)
    if model is None:
        raise Http404("Geen inkoopmodel.")
    titel, header, rows = _export_rows(request, lijst, model, peildatum, maanden)
    return exports.tabel_response(
        titel=titel, header=header, rows=rows, bestandsnaam=f"{lijst}-{model.code}-{peildatum}", formaat=formaat
    )


@_login_guard
def aanbieder_detail(request, uuid):
    if not request.user.is_authenticated:
        raise _Login()
    aanbieder = selectors.aanbieder_list(user=request.user).filter(uuid=uuid).first()
    if aanbieder is None:
        if Aanbieder.objects.filter(uuid=uuid).exists():
            raise PermissionDenied("U ziet alleen de pagina van uw eigen organisatie.")
        raise Http404("Deze aanbieder bestaat niet.")
    vandaag = klok.vandaag()
    overeenkomsten = list(selectors.raamovereenkomst_list(user=request.user).filter(aanbieder=aanbieder))
    for o in overeenkomsten:
        o.weergavestatus = Weergavestatus(o.status_op(vandaag)).label
    return render(
        request,
        "contractering/aanbieder_detail.html",
        {
            "aanbieder": aanbieder,
            "overeenkomsten": overeenkomsten,
            "aanmeldingen": selectors.aanmelding_list(user=request.user).filter(aanbieder=aanbieder),
            "bewijzen": aanbieder.kwaliteitsbewijzen.select_related("kwaliteitseis"),
            "verlopen": {b.pk for b in selectors.verlopen_bewijzen(peildatum=vandaag, aanbieder=aanbieder)},
            "onderaanneming_bij": aanbieder.onderaannemingen.select_related("hoofdaanbieder"),
            "inschrijvingen": selectors.inschrijving_list(user=request.user).filter(aanbieder=aanbieder),
            "open_rondes": [r for r in selectors.toetredingsronde_list(user=request.user) if r.is_open_op(vandaag)],
            "vandaag": vandaag,
        },
    )


def _checked(request, name: str) -> bool | None:
    value = request.POST.get(name)
    return {"ja": True, "nee": False}.get(value)


@_login_guard
def aanmelding_detail(request, uuid):
    if not request.user.is_authenticated:
        raise _Login()
    aanmelding = selectors.aanmelding_list(user=request.user).filter(uuid=uuid).first()
    if aanmelding is None:
        raise Http404("Deze aanmelding bestaat niet of is niet van u.")
    model = aanmelding.ronde.procedure.inkoopmodel
    eisen = list(selectors.kwaliteitseisen_voor(inkoopmodel=model))
    if request.method == "POST":
        actie = request.POST.get("actie")
        try:
            if actie == "beoordelen":
                items = [
                    {
                        "kwaliteitseis": e,
                        "voldaan": _checked(request, f"eis-{e.pk}"),
                        "notitie": request.POST.get(f"notitie-{e.pk}", ""),
                        "reden_verlopen_bewijs": request.POST.get(f"reden-verlopen-{e.pk}", ""),
                    }
                    for e in eisen
                    if request.POST.get(f"eis-{e.pk}")
                ]
                services.aanmelding_beoordelen(aanmelding=aanmelding, beoordelingen=items, door=request.user)
                messages.success(request, _("De beoordeling is opgeslagen."))
            elif actie == "aanvullend":
                services.aanmelding_aanvullend_oordeel(
                    aanmelding=aanmelding,
                    aangetoond=_checked(request, "aangetoond") is True,
                    toelichting=request.POST.get("toelichting", ""),
                    door=request.user,
                )
                messages.success(request, _("Het oordeel over het aanvullend aanbod is vastgelegd."))
            elif actie == "besluiten":
                besluit = services.aanmelding_besluiten(
                    aanmelding=aanmelding,
                    toelaten=request.POST.get("besluit") == "toelaten",
                    reden=request.POST.get("reden", ""),
                    door=request.user,
                )
                if besluit.raamovereenkomst_id:
                    messages.success(
                        request,
                        _("%(aanbieder)s is toegelaten en gecontracteerd vanaf %(datum)s.")
                        % {"aanbieder": besluit.aanbieder.naam, "datum": f"{besluit.ronde.ingangsdatum:%d-%m-%Y}"},
                    )
                else:
                    messages.success(
                        request,
                        _("De aanmelding van %(aanbieder)s is afgewezen.") % {"aanbieder": besluit.aanbieder.naam},
                    )
            else:
                raise Http404("Onbekende actie.")
        except NotAllowed:
            raise  # the policy's refusal: a 403 page
        except DomainError as exc:
            return render(
                request,
                "contractering/aanmelding_detail.html",
                _aanmelding_context(request, aanmelding, eisen, exc),
                status=400,
            )
        return redirect("contractering:aanmelding-detail", uuid=aanmelding.uuid)
    return render(request, "contractering/aanmelding_detail.html", _aanmelding_context(request, aanmelding, eisen))


def _aanmelding_context(request, aanmelding, eisen, fout: DomainError | None = None) -> dict:
    aanmelding = selectors.aanmelding_list(user=request.user).get(pk=aanmelding.pk)
    oordelen = {b.kwaliteitseis_id: b for b in aanmelding.beoordelingen.all()}
    bewijzen = selectors.laatste_bewijzen(aanbieder=aanmelding.aanbieder)
    # After a refused assessment the form shows what was typed, not the stored judgement.
    invoer = request.POST if fout is not None and request.POST.get("actie") == "beoordelen" else None
    rijen = []
    for e in eisen:
        oordeel = oordelen.get(e.pk)
        if invoer is not None:
            keuze = invoer.get(f"eis-{e.pk}", "")
            notitie = invoer.get(f"notitie-{e.pk}", "")
            reden = invoer.get(f"reden-verlopen-{e.pk}", "")
        else:
            keuze = "" if oordeel is None else ("ja" if oordeel.voldaan else "nee")
            notitie = oordeel.notitie if oordeel else ""
            reden = oordeel.reden_verlopen_bewijs if oordeel else ""
        rijen.append(
            {
                "eis": e,
                "oordeel": oordeel,
                "bewijs": bewijzen.get(e.pk),
                "keuze": keuze,
                "notitie": notitie,
                "reden": reden,
            }
        )
    return {
        "aanmelding": aanmelding,
        "rijen": rijen,
        "kan_beheren": policy.mag(request.user, "contractering.aanmelding_beoordelen", aanmelding),
        "open": aanmelding.status in (Aanmelding.Status.INGEDIEND, Aanmelding.Status.IN_BEOORDELING),
        "fout": fout,
        "vandaag": klok.vandaag(),
    }


@_login_guard
def raamovereenkomst_detail(request, uuid):
    if not request.user.is_authenticated:
        raise _Login()
    overeenkomst = selectors.raamovereenkomst_list(user=request.user).filter(uuid=uuid).first()
    if overeenkomst is None:
        raise Http404("Deze raamovereenkomst bestaat niet of is niet van u.")
    kan_beheren = policy.mag(request.user, "contractering.raamovereenkomst_wijzigen", overeenkomst)
    fout = None
    if request.method == "POST":
        actie = request.POST.get("actie")
        per = _date(request.POST.get("per"), None) if request.POST.get("per") else None
        reden = request.POST.get("reden", "")
        try:
            if actie == "verlengen":
                services.raamovereenkomst_verlengen(overeenkomst=overeenkomst, door=request.user, toelichting=reden)
            elif actie == "opschorten":
                services.raamovereenkomst_opschorten(overeenkomst=overeenkomst, per=per, reden=reden, door=request.user)
            elif actie == "hervatten":
                services.raamovereenkomst_hervatten(
                    overeenkomst=overeenkomst, per=per, door=request.user, toelichting=reden
                )
            elif actie == "beeindigen":
                services.raamovereenkomst_beeindigen(overeenkomst=overeenkomst, per=per, reden=reden, door=request.user)
            else:
                raise Http404("Onbekende actie.")
            messages.success(request, _("De wijziging is vastgelegd."))
            return redirect("contractering:raamovereenkomst-detail", uuid=overeenkomst.uuid)
        except NotAllowed:
            raise  # the policy's refusal: a 403 page
        except DomainError as exc:
            fout = exc
        overeenkomst = selectors.raamovereenkomst_list(user=request.user).get(pk=overeenkomst.pk)
    return render(
        request,
        "contractering/raamovereenkomst_detail.html",
        {
            "o": overeenkomst,
            "kan_beheren": kan_beheren,
            "fout": fout,
            "vandaag": klok.vandaag(),
            "weergavestatus": Weergavestatus(overeenkomst.status_op(klok.vandaag())).label,
            "acties": overeenkomst.acties_op(klok.vandaag()),
        },
        status=400 if fout else 200,
    )


# --- entry rounds, applications and evidence in the pages (issue 14) ---------------------------


def _ronde(request, uuid):
    ronde = selectors.toetredingsronde_list(user=request.user).filter(uuid=uuid).first()
    if ronde is None:
        raise Http404("Deze toetredingsronde bestaat niet.")
    return ronde


def _procedures(request):
    """The procedures the user may open a round in: those of the purchasing models of the own region."""
    modellen = catalogus.inkoopmodel_list(user=request.user).filter(policy.rijen(request.user, "inkoopmodel_regio"))
    return (
        Inkoopprocedure.objects.filter(inkoopmodel__in=modellen)
        .select_related("inkoopmodel")
        .order_by("inkoopmodel__naam", "naam")
    )


@_login_guard
def rondes(request):
    """Every entry round the user sees; the contract manager opens a new one, choosing the procedure."""
    if not request.user.is_authenticated:
        raise _Login()
    policy.vereis(request.user, "contractering.lezen")
    mag_openen = "contractering.toetredingsronde_aanmaken"
    procedures = [p for p in _procedures(request) if policy.mag(request.user, mag_openen, p)]
    form = forms.RondeForm(request.POST or None, procedures=procedures)
    fout = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            ronde = services.toetredingsronde_create(
                procedure=d["procedure"],
                naam=d["naam"],
                aanmelden_van=d["aanmelden_van"],
                aanmelden_tot=d["aanmelden_tot"],
                beoordelen_tot=d["beoordelen_tot"],
                ingangsdatum=d["ingangsdatum"],
                tijdens_looptijd=d["tijdens_looptijd"],
                door=request.user,
            )
        except NotAllowed:
            raise
        except DomainError as exc:
            fout = exc
        else:
            messages.success(request, _("De toetredingsronde '%(naam)s' is geopend.") % {"naam": ronde.naam})
            return redirect("contractering:ronde-detail", uuid=ronde.uuid)
    return render(
        request,
        "contractering/rondes.html",
        {
            "rondes": selectors.toetredingsronde_list(user=request.user),
            "form": form if procedures else None,
            "fout": fout,
            "vandaag": klok.vandaag(),
        },
        status=400 if fout or form.errors else 200,
    )


@_login_guard
def ronde_detail(request, uuid):
    """A round with its procedure and requirements: the contract manager closes it early or adds a
    requirement; a provider applies while it is open."""
    if not request.user.is_authenticated:
        raise _Login()
    ronde = _ronde(request, uuid)
    model = ronde.procedure.inkoopmodel
    aanbieder = selectors.eigen_aanbieder(request.user)
    vandaag = klok.vandaag()
    producten = list(catalogus.product_list(inkoopmodel=model, peildatum=ronde.ingangsdatum))
    eis_form = forms.KwaliteitseisForm(request.POST if request.POST.get("actie") == "eis" else None)
    fout = None
    if request.method == "POST":
        actie = request.POST.get("actie")
        try:
            if actie == "sluiten":
                services.toetredingsronde_sluiten(ronde=ronde, door=request.user)
                messages.success(request, _("De ronde is gesloten: aanmelden kan niet meer."))
            elif actie == "eis":
                if not eis_form.is_valid():
                    raise DomainError(_("Vul code en naam van de kwaliteitseis in."), code="eis_onvolledig")
                services.kwaliteitseis_save(inkoopmodel=model, door=request.user, **eis_form.cleaned_data)
                messages.success(request, _("De kwaliteitseis is vastgelegd."))
            elif actie == "aanmelden":
                if aanbieder is None:
                    raise PermissionDenied("Alleen een aanbieder meldt zich aan.")
                gekozen = set(request.POST.getlist("producten"))
                aanmelding = services.aanmelding_indienen(
                    ronde=ronde,
                    aanbieder=aanbieder,
                    producten=[p for p in producten if str(p.uuid) in gekozen],
                    toelichting=request.POST.get("toelichting", ""),
                    aanvullend_aanbod=request.POST.get("aanvullend_aanbod", ""),
                    door=request.user,
                )
                messages.success(request, _("Uw aanmelding is ingediend."))
                return redirect("contractering:aanmelding-detail", uuid=aanmelding.uuid)
            else:
                raise Http404("Onbekende actie.")
        except NotAllowed:
            raise
        except DomainError as exc:
            fout = exc
        else:
            return redirect("contractering:ronde-detail", uuid=ronde.uuid)
        ronde = _ronde(request, uuid)
    return render(
        request,
        "contractering/ronde_detail.html",
        {
            "ronde": ronde,
            "model": model,
            "eisen": selectors.kwaliteitseisen_voor(inkoopmodel=model),
            "is_open": ronde.is_open_op(vandaag),
            "kan_beheren": policy.mag(request.user, "contractering.toetredingsronde_aanmaken", ronde.procedure),
            "aanbieder": aanbieder,
            "producten": producten,
            "gekozen": set(request.POST.getlist("producten")),
            "invoer": request.POST,
            "aanmeldingen": selectors.aanmelding_list(user=request.user).filter(ronde=ronde),
            "eis_form": eis_form,
            "fout": fout,
        },
        status=400 if fout else 200,
    )


@_login_guard
def bewijs_toevoegen(request, uuid):
    """A provider (or the contract manager for it) records evidence with its document."""
    if not request.user.is_authenticated:
        raise _Login()
    aanbieder = selectors.aanbieder_list(user=request.user).filter(uuid=uuid).first()
    if aanbieder is None:
        raise Http404("Deze aanbieder bestaat niet.")
    eisen = selectors.kwaliteitseisen_voor_aanbieder(aanbieder=aanbieder)
    form = forms.BewijsForm(request.POST or None, request.FILES or None, eisen=eisen)
    fout = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.kwaliteitsbewijs_add(
                aanbieder=aanbieder,
                kwaliteitseis=d["kwaliteitseis"],
                omschrijving=d["omschrijving"],
                geldig_van=d["geldig_van"],
                geldig_tot=d["geldig_tot"],
                bestand=d["bestand"],
                door=request.user,
            )
        except NotAllowed:
            raise
        except DomainError as exc:
            fout = exc
        else:
            messages.success(request, _("Het kwaliteitsbewijs is vastgelegd."))
            return redirect("contractering:aanbieder-detail", uuid=aanbieder.uuid)
    return render(
        request,
        "contractering/bewijs_toevoegen.html",
        {"aanbieder": aanbieder, "form": form, "fout": fout, "max_mb": services.BEWIJS_MAX_BYTES // (1024 * 1024)},
        status=400 if fout or form.errors else 200,
    )


@_login_guard
def bewijs_bestand(request, pk: int):
    """The uploaded document, streamed, only to those who see the provider; never shown inline."""
    if not request.user.is_authenticated:
        raise _Login()
    bewijs = selectors.kwaliteitsbewijs_get(user=request.user, pk=pk)
    if bewijs is None or not bewijs.bestand:
        raise Http404("Dit bestand bestaat niet.")
    return FileResponse(bewijs.bestand.open("rb"), as_attachment=True, filename=bewijs.bestandsnaam or None)


# --- competitive procedures: criteria, tenders, the score matrix, ranking and award (issue 17) -----


@_login_guard
def aanbestedingen(request):
    """Every competitive procedure the user sees (a provider: all, tenders are public)."""
    if not request.user.is_authenticated:
        raise _Login()
    policy.vereis(request.user, "contractering.lezen")
    return render(
        request,
        "contractering/aanbestedingen.html",
        {"aanbestedingen": selectors.aanbesteding_list(user=request.user), "vandaag": klok.vandaag()},
    )


def _punten(value: str):
    """A score as typed: a whole number, else the text itself (the service refuses it with its code)."""
    value = (value or "").strip()
    try:
        return int(value)
    except ValueError:
        return value


@_login_guard
def aanbesteding_detail(request, uuid):
    """The procedure with its criteria; a provider tenders while it is open; the contract manager
    fills the score matrix, sees the ranking, takes the award decision and, after the standstill
    period, the definitive award. Everyone sees the decision with the reasons it may see."""
    if not request.user.is_authenticated:
        raise _Login()
    aanbesteding = selectors.aanbesteding_list(user=request.user).filter(uuid=uuid).first()
    if aanbesteding is None:
        raise Http404("Deze aanbesteding bestaat niet.")
    aanbieder = selectors.eigen_aanbieder(request.user)
    fout = None
    if request.method == "POST":
        actie = request.POST.get("actie")
        try:
            if actie == "inschrijven":
                if aanbieder is None:
                    raise PermissionDenied("Alleen een aanbieder schrijft in.")
                services.inschrijving_indienen(
                    aanbesteding=aanbesteding,
                    aanbieder=aanbieder,
                    toelichting=request.POST.get("toelichting", ""),
                    door=request.user,
                )
                messages.success(request, _("Uw inschrijving is ingediend."))
            elif actie == "scores":
                criteria = list(aanbesteding.criteria.all())
                items = [
                    {
                        "inschrijving": i,
                        "criterium": c,
                        "punten": _punten(request.POST.get(f"score-{i.pk}-{c.pk}")),
                        "toelichting": request.POST.get(f"toelichting-{i.pk}-{c.pk}", ""),
                    }
                    for i in aanbesteding.inschrijvingen.select_related("aanbieder")
                    for c in criteria
                    if (request.POST.get(f"score-{i.pk}-{c.pk}") or "").strip()
                ]
                services.scores_vastleggen(aanbesteding=aanbesteding, scores=items, door=request.user)
                messages.success(request, _("De scores zijn opgeslagen."))
            elif actie == "gunnen":
                besluit = services.gunnen(
                    aanbesteding=aanbesteding, door=request.user, toelichting=request.POST.get("toelichting", "")
                )
                messages.success(
                    request,
                    _("Voorlopig gegund aan %(n)s aanbieders; de opschortende termijn loopt tot en met %(datum)s.")
                    % {"n": besluit.aantal_gegund, "datum": f"{besluit.einde_opschortende_termijn:%d-%m-%Y}"},
                )
            elif actie == "definitief":
                overeenkomsten = services.gunning_definitief(aanbesteding=aanbesteding, door=request.user)
                messages.success(
                    request,
                    _("Definitief gegund: %(n)s raamovereenkomsten aangegaan.") % {"n": len(overeenkomsten)},
                )
            else:
                raise Http404("Onbekende actie.")
        except NotAllowed:
            raise  # the policy's refusal: a 403 page
        except DomainError as exc:
            fout = exc
        else:
            return redirect("contractering:aanbesteding-detail", uuid=aanbesteding.uuid)
        aanbesteding = selectors.aanbesteding_list(user=request.user).get(pk=aanbesteding.pk)
    r = selectors.rangschikking(aanbesteding=aanbesteding, user=request.user)
    invoer = request.POST if fout is not None and request.POST.get("actie") == "scores" else None
    matrix = []
    for regel in sorted(r.regels, key=lambda x: x.inschrijving.aanbieder.naam):
        cellen = []
        for c, score in zip(r.criteria, regel.cellen or [None] * len(r.criteria), strict=True):
            key = f"{regel.inschrijving.pk}-{c.pk}"
            if invoer is not None:
                waarde, toelichting = invoer.get(f"score-{key}", ""), invoer.get(f"toelichting-{key}", "")
            else:
                waarde = "" if score is None else score.punten
                toelichting = score.toelichting if score else ""
            cellen.append({"criterium": c, "key": key, "waarde": waarde, "toelichting": toelichting})
        matrix.append({"regel": regel, "cellen": cellen})
    eigen = next((x for x in r.regels if aanbieder and x.inschrijving.aanbieder_id == aanbieder.pk), None)
    vandaag = klok.vandaag()
    return render(
        request,
        "contractering/aanbesteding_detail.html",
        {
            "a": aanbesteding,
            "r": r,
            "matrix": matrix,
            "besluit": getattr(aanbesteding, "gunningsbesluit", None),
            "schaal": (models.SCORE_MIN, models.SCORE_MAX),
            "aanbieder": aanbieder,
            "eigen": eigen,
            "is_open": aanbesteding.is_open_op(vandaag),
            "kan_scoren": policy.mag(request.user, "contractering.aanbesteding_beoordelen", aanbesteding),
            "kan_gunnen": policy.mag(request.user, "contractering.aanbesteding_gunnen", aanbesteding),
            "scores_zichtbaar": selectors.scores_zichtbaar(user=request.user, aanbesteding=aanbesteding),
            "fout": fout,
            "invoer": request.POST,
            "vandaag": vandaag,
        },
        status=400 if fout else 200,
    )
