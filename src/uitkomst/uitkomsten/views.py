"""The public choice aid (keuzehulp): the products for which a client can choose a provider, and per
product the contracted providers with their outcome indicators (small cells suppressed), never prices.

It lives here, not in contractering, because it shows outcomes: uitkomsten builds on contractering
(which answers who is contracted), not the reverse. No login: everything shown is public or aggregated.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from uitkomst.catalogus.models import Product
from uitkomst.contractering import selectors as contractering
from uitkomst.organisaties.models import Gemeente

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
        {"product": product, "aanbieders": aanbieders, "gemeenten": gemeenten, "gemeente": gemeente},
    )
