"""Steering pages: the monitor per municipality and for the region, the account-talk pack per
provider, the council report, indicators, budgets, the signal centre and the tariff review.

Each report is a page, an Excel download (``?formaat=xlsx``) and a printable layout (``?print=1``).
Writes go through services; every read is scoped by the acting user."""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from uitkomst.catalogus import selectors as catalogus
from uitkomst.catalogus.models import Inkoopmodel, Product
from uitkomst.contractering.models import Aanbieder
from uitkomst.uitkomsten import selectors as uitkomsten
from uitkomst.uitkomsten.rechten import is_aanbieder
from uitkomst.utils.errors import DomainError

from . import exports, rechten, selectors, services, svg
from .models import Signaal

KLEUREN = {"gerealiseerd": "#154273", "verplicht": "#5b8cc0", "instroom": "#c7a252"}


class _Login(Exception):
    pass


def _guard(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Login:
            return redirect_to_login(request.get_full_path())

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _lezer(request):
    if not request.user.is_authenticated:
        raise _Login()
    if not rechten.mag_rapportages(request.user):
        raise PermissionDenied("Alleen wie rapportages mag lezen (regio, financiën gemeente) ziet de sturing.")


def _jaar(request, default: int | None = None) -> int:
    default = default or selectors.today().year
    try:
        jaar = int(request.GET.get("jaar") or default)
    except ValueError:
        return default
    return jaar if 2015 <= jaar <= default + 5 else default


def _periode(request) -> tuple[dt.date, dt.date]:
    jaar = _jaar(request)
    van, tot = dt.date(jaar, 1, 1), dt.date(jaar, 12, 31)
    try:
        van = dt.date.fromisoformat(request.GET["van"]) if request.GET.get("van") else van
        tot = dt.date.fromisoformat(request.GET["tot"]) if request.GET.get("tot") else tot
    except ValueError:
        pass
    return van, tot


def _naief(moment):
    """Excel has no time zones: local time without one."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _basis(request) -> str:
    return "sturing/print.html" if request.GET.get("print") else "web/base.html"


def _budgetgrafiek(o):
    return svg.staafdiagram(
        titel=f"Budget {o.gemeente.naam} {o.jaar} per maand",
        labels=[f"{m.maand:02d}" for m in o.maanden],
        reeksen=[
            ("gerealiseerd", KLEUREN["gerealiseerd"], [m.gerealiseerd for m in o.maanden]),
            ("verplicht", KLEUREN["verplicht"], [m.verplicht for m in o.maanden]),
            ("verwachte instroom", KLEUREN["instroom"], [m.instroom for m in o.maanden]),
        ],
        lijn=("plafond / 12", float(o.plafond) / 12) if o.plafond else None,
    )


@_guard
def index(request):
    _lezer(request)
    return render(
        request,
        "sturing/index.html",
        {
            "telling": selectors.signaal_telling(user=request.user),
            "soorten": Signaal.Soort,
            "gemeenten": rechten.gemeenten(request.user),
            "aanbieders": Aanbieder.objects.filter(trajecten__isnull=False).distinct().order_by("naam")
            if rechten.is_regio(request.user) or rechten.is_installatie(request.user)
            else [],
            "modellen": Inkoopmodel.objects.filter(regio_id=request.user.regio_id)
            if request.user.regio_id
            else Inkoopmodel.objects.all(),
        },
    )


@_guard
def monitor(request):
    """The monthly/quarterly monitor of one municipality (``?gemeente=CBS``) or of the region."""
    _lezer(request)
    jaar = _jaar(request)
    per = "kwartaal" if request.GET.get("per") == "kwartaal" else "maand"
    gemeenten = rechten.gemeenten(request.user)
    code = request.GET.get("gemeente")
    if code:
        gemeenten = [g for g in gemeenten if g.cbs_code == code]
        if not gemeenten:
            raise Http404("Deze gemeente bestaat niet of valt buiten uw bereik.")
    elif rechten.is_gemeente(request.user):
        code = request.user.gemeente.cbs_code
    overzichten = list(
        selectors.budget.budget_prognose(gemeenten=gemeenten, jaar=jaar, peildatum=selectors.today()).values()
    )
    van, tot = dt.date(jaar, 1, 1), dt.date(jaar, 12, 31)
    filters = {"gemeente_id": gemeenten[0].pk} if code and gemeenten else {}
    tabel = uitkomsten.indicatoren(user=request.user, groep="periode", van=van, tot=tot, **filters)
    titel = f"Monitor {gemeenten[0].naam if code and gemeenten else 'regio'} {jaar}"
    if request.GET.get("formaat") == "xlsx":
        kop, rijen = exports.budget_rijen(overzichten, per)
        ikop, irijen = exports.indicator_rijen(tabel)
        return exports.werkboek(
            f"monitor-{code or 'regio'}-{jaar}", titel, [("Budget", kop, rijen), ("Uitkomsten", ikop, irijen)]
        )
    totaal = _optellen(overzichten, jaar) if len(overzichten) > 1 else (overzichten[0] if overzichten else None)
    return render(
        request,
        "sturing/monitor.html",
        {
            "basis": _basis(request),
            "titel": titel,
            "jaar": jaar,
            "per": per,
            "code": code,
            "overzichten": overzichten,
            "totaal": totaal,
            "grafiek": _budgetgrafiek(totaal) if totaal else None,
            "tabel": tabel,
            "gemeenten": rechten.gemeenten(request.user),
            "signalen": selectors.signaal_telling(user=request.user),
            "soorten": Signaal.Soort,
        },
    )


def _optellen(overzichten, jaar):
    """The region as the sum of its municipalities."""
    from types import SimpleNamespace

    from .budget import NUL, Budgetoverzicht, Kwartaal, Maand

    maanden = [Maand(jaar, m) for m in range(1, 13)]
    for o in overzichten:
        for i, m in enumerate(o.maanden):
            maanden[i].gerealiseerd += m.gerealiseerd
            maanden[i].verplicht += m.verplicht
            maanden[i].instroom += m.instroom
    cum = NUL
    for m in maanden:
        cum += m.totaal
        m.cumulatief = cum
    plafonds = [o.plafond for o in overzichten]
    totaal = Budgetoverzicht(
        gemeente=SimpleNamespace(naam="regio", cbs_code=""),
        jaar=jaar,
        peildatum=overzichten[0].peildatum,
        plafond=sum(plafonds, NUL) if all(p is not None for p in plafonds) else None,
        maanden=maanden,
    )
    totaal.kwartalen = [
        Kwartaal(
            q,
            sum((m.gerealiseerd for m in maanden[(q - 1) * 3 : q * 3]), NUL),
            sum((m.verplicht for m in maanden[(q - 1) * 3 : q * 3]), NUL),
            sum((m.instroom for m in maanden[(q - 1) * 3 : q * 3]), NUL),
        )
        for q in range(1, 5)
    ]
    return totaal


@_guard
def accountgesprek(request, uuid):
    """The account-talk pack of one provider: outcomes per product against the region, spend, signals."""
    if not request.user.is_authenticated:
        raise _Login()
    try:
        aanbieder = Aanbieder.objects.get(uuid=uuid)
    except Aanbieder.DoesNotExist as exc:
        raise Http404("Deze aanbieder bestaat niet.") from exc
    eigen = is_aanbieder(request.user) and request.user.aanbieder_id == aanbieder.pk
    if not (eigen or rechten.is_regio(request.user) or rechten.is_installatie(request.user)):
        raise PermissionDenied("Het accountgesprekspakket is voor de regio en de aanbieder zelf.")
    van, tot = _periode(request)
    regio_id = uitkomsten.regio_van(request.user) if not eigen else None
    tabel = uitkomsten.indicatoren(
        groep="product", van=van, tot=tot, regio_id=regio_id, publiek=True, aanbieder_id=aanbieder.pk
    )
    totaal = uitkomsten.indicatoren(groep="aanbieder", van=van, tot=tot, regio_id=regio_id, publiek=True)
    eigen_rij = next((r for r in totaal.rijen if r.sleutel == aanbieder.pk), None)
    besteding = selectors.aanbieder_besteding(aanbieder=aanbieder, van=van, tot=tot)
    signalen = list(Signaal.objects.filter(aanbieder=aanbieder).order_by("-aangemaakt_op")[:50])
    titel = f"Accountgesprek {aanbieder.naam} {van:%d-%m-%Y} t/m {tot:%d-%m-%Y}"
    if request.GET.get("formaat") == "xlsx":
        ikop, irijen = exports.indicator_rijen(tabel)
        bkop = ["Productcode", "Product", "Trajecten met declaraties", "Besteed (EUR)"]
        brijen = [[b["product__code"], b["product__naam"], b["n"], b["s"]] for b in besteding]
        skop = ["Soort", "Omschrijving", "Aangemaakt", "Afgehandeld", "Notitie"]
        srijen = [
            [s.get_soort_display(), s.omschrijving, _naief(s.aangemaakt_op), _naief(s.afgehandeld_op), s.notitie]
            for s in signalen
        ]
        return exports.werkboek(
            f"accountgesprek-{aanbieder.agb_code}-{van.year}",
            titel,
            [("Uitkomsten per product", ikop, irijen), ("Besteding", bkop, brijen), ("Signalen", skop, srijen)],
        )
    grafiek = None
    if eigen_rij:
        rijen = [(r.label, r.cellen["doelen_behaald"].aandeel, r.cellen["doelen_behaald"].ci) for r in tabel.rijen]
        grafiek = svg.intervaldiagram(
            titel=f"Doelen behaald per product ({aanbieder.naam}) met 95%-betrouwbaarheidsinterval",
            rijen=rijen,
            benchmark=tabel.benchmark.cellen["doelen_behaald"].aandeel,
        )
    return render(
        request,
        "sturing/accountgesprek.html",
        {
            "basis": _basis(request),
            "titel": titel,
            "aanbieder": aanbieder,
            "tabel": tabel,
            "eigen_rij": eigen_rij,
            "benchmark": totaal.benchmark,
            "besteding": besteding,
            "signalen": signalen,
            "grafiek": grafiek,
            "van": van,
            "tot": tot,
        },
    )


@_guard
def raadsrapportage(request):
    """The council report on the three outcome criteria: goal realisation, drop-out, satisfaction."""
    _lezer(request)
    jaar = _jaar(request)
    van, tot = dt.date(jaar, 1, 1), dt.date(jaar, 12, 31)
    tabel = uitkomsten.indicatoren(user=request.user, groep="gemeente", van=van, tot=tot)
    titel = f"Raadsrapportage uitkomsten jeugdhulp {jaar}"
    if request.GET.get("formaat") == "xlsx":
        kop, rijen = exports.indicator_rijen(tabel)
        return exports.werkboek(f"raadsrapportage-{jaar}", titel, [("Uitkomsten per gemeente", kop, rijen)])
    return render(
        request,
        "sturing/raadsrapportage.html",
        {"basis": _basis(request), "titel": titel, "jaar": jaar, "tabel": tabel},
    )


@_guard
def indicatoren(request):
    if not request.user.is_authenticated:
        raise _Login()
    if not (rechten.mag_rapportages(request.user) or is_aanbieder(request.user)):
        raise PermissionDenied("U mag de uitkomstindicatoren niet lezen.")
    groep = request.GET.get("groep") or "aanbieder"
    if groep not in uitkomsten.GROEPEN:
        groep = "aanbieder"
    van, tot = _periode(request)
    tabel = uitkomsten.indicatoren(user=request.user, groep=groep, van=van, tot=tot)
    if request.GET.get("formaat") == "xlsx":
        kop, rijen = exports.indicator_rijen(tabel)
        return exports.werkboek(f"indicatoren-{groep}-{van.year}", "Uitkomstindicatoren", [("Indicatoren", kop, rijen)])
    return render(
        request,
        "sturing/indicatoren.html",
        {
            "basis": _basis(request),
            "tabel": tabel,
            "groep": groep,
            "groepen": list(uitkomsten.GROEPEN),
            "van": van,
            "tot": tot,
        },
    )


@_guard
def budgetten(request):
    _lezer(request)
    jaar = _jaar(request)
    fout = None
    if request.method == "POST":
        try:
            services.budgetplafond_vaststellen(
                gemeente=request.POST.get("gemeente", ""),
                jaar=request.POST.get("jaar"),
                bedrag=request.POST.get("bedrag"),
                toelichting=request.POST.get("toelichting", ""),
                door=request.user,
            )
            messages.success(request, "Het budgetplafond is vastgesteld.")
            return redirect(f"{reverse('sturing:budgetten')}?jaar={request.POST.get('jaar')}")
        except DomainError as exc:
            fout = exc
    overzichten = selectors.budgetten(user=request.user, jaar=jaar)
    if request.GET.get("formaat") == "xlsx":
        kop, rijen = exports.budget_rijen(overzichten, request.GET.get("per", "maand"))
        return exports.werkboek(f"budgetten-{jaar}", f"Budgetten {jaar}", [("Budget", kop, rijen)])
    return render(
        request,
        "sturing/budgetten.html",
        {
            "basis": _basis(request),
            "jaar": jaar,
            "overzichten": overzichten,
            "fout": fout,
            "kan_vaststellen": [g for g in rechten.gemeenten(request.user) if rechten.mag_plafond(request.user, g)],
        },
        status=400 if fout else 200,
    )


@_guard
def signalen(request):
    _lezer(request)
    soort = request.GET.get("soort") or None
    status = request.GET.get("status", "open")
    open_ = {"open": True, "afgehandeld": False}.get(status)
    qs = selectors.signaal_list(user=request.user, soort=soort, open_=open_)
    pagina = Paginator(qs, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "sturing/signalen.html",
        {
            "pagina": pagina,
            "soort": soort,
            "status": status,
            "soorten": Signaal.Soort.choices,
            "telling": selectors.signaal_telling(user=request.user),
        },
    )


@_guard
def signaal_afhandelen(request, uuid):
    _lezer(request)
    if request.method != "POST":
        return redirect("sturing:signalen")
    try:
        signaal = selectors.signaal_list(user=request.user).get(uuid=uuid)
    except Signaal.DoesNotExist as exc:
        raise Http404("Dit signaal bestaat niet.") from exc
    try:
        services.signaal_afhandelen(signaal=signaal, notitie=request.POST.get("notitie", ""), door=request.user)
        messages.success(request, "Het signaal is afgehandeld.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(request.POST.get("terug") or reverse("sturing:signalen"))


@_guard
def tariefherziening(request):
    _lezer(request)
    modellen = catalogus.inkoopmodel_list(user=request.user)
    if request.user.regio_id:
        modellen = modellen.filter(regio_id=request.user.regio_id)
    model = None
    if value := request.GET.get("model") or request.POST.get("model"):
        try:
            model = modellen.get(uuid=uuidlib.UUID(value))
        except (Inkoopmodel.DoesNotExist, ValueError) as exc:
            raise Http404("Dit inkoopmodel bestaat niet.") from exc
    model = model or modellen.filter(is_referentiemodel=True, regio__code="ijsselland").first() or modellen.first()
    if model is None:
        raise Http404("Er is geen inkoopmodel.")
    jaar = _jaar(request, selectors.today().year)
    if not request.GET.get("jaar"):
        jaar -= 1
    van, tot = dt.date(jaar, 1, 1), dt.date(jaar, 12, 31)
    effect, fout, invoer = None, None, {}
    if request.method == "POST":
        invoer = {k: request.POST.get(k, "") for k in ("product", "bedrag", "ingangsdatum", "toelichting")}
        try:
            product = (
                Product.objects.select_related("inkoopmodel").filter(inkoopmodel=model, uuid=invoer["product"]).first()
            )
            if product is None:
                raise DomainError("Kies een product van dit inkoopmodel.", code="product_onbekend", field="product")
            try:
                ingang = dt.date.fromisoformat(invoer["ingangsdatum"])
            except ValueError as exc:
                raise DomainError("Geef een geldige ingangsdatum (JJJJ-MM-DD).", code="datum_ongeldig") from exc
            if request.POST.get("actie") == "bevestigen":
                tarief = services.tarief_herzien(
                    product=product, bedrag=invoer["bedrag"], ingangsdatum=ingang, door=request.user,
                    toelichting=invoer["toelichting"],
                )  # fmt: skip
                messages.success(
                    request, f"Nieuw tarief voor {product.code}: € {tarief.bedrag} vanaf {tarief.geldig_van:%d-%m-%Y}."
                )
                return redirect(f"{reverse('sturing:tariefherziening')}?model={model.uuid}&jaar={jaar}")
            effect = services.tariefeffect(
                product=product, bedrag=invoer["bedrag"], ingangsdatum=ingang, door=request.user
            )
        except DomainError as exc:
            fout = exc
    rijen = selectors.tariefherziening(inkoopmodel=model, van=van, tot=tot)
    return render(
        request,
        "sturing/tariefherziening.html",
        {
            "model": model,
            "modellen": modellen,
            "jaar": jaar,
            "rijen": rijen,
            "effect": effect,
            "fout": fout,
            "invoer": invoer,
            "kan_herzien": rechten.mag_tarief_herzien(request.user, model),
        },
        status=400 if fout else 200,
    )
