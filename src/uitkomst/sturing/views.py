"""Steering pages: the monitor per municipality and for the region, the account-talk pack per
provider, the council report, indicators, budgets, the signal centre and the tariff review; and the
contracting report with the market concentration (``contractering:rapportage``: it counts assignments,
so it lives above contractering and trajecten).

Each report is a page, an Excel download (``?formaat=xlsx``) and a printable layout (``?print=1``); the
council report and the monitor are also a PDF (``?formaat=pdf``, A4 landscape, through ``utils.pdf``) and
their Excel has a summary and a definitions sheet.
Writes go through services; every read is scoped by the acting user."""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from uitkomst.accounts import policy
from uitkomst.catalogus import selectors as catalogus
from uitkomst.catalogus.models import Inkoopmodel, Product
from uitkomst.contractering import selectors as contractering
from uitkomst.contractering.models import Aanbieder
from uitkomst.signalen import selectors as signaal_selectors
from uitkomst.signalen import services as signaal_services
from uitkomst.signalen.models import Signaal
from uitkomst.uitkomsten import selectors as uitkomsten
from uitkomst.utils import klok
from uitkomst.utils.errors import DomainError
from uitkomst.utils.geld import format_euro
from uitkomst.utils.params import parse_date, parse_int
from uitkomst.utils.pdf import pdf_response
from uitkomst.utils.terug import veilige_terug

from . import budget, exports, selectors, services, svg

KLEUREN = {"gerealiseerd": "#154273", "toegekend": "#8a6d9e", "verplicht": "#5b8cc0", "instroom": "#c7a252"}


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
    policy.vereis(request.user, "sturing.lezen")


def _jaar(request, default: int | None = None) -> int:
    default = default or klok.vandaag().year
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


def _pdf(request, template: str, context: dict, bestandsnaam: str):
    """The page's own template on the PDF base (A4 landscape, no menus or forms)."""
    context = {**context, "basis": "sturing/pdf.html", "afdruk": True, "pdf": True, "gemaakt_op": klok.nu()}
    return pdf_response(template, context, f"{bestandsnaam}.pdf", request=request)


def _uitkomstgrafiek(tabel, code: str, titel: str):
    """Shares of one indicator per row with their interval and the region as a line (table beside it)."""
    rijen = [(r.label, r.cellen[code].aandeel, r.cellen[code].ci) for r in tabel.rijen]
    if not any(a is not None for _, a, _ in rijen):
        return None
    return svg.intervaldiagram(titel=titel, rijen=rijen, benchmark=tabel.benchmark.cellen[code].aandeel)


def _budgetgrafiek(o):
    return svg.staafdiagram(
        titel=f"Budget {o.gemeente.naam} {o.jaar} per maand",
        labels=[f"{m.maand:02d}" for m in o.maanden],
        reeksen=[
            ("besteed", KLEUREN["gerealiseerd"], [m.gerealiseerd for m in o.maanden]),
            ("wacht op definitieve goedkeuring", KLEUREN["toegekend"], [m.toegekend for m in o.maanden]),
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
            "telling": signaal_selectors.signaal_telling(request.user),
            "soorten": Signaal.Soort,
            "gemeenten": selectors.gemeenten(user=request.user),
            "aanbieders": selectors.aanbieders_met_trajecten(user=request.user)
            if policy.mag(request.user, "sturing.aanbieder_spiegel")
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
    zichtbaar = selectors.gemeenten(user=request.user)
    gemeenten = zichtbaar
    code = request.GET.get("gemeente")
    if code:
        gemeenten = [g for g in gemeenten if g.cbs_code == code]
        if not gemeenten:
            raise Http404("Deze gemeente bestaat niet of valt buiten uw bereik.")
    elif len(gemeenten) == 1:
        code = gemeenten[0].cbs_code  # who sees one municipality (its finance) sees its monitor
    overzichten = selectors.budgetten(user=request.user, jaar=jaar, gemeenten=gemeenten)
    van, tot = dt.date(jaar, 1, 1), dt.date(jaar, 12, 31)
    eenheid = {"gemeente_id": gemeenten[0].pk} if code and gemeenten else {}  # the benchmark stays the region
    tabel = uitkomsten.indicatoren(user=request.user, groep="periode", van=van, tot=tot, **eenheid)
    titel = f"Monitor {gemeenten[0].naam if code and gemeenten else 'regio'} {jaar}"
    totaal = budget.optellen(overzichten, jaar) if len(overzichten) > 1 else (overzichten[0] if overzichten else None)
    subsidierijen = selectors.subsidiecijfers(user=request.user, jaar=jaar, gemeenten=gemeenten)
    wetrijen = selectors.naast_elkaar(overzichten, subsidierijen, totaal=totaal)
    bereik = selectors.bereik_per_wijk(user=request.user, jaar=jaar, gemeenten=gemeenten)
    bestandsnaam = f"monitor-{code or 'regio'}-{jaar}"
    if request.GET.get("formaat") == "xlsx":
        kop, rijen = exports.budget_rijen(overzichten, per)
        ikop, irijen = exports.indicator_rijen(tabel)
        skop, srijen = exports.budget_samenvatting(overzichten, totaal)
        ukop, urijen = exports.samenvatting_indicatoren(tabel, "Kwartaal")
        wkop, wrijen = exports.wet_rijen(wetrijen)
        zkop, zrijen = exports.wet_samenvatting(wetrijen)
        samenvatting = exports.samenvatting_blad(
            titel, [f"Peildatum {klok.vandaag():%d-%m-%Y}; budget per gemeente, Jeugdwet en Wmo naast elkaar met de "
                    "subsidies, daaronder de uitkomsten per kwartaal."],
            skop, [*srijen, [], [exports.Opmaak(k, vet=True) for k in zkop], *zrijen, [],
                   [exports.Opmaak(k, vet=True) for k in ukop], *urijen],
        )  # fmt: skip
        return exports.werkboek(
            bestandsnaam,
            titel,
            [samenvatting, ("Budget", kop, rijen), ("Per wet", wkop, wrijen),
             ("Subsidies", *exports.subsidie_rijen(subsidierijen)),
             ("Algemene voorzieningen", *exports.bereik_rijen(bereik)), ("Uitkomsten", ikop, irijen),
             exports.definities_blad()],
        )  # fmt: skip
    context = {
        "basis": _basis(request),
        "afdruk": bool(request.GET.get("print")),
        "pdf_beschikbaar": True,
        "titel": titel,
        "jaar": jaar,
        "per": per,
        "code": code,
        "overzichten": overzichten,
        "totaal": totaal,
        "grafiek": _budgetgrafiek(totaal) if totaal else None,
        "wetrijen": wetrijen,
        "subsidierijen": subsidierijen,
        "bereik": bereik,
        "tabel": tabel,
        "gemeenten": zichtbaar,
        "signalen": signaal_selectors.signaal_telling(request.user),
        "soorten": Signaal.Soort,
        "definities": exports.DEFINITIES,
    }
    if request.GET.get("formaat") == "pdf":
        return _pdf(request, "sturing/monitor.html", context, bestandsnaam)
    return render(request, "sturing/monitor.html", context)


@_guard
def accountgesprek(request, uuid):
    """The account-talk pack of one provider: outcomes per product against the region, spend, signals."""
    if not request.user.is_authenticated:
        raise _Login()
    try:
        aanbieder = Aanbieder.objects.get(uuid=uuid)
    except Aanbieder.DoesNotExist as exc:
        raise Http404("Deze aanbieder bestaat niet.") from exc
    policy.vereis(request.user, "sturing.aanbieder_spiegel", aanbieder)
    eigen = policy.eigen_aanbieder_id(request.user) == aanbieder.pk
    van, tot = _periode(request)
    regio_id = uitkomsten.regio_van(request.user) if not eigen else None
    tabel = uitkomsten.indicatoren(
        groep="product", van=van, tot=tot, regio_id=regio_id, publiek=True, aanbieder_id=aanbieder.pk
    )
    totaal = uitkomsten.indicatoren(groep="aanbieder", van=van, tot=tot, regio_id=regio_id, publiek=True)
    eigen_rij = next((r for r in totaal.rijen if r.sleutel == aanbieder.pk), None)
    besteding = selectors.aanbieder_besteding(aanbieder=aanbieder, van=van, tot=tot)
    signalen = list(signaal_selectors.signalen_over_aanbieder(request.user, aanbieder)[:50])
    titel = f"Accountgesprek {aanbieder.naam} {van:%d-%m-%Y} t/m {tot:%d-%m-%Y}"
    if request.GET.get("formaat") == "xlsx":
        ikop, irijen = exports.indicator_rijen(tabel)
        bkop = ["Productcode", "Product", "Trajecten met declaraties", "Besteed (EUR)"]
        brijen = [[b["product__code"], b["product__naam"], b["n"], b["s"]] for b in besteding]
        skop = ["Soort", "Ernst", "Regio", "Titel", "Omschrijving", "Aangemaakt", "Afgehandeld", "Toelichting"]
        srijen = [
            [s.get_soort_display(), s.get_ernst_display(), s.regio.naam, s.titel, s.omschrijving,
             _naief(s.aangemaakt_op), _naief(s.afgehandeld_op), s.toelichting]
            for s in signalen
        ]  # fmt: skip
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
    # Wmo and youth side by side, subsidies next to contracts, the collective provisions (issue 17)
    overzichten = selectors.budgetten(user=request.user, jaar=jaar)
    totaal = budget.optellen(overzichten, jaar) if len(overzichten) > 1 else (overzichten[0] if overzichten else None)
    subsidierijen = selectors.subsidiecijfers(user=request.user, jaar=jaar)
    wetrijen = selectors.naast_elkaar(overzichten, subsidierijen, totaal=totaal)
    bereik = selectors.bereik_per_wijk(user=request.user, jaar=jaar)
    titel = f"Raadsrapportage jeugdhulp en Wmo {jaar}"
    bestandsnaam = f"raadsrapportage-{jaar}"
    if request.GET.get("formaat") == "xlsx":
        kop, rijen = exports.indicator_rijen(tabel)
        skop, srijen = exports.samenvatting_indicatoren(tabel, "Gemeente")
        wkop, wrijen = exports.wet_rijen(wetrijen)
        zkop, zrijen = exports.wet_samenvatting(wetrijen)
        samenvatting = exports.samenvatting_blad(
            titel, [f"Beëindigde trajecten {van:%d-%m-%Y} t/m {tot:%d-%m-%Y}, per gemeente en de regio; daaronder "
                    f"Jeugdwet en Wmo naast elkaar (peildatum {klok.vandaag():%d-%m-%Y}) met de subsidies."],
            skop, [*srijen, [], [exports.Opmaak(k, vet=True) for k in zkop], *zrijen],
        )  # fmt: skip
        return exports.werkboek(
            bestandsnaam, titel,
            [samenvatting, ("Uitkomsten per gemeente", kop, rijen), ("Per wet", wkop, wrijen),
             ("Subsidies", *exports.subsidie_rijen(subsidierijen)),
             ("Algemene voorzieningen", *exports.bereik_rijen(bereik)), exports.definities_blad()],
        )  # fmt: skip
    context = {
        "basis": _basis(request),
        "afdruk": bool(request.GET.get("print")),
        "pdf_beschikbaar": True,
        "titel": titel,
        "jaar": jaar,
        "wetrijen": wetrijen,
        "subsidierijen": subsidierijen,
        "bereik": bereik,
        "tabel": tabel,
        "grafiek_doelen": _uitkomstgrafiek(
            tabel, "doelen_behaald", f"Doelen behaald per gemeente {jaar} met 95%-betrouwbaarheidsinterval"
        ),
        "grafiek_uitval": _uitkomstgrafiek(
            tabel, "uitval_breed", f"Uitval breed per gemeente {jaar} met 95%-betrouwbaarheidsinterval"
        ),
        "definities": exports.DEFINITIES,
    }
    if request.GET.get("formaat") == "pdf":
        return _pdf(request, "sturing/raadsrapportage.html", context, bestandsnaam)
    return render(request, "sturing/raadsrapportage.html", context)


@_guard
def indicatoren(request):
    if not request.user.is_authenticated:
        raise _Login()
    policy.vereis(request.user, "uitkomsten.lezen")
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
            messages.success(request, _("Het budgetplafond is vastgesteld."))
            return redirect(f"{reverse('sturing:budgetten')}?jaar={request.POST.get('jaar')}")
        except DomainError as exc:
            fout = exc
    overzichten = selectors.budgetten(user=request.user, jaar=jaar)
    totaal = budget.optellen(overzichten, jaar) if len(overzichten) > 1 else None
    wetrijen = selectors.naast_elkaar(
        overzichten, selectors.subsidiecijfers(user=request.user, jaar=jaar), totaal=totaal
    )
    if request.GET.get("formaat") == "xlsx":
        kop, rijen = exports.budget_rijen(overzichten, request.GET.get("per", "maand"))
        return exports.werkboek(
            f"budgetten-{jaar}",
            f"Budgetten {jaar}",
            [("Budget", kop, rijen), ("Per wet", *exports.wet_rijen(wetrijen))],
        )
    return render(
        request,
        "sturing/budgetten.html",
        {
            "basis": _basis(request),
            "jaar": jaar,
            "overzichten": overzichten,
            "wetrijen": wetrijen,
            "fout": fout,
            "kan_vaststellen": [
                g
                for g in selectors.gemeenten(user=request.user)
                if policy.mag(request.user, "sturing.budgetplafond_vaststellen", g)
            ],
        },
        status=400 if fout else 200,
    )


@_guard
def signalen(request):
    _lezer(request)
    soort = request.GET.get("soort") or None
    status = request.GET.get("status", "open")
    qs = signaal_selectors.signalen_voor(request.user, {"soort": soort, "status": status})
    pagina = Paginator(qs, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "sturing/signalen.html",
        {
            "pagina": pagina,
            "soort": soort,
            "status": status,
            "soorten": Signaal.Soort.choices,
            "telling": signaal_selectors.signaal_telling(request.user),
        },
    )


@_guard
def signaal_afhandelen(request, uuid):
    _lezer(request)
    if request.method != "POST":
        return redirect("sturing:signalen")
    try:
        signaal = signaal_selectors.signaal_voor(request.user, uuid)
    except Signaal.DoesNotExist as exc:
        raise Http404("Dit signaal bestaat niet.") from exc
    toelichting = request.POST.get("toelichting", request.POST.get("notitie", ""))
    try:
        signaal_services.signaal_afhandelen(signaal=signaal, toelichting=toelichting, door=request.user)
        messages.success(request, _("Het signaal is afgehandeld."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(veilige_terug(request, request.POST.get("terug"), reverse("sturing:signalen")))


def _uuid_of_none(value: str):
    """A typed UUID, or None for anything else (a forged form field is 'no such product', never a 500)."""
    try:
        return uuidlib.UUID(value)
    except (ValueError, TypeError, AttributeError):
        return None


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
    jaar = _jaar(request, klok.vandaag().year)
    if not request.GET.get("jaar"):
        jaar -= 1
    van, tot = dt.date(jaar, 1, 1), dt.date(jaar, 12, 31)
    effect, fout, invoer = None, None, {}
    if request.method == "POST":
        invoer = {k: request.POST.get(k, "") for k in ("product", "bedrag", "ingangsdatum", "toelichting")}
        try:
            product = (
                Product.objects.select_related("inkoopmodel")
                .filter(inkoopmodel=model, uuid=_uuid_of_none(invoer["product"]))
                .first()
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
                    request,
                    _("Nieuw tarief voor %(product)s: %(bedrag)s vanaf %(datum)s.")
                    % {
                        "product": product.code,
                        "bedrag": format_euro(tarief.bedrag),
                        "datum": f"{tarief.geldig_van:%d-%m-%Y}",
                    },
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
            "kan_herzien": policy.mag(request.user, "sturing.tarief_herzien", model),
        },
        status=400 if fout else 200,
    )


@_guard
def contractering_rapportage(request):
    """Contracted providers per product and municipality, and how concentrated the market is (the
    share of clients with the largest providers). Mounted as ``contractering:rapportage``."""
    if not request.user.is_authenticated:
        raise _Login()
    policy.vereis(request.user, "contractering.overzicht_lezen")
    peildatum = parse_date(request.GET.get("peildatum"), klok.vandaag())
    top_n = parse_int(request.GET.get("top"), 5, 1, 50)
    try:
        model = contractering.inkoopmodel_voor_overzicht(user=request.user, uuid=request.GET.get("model"))
    except Inkoopmodel.DoesNotExist as exc:
        raise Http404("Dit inkoopmodel bestaat niet.") from exc
    if model is None:
        raise Http404("Geen inkoopmodel.")
    return render(
        request,
        "contractering/rapportage.html",
        {
            "model": model,
            "peildatum": peildatum,
            "rapport": contractering.rapport_product_gemeente(inkoopmodel=model, peildatum=peildatum),
            "concentratie": selectors.concentratie(inkoopmodel=model, top_n=top_n, tot=peildatum),
            "top_n": top_n,
        },
    )
