import datetime as dt

from django.http import Http404
from django.shortcuts import render

from uitkomst.accounts import policy
from uitkomst.utils import exports, klok

from . import selectors
from .models import Inkoopmodel, Product


def _peildatum(request) -> tuple[dt.date, str | None]:
    value = request.GET.get("peildatum")
    if value:
        try:
            return dt.date.fromisoformat(value), None
        except ValueError:
            return klok.vandaag(), f"'{value}' is geen geldige datum; de tarieven van vandaag worden getoond."
    return klok.vandaag(), None


def model_list(request):
    return render(request, "catalogus/model_list.html", {"modellen": selectors.inkoopmodel_list(user=request.user)})


def _model(request, uuid) -> Inkoopmodel:
    try:
        return selectors.inkoopmodel_get(user=request.user, uuid=uuid)
    except Inkoopmodel.DoesNotExist as exc:
        raise Http404("Dit inkoopmodel bestaat niet.") from exc


def model_detail(request, uuid):
    model = _model(request, uuid)
    peildatum, fout = _peildatum(request)
    matrix = selectors.tariefmatrix(inkoopmodel=model, peildatum=peildatum)
    return render(
        request,
        "catalogus/model_detail.html",
        {
            "model": model,
            "matrix": matrix,
            "peildatum": peildatum,
            "peildatum_fout": fout,
            "uitsluitingen": model.uitsluitingen.all(),
            "segmenten": model.kostensegmenten.all(),
            "betaalschemas": model.betaalschemas.prefetch_related("termijnen"),
            "kan_beheren": policy.mag(request.user, "catalogus.inkoopmodel_wijzigen", model),
        },
    )


def model_export(request, uuid):
    """The tariff list as Excel, as contract managers copy it into their own sheets."""
    model = _model(request, uuid)
    peildatum, _ = _peildatum(request)
    header = [
        "Productcode",
        "Product",
        "Profiel",
        "Intensiteit",
        "Maximale duur (maanden)",
        "Bekostiging",
        "Tariefeenheid",
        "Bedrag (EUR)",
        "Geldig van",
        "Geldig tot",
        "Illustratief",
        "Productcategorie",
        "Productcode iJw",
    ]
    rijen = (
        [
            p.code,
            p.naam,
            str(p.profiel) if p.profiel else "",
            p.intensiteit.naam if p.intensiteit else "",
            p.intensiteit.maximale_duur_maanden if p.intensiteit else None,
            p.get_bekostiging_display(),
            p.get_tariefeenheid_display(),
            p.huidig_bedrag,
            p.huidig_geldig_van,
            p.huidig_geldig_tot,
            "ja" if p.huidig_illustratief else "nee",
            p.productcategorie,
            p.productcode_ijw,
        ]
        for p in selectors.product_list(inkoopmodel=model, peildatum=peildatum)
    )
    blad = exports.Blad(
        naam="Tarieven",
        kop=header,
        rijen=rijen,
        voorregels=[
            f"{model.naam} – tarieven op {peildatum:%d-%m-%Y}",
            "Let op: tarieven gemarkeerd als illustratief komen niet uit een bron.",
        ],
    )
    return exports.werkboek_response(f"{model.code}-tarieven-{peildatum}", [blad])


def product_detail(request, uuid):
    try:
        product = selectors.product_get(user=request.user, uuid=uuid)
    except Product.DoesNotExist as exc:
        raise Http404("Dit product bestaat niet.") from exc
    segmenten = list(product.inkoopmodel.kostensegmenten.all())
    return render(
        request,
        "catalogus/product_detail.html",
        {
            "product": product,
            "tarieven": selectors.tarief_list(product=product),
            "segment": selectors.segment_for(segmenten, product.huidig_bedrag),
            "kan_tarief_herzien": policy.mag(request.user, "sturing.tarief_herzien", product.inkoopmodel),
        },
    )
