"""The choice aids: the public keuzehulp (the products for which a client can choose a provider, and per
product the contracted providers with their outcome indicators, small cells suppressed, never prices)
and the access worker's choice of provider with the client (``toegang:plan-aanbieder``).

Both live here, not in contractering or trajecten, because they show outcomes: uitkomsten builds on
contractering (who is contracted) and trajecten (which creates the assignment), not the reverse. Both
read their figures from one selector, ``selectors.keuzehulp_uitkomsten``, so they show the same numbers
with the same suppression. The public keuzehulp needs no login: everything shown is public or aggregated.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Product
from uitkomst.contractering import selectors as contractering
from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.models import Gemeente
from uitkomst.toegang import selectors as toegang_selectors
from uitkomst.toegang.models import Gezinsplan
from uitkomst.trajecten import services as trajecten
from uitkomst.trajecten.models import Toewijzing
from uitkomst.utils import klok
from uitkomst.utils.errors import DomainError
from uitkomst.utils.params import parse_date

from . import selectors


def keuzehulp(request):
    """Public: the products for which a client can choose a provider today."""
    producten = contractering.keuzehulp_producten()
    groepen: dict = {}
    for p in producten:
        groepen.setdefault(p.inkoopmodel, []).append(p)
    return render(request, "uitkomsten/keuzehulp.html", {"groepen": groepen})


def keuzehulp_product(request, uuid):
    # Catalogue rows and municipalities are public reference data: read directly, not scoped.
    try:
        product = Product.objects.select_related("inkoopmodel__regio", "profiel", "intensiteit").get(uuid=uuid)
    except Product.DoesNotExist as exc:
        raise Http404("Dit product bestaat niet.") from exc
    gemeenten = list(Gemeente.objects.filter(regio=product.inkoopmodel.regio_id).order_by("naam"))
    gemeente = next((g for g in gemeenten if g.cbs_code == request.GET.get("gemeente")), None)
    aanbieders = list(contractering.keuzehulp_aanbieders(product=product, gemeente=gemeente))
    uitkomsten = selectors.keuzehulp_uitkomsten(product=product)  # outcomes per provider, small cells suppressed
    for a in aanbieders:
        a.uitkomst = uitkomsten.get(a.pk)
    return render(
        request,
        "uitkomsten/keuzehulp_product.html",
        {
            "product": product,
            "aanbieders": aanbieders,
            "gemeenten": gemeenten,
            "gemeente": gemeente,
            "min_n": uitkomsten.min_n,
        },
    )


@login_required
def plan_aanbieder(request, uuid):
    """The client's choice among the providers contracted for the product on the start date, with the
    same outcome figures as the public keuzehulp; the choice creates the assignment (trajecten)."""
    try:
        plan = toegang_selectors.gezinsplan_get(user=request.user, uuid=uuid)
    except Gezinsplan.DoesNotExist as exc:
        raise Http404("Dit plan bestaat niet of u mag het niet zien.") from exc
    policy.vereis(request.user, "toegang.toegangswerk")
    if plan.product_id is None:
        messages.error(request, _("Kies eerst profiel en intensiteit."))
        return redirect("toegang:plan-detail", uuid=plan.uuid)
    data = request.POST if request.method == "POST" else request.GET
    startdatum = parse_date(data.get("startdatum")) or max(klok.vandaag(), plan.verwijzing.datum)
    if request.method == "POST":
        aanbieder = Aanbieder.objects.filter(uuid=request.POST.get("aanbieder") or None).first()
        if aanbieder is None:
            messages.error(request, _("Kies met de cliënt een aanbieder."))
        else:
            try:
                toewijzing = trajecten.toewijzing_create(
                    plan=plan,
                    aanbieder=aanbieder,
                    startdatum=startdatum,
                    einddatum=parse_date(request.POST.get("einddatum")),
                    keuze_door_client=request.POST.get("keuze_door_client") == "1",
                    door=request.user,
                )
            except DomainError as exc:
                for p in exc.problems:
                    messages.error(request, p.message)
            else:
                if toewijzing.goedkeuring == Toewijzing.Goedkeuring.WACHT:
                    messages.warning(
                        request,
                        _(
                            "Toewijzing %(nummer)s valt in %(segment)s: een tweede persoon keurt haar goed "
                            "voordat de aanbieder haar ontvangt."
                        )
                        % {"nummer": toewijzing.nummer, "segment": toewijzing.kostensegment.naam},
                    )
                else:
                    messages.success(
                        request,
                        _("Toewijzing %(nummer)s is verstuurd naar %(aanbieder)s.")
                        % {"nummer": toewijzing.nummer, "aanbieder": aanbieder.naam},
                    )
                return redirect("trajecten:detail", uuid=toewijzing.traject.uuid)
    aanbieders = list(
        contractering.gecontracteerde_aanbieders(product=plan.product, datum=startdatum).prefetch_related(
            "specialismen"
        )
    )
    uitkomsten = selectors.keuzehulp_uitkomsten(product=plan.product)  # the public keuzehulp's figures
    for a in aanbieders:
        a.uitkomst = uitkomsten.get(a.pk)
    return render(
        request,
        "toegang/plan_aanbieder.html",
        {
            "plan": plan,
            "startdatum": startdatum,
            "aanbieders": aanbieders,
            "min_n": uitkomsten.min_n,
            "max_einde": trajecten.maximale_einddatum(plan.product, startdatum),
        },
    )
