"""Changes to the catalogue. Every rule about models, products and tariffs lives here.

Admin, API, loader and CLI call these functions; each validates everything first, collects all
problems with a code and a Dutch message, and saves nothing when one is found.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from uitkomst.accounts import policy
from uitkomst.utils import grenzen
from uitkomst.utils.dates import format_period, period_within, periods_overlap
from uitkomst.utils.errors import ProblemCollector, ValidationFailed
from uitkomst.utils.geld import bedrag_of_probleem, format_euro, parse_bedrag, parse_decimaal

from .models import (
    Bekostigingsvorm,
    Betaalschema,
    Betaaltermijn,
    Inkoopmodel,
    Intensiteit,
    Kostensegment,
    Product,
    Profiel,
    Tarief,
    Uitsluiting,
)

# --- validation (pure checks, reused by admin forms) -------------------------------------------


def check_period(problems: ProblemCollector, start: dt.date | None, end: dt.date | None, what: str) -> None:
    if start is None:
        problems.add("begindatum_ontbreekt", f"De begindatum van {what} ontbreekt.", "geldig_van")
    elif end is not None and end < start:
        problems.add(
            "einde_voor_begin",
            f"De einddatum ({end:%d-%m-%Y}) van {what} ligt vóór de begindatum ({start:%d-%m-%Y}).",
            "geldig_tot",
        )


def product_problems(
    *,
    inkoopmodel: Inkoopmodel,
    code: str,
    geldig_van: dt.date,
    geldig_tot: dt.date | None,
    profiel: Profiel | None = None,
    intensiteit: Intensiteit | None = None,
    betaalschema: Betaalschema | None = None,
    exclude_pk: int | None = None,
) -> ProblemCollector:
    problems = ProblemCollector()
    if not code or not code.strip():
        problems.add("code_ontbreekt", "De productcode ontbreekt.", "code")
    elif Product.objects.filter(inkoopmodel=inkoopmodel, code=code).exclude(pk=exclude_pk).exists():
        problems.add(
            "productcode_bestaat",
            f"Productcode '{code}' bestaat al in inkoopmodel '{inkoopmodel.naam}'; een productcode is uniek per model.",
            "code",
        )
    check_period(problems, geldig_van, geldig_tot, "het product")
    if geldig_van and not period_within(geldig_van, geldig_tot, inkoopmodel.geldig_van, inkoopmodel.geldig_tot):
        problems.add(
            "product_buiten_model",
            f"Het product ({format_period(geldig_van, geldig_tot)}) valt buiten de geldigheid van inkoopmodel "
            f"'{inkoopmodel.naam}' ({format_period(inkoopmodel.geldig_van, inkoopmodel.geldig_tot)}).",
            "geldig_van",
        )
    for obj, label, field in (
        (profiel, "Het profiel", "profiel"),
        (intensiteit, "De intensiteit", "intensiteit"),
        (betaalschema, "Het betaalschema", "betaalschema"),
    ):
        if obj is not None and obj.inkoopmodel_id != inkoopmodel.pk:
            problems.add("ander_model", f"{label} '{obj}' hoort bij een ander inkoopmodel.", field)
    return problems


def tarief_problems(
    *,
    product: Product,
    bedrag,
    geldig_van: dt.date | None,
    geldig_tot: dt.date | None,
    exclude_pk: int | None = None,
    status: str = Tarief.Status.VASTGESTELD,
) -> ProblemCollector:
    problems = ProblemCollector()
    amount = bedrag_of_probleem(bedrag, problems, veld="bedrag", voorvoegsel="Tarief: ")
    if amount is not None and amount < 0:
        problems.add(
            "bedrag_negatief", f"Een tarief kan niet negatief zijn (opgegeven: {format_euro(amount)}).", "bedrag"
        )
    if product.is_maatwerk:
        problems.add(
            "maatwerk_zonder_tarief",
            f"'{product.naam}' is maatwerk: de prijs wordt per toewijzing gemotiveerd vastgesteld, niet als tarief.",
            "product",
        )
    check_period(problems, geldig_van, geldig_tot, "het tarief")
    if geldig_van is None or problems.problems:
        return problems
    if not period_within(geldig_van, geldig_tot, product.geldig_van, product.geldig_tot):
        problems.add(
            "tarief_buiten_product",
            f"Het tarief ({format_period(geldig_van, geldig_tot)}) valt buiten de geldigheid van product "
            f"{product.code} ({format_period(product.geldig_van, product.geldig_tot)}).",
            "geldig_van",
        )
    same_start = Tarief.objects.filter(product=product, geldig_van=geldig_van).exclude(status=status)
    if same_start.exclude(pk=exclude_pk).exists():
        problems.add(
            "tarief_ingangsdatum_bestaat",
            f"Product {product.code} heeft al een tariefversie (of concept) die op {geldig_van:%d-%m-%Y} ingaat.",
            "geldig_van",
        )
    # A draft may overlap the set versions (it replaces them once set), not another draft.
    for other in Tarief.objects.filter(product=product, status=status).exclude(pk=exclude_pk):
        if periods_overlap(geldig_van, geldig_tot, other.geldig_van, other.geldig_tot):
            problems.add(
                "tarief_overlapt",
                f"De geldigheid van dit tarief ({format_period(geldig_van, geldig_tot)}) overlapt met het tarief van "
                f"{format_euro(other.bedrag)} ({format_period(other.geldig_van, other.geldig_tot)}) "
                f"voor product {product.code}.",
                "geldig_van",
            )
    return problems


# --- changes ----------------------------------------------------------------------------------

MODEL_END = object()  # default for a product's end date: the end of its model (which may be open)


@transaction.atomic
def inkoopmodel_create(
    *,
    regio,
    code: str,
    naam: str,
    wet: str,
    geldig_van: dt.date,
    geldig_tot: dt.date | None = None,
    omschrijving: str = "",
    bron: str = "",
    is_referentiemodel: bool = False,
    dataversie: int = 0,
    door,
) -> Inkoopmodel:
    policy.vereis(door, "catalogus.inkoopmodel_aanmaken", regio)
    problems = ProblemCollector()
    check_period(problems, geldig_van, geldig_tot, "het inkoopmodel")
    if Inkoopmodel.objects.filter(regio=regio, code=code).exists():
        problems.add("modelcode_bestaat", f"Regio {regio} heeft al een inkoopmodel met code '{code}'.", "code")
    problems.raise_if_any()
    return Inkoopmodel.objects.create(
        regio=regio,
        code=code,
        naam=naam,
        wet=wet,
        geldig_van=geldig_van,
        geldig_tot=geldig_tot,
        omschrijving=omschrijving,
        bron=bron,
        is_referentiemodel=is_referentiemodel,
        dataversie=dataversie,
    )


@transaction.atomic
def inkoopmodel_update(*, inkoopmodel: Inkoopmodel, door, **fields) -> Inkoopmodel:
    """Change a model's fields; its products must still fit inside its (new) period."""
    policy.vereis(door, "catalogus.inkoopmodel_wijzigen", inkoopmodel)
    for name, value in fields.items():
        setattr(inkoopmodel, name, value)
    problems = ProblemCollector()
    check_period(problems, inkoopmodel.geldig_van, inkoopmodel.geldig_tot, "het inkoopmodel")
    outside = [
        p.code
        for p in inkoopmodel.producten.all()
        if not period_within(p.geldig_van, p.geldig_tot, inkoopmodel.geldig_van, inkoopmodel.geldig_tot)
    ]
    if outside:
        problems.add(
            "producten_buiten_model",
            f"Deze periode laat producten buiten het model vallen: {', '.join(sorted(outside)[:10])}.",
            "geldig_tot",
        )
    problems.raise_if_any()
    inkoopmodel.save()
    return inkoopmodel


@transaction.atomic
def product_create(
    *,
    inkoopmodel: Inkoopmodel,
    code: str,
    naam: str,
    bekostiging: str,
    tariefeenheid: str,
    ijw_eenheid: str,
    productcategorie: str,
    geldig_van: dt.date | None = None,
    geldig_tot: dt.date | None | object = MODEL_END,
    profiel: Profiel | None = None,
    intensiteit: Intensiteit | None = None,
    soort: str = Product.Soort.REGULIER,
    omschrijving: str = "",
    productcode_ijw: str = "",
    betaalschema: Betaalschema | None = None,
    mag_stapelen: bool = False,
    door,
) -> Product:
    policy.vereis(door, "catalogus.product_aanmaken", inkoopmodel)
    # Lock the model so two concurrent creations cannot both pass the code check.
    inkoopmodel = Inkoopmodel.objects.select_for_update().get(pk=inkoopmodel.pk)
    geldig_van = geldig_van or inkoopmodel.geldig_van
    if geldig_tot is MODEL_END:
        geldig_tot = inkoopmodel.geldig_tot
    problems = product_problems(
        inkoopmodel=inkoopmodel,
        code=code,
        geldig_van=geldig_van,
        geldig_tot=geldig_tot,
        profiel=profiel,
        intensiteit=intensiteit,
        betaalschema=betaalschema,
    )
    if bekostiging not in Bekostigingsvorm.values:
        problems.add("bekostiging_onbekend", f"Onbekende bekostigingsvorm '{bekostiging}'.", "bekostiging")
    problems.raise_if_any()
    return Product.objects.create(
        inkoopmodel=inkoopmodel,
        code=code,
        naam=naam,
        bekostiging=bekostiging,
        tariefeenheid=tariefeenheid,
        ijw_eenheid=ijw_eenheid,
        productcategorie=productcategorie,
        geldig_van=geldig_van,
        geldig_tot=geldig_tot,
        profiel=profiel,
        intensiteit=intensiteit,
        soort=soort,
        omschrijving=omschrijving,
        productcode_ijw=productcode_ijw,
        betaalschema=betaalschema,
        mag_stapelen=mag_stapelen,
    )


@transaction.atomic
def product_update(*, product: Product, door, **fields) -> Product:
    policy.vereis(door, "catalogus.product_wijzigen", product)
    Inkoopmodel.objects.select_for_update().get(pk=product.inkoopmodel_id)
    for name, value in fields.items():
        setattr(product, name, value)
    problems = product_problems(
        inkoopmodel=product.inkoopmodel,
        code=product.code,
        geldig_van=product.geldig_van,
        geldig_tot=product.geldig_tot,
        profiel=product.profiel,
        intensiteit=product.intensiteit,
        betaalschema=product.betaalschema,
        exclude_pk=product.pk,
    )
    outside = [
        t
        for t in product.tarieven.all()
        if not period_within(t.geldig_van, t.geldig_tot, product.geldig_van, product.geldig_tot)
    ]
    if outside:
        problems.add(
            "tarieven_buiten_product",
            f"Deze periode laat {len(outside)} tariefversie(s) buiten het product vallen.",
            "geldig_tot",
        )
    problems.raise_if_any()
    product.save()
    return product


@transaction.atomic
def tarief_create(
    *,
    product: Product,
    bedrag,
    geldig_van: dt.date,
    geldig_tot: dt.date | None = None,
    illustratief: bool = False,
    toelichting: str = "",
    status: str = Tarief.Status.VASTGESTELD,
    door,
) -> Tarief:
    """Add a tariff version. Its period may not overlap another version of the same product.

    ``status`` concept: a draft (e.g. from the tariff design) that is no budget until
    ``tarief_vaststellen``; drafts may overlap set versions, not each other.

    Without an end date the version runs until further notice, which is at most the product's end.
    """
    policy.vereis(door, "catalogus.tarief_aanmaken", product)
    product = Product.objects.select_for_update().select_related("inkoopmodel").get(pk=product.pk)
    if geldig_tot is None and product.geldig_tot and geldig_van and geldig_van <= product.geldig_tot:
        geldig_tot = product.geldig_tot
    return _tarief_save(product, bedrag, geldig_van, geldig_tot, illustratief, toelichting, door, status=status)


@transaction.atomic
def tarief_vaststellen(*, tarief: Tarief, door) -> Tarief:
    """Set a draft version: from its start date it becomes the product's tariff, as a revision
    (``tarief_herzien``) would; the version running then ends the day before. The row is kept."""
    policy.vereis(door, "catalogus.tarief_herzien", tarief.product)
    product = Product.objects.select_for_update().get(pk=tarief.product_id)
    tarief = Tarief.objects.select_for_update().get(pk=tarief.pk)
    if tarief.status != Tarief.Status.CONCEPT:
        raise ValidationFailed(
            f"Het tarief van {format_euro(tarief.bedrag)} per {tarief.geldig_van:%d-%m-%Y} is al vastgesteld.",
            code="tarief_geen_concept",
        )
    ingang = tarief.geldig_van
    running = (
        product.tarieven.filter(geldig_van__lte=ingang, status=Tarief.Status.VASTGESTELD)
        .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=ingang))
        .first()
    )
    if running is not None:
        tarief.geldig_tot = running.geldig_tot
        running.geldig_tot = ingang - dt.timedelta(days=1)
        running.save(update_fields=["geldig_tot"])
    tarief.status = Tarief.Status.VASTGESTELD
    tarief_problems(
        product=product, bedrag=tarief.bedrag, geldig_van=ingang, geldig_tot=tarief.geldig_tot, exclude_pk=tarief.pk
    ).raise_if_any()  # a later set version would overlap: refused, and the closing above rolls back
    tarief.aangemaakt_door = door
    tarief.save(update_fields=["status", "geldig_tot", "aangemaakt_door"])
    return tarief


@transaction.atomic
def tarief_herzien(
    *, product: Product, bedrag, ingangsdatum: dt.date, illustratief: bool = False, toelichting: str = "", door
) -> Tarief:
    """Revise a tariff from a date on: the version running on that date ends the day before, and the
    new version runs until that version's end. Earlier versions stay as they are (history), and
    assignments keep the tariff of their start date.
    """
    policy.vereis(door, "catalogus.tarief_herzien", product)
    product = Product.objects.select_for_update().select_related("inkoopmodel").get(pk=product.pk)
    running = (
        product.tarieven.filter(geldig_van__lte=ingangsdatum, status=Tarief.Status.VASTGESTELD)
        .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=ingangsdatum))
        .first()
    )
    new_end = product.geldig_tot
    if running is not None:
        if ingangsdatum <= running.geldig_van:
            raise ValidationFailed(
                f"De ingangsdatum ({ingangsdatum:%d-%m-%Y}) moet na de ingang van het lopende tarief "
                f"({running.geldig_van:%d-%m-%Y}) liggen.",
                code="herziening_te_vroeg",
                field="ingangsdatum",
            )
        new_end = running.geldig_tot
        running.geldig_tot = ingangsdatum - dt.timedelta(days=1)
        running.save(update_fields=["geldig_tot"])
    # A refusal in _tarief_save rolls back the closing of the running version too.
    return _tarief_save(product, bedrag, ingangsdatum, new_end, illustratief, toelichting, door)


def _tarief_save(
    product, bedrag, geldig_van, geldig_tot, illustratief, toelichting, door, status=Tarief.Status.VASTGESTELD
) -> Tarief:
    """Validate a tariff version against every rule and save it; the caller holds the product lock."""
    if status not in Tarief.Status.values:
        raise ValidationFailed(f"Onbekende tariefstatus '{status}'.", code="tariefstatus_onbekend", field="status")
    problems = tarief_problems(
        product=product, bedrag=bedrag, geldig_van=geldig_van, geldig_tot=geldig_tot, status=status
    )
    grenzen.past(problems, Tarief, "toelichting", toelichting)
    problems.raise_if_any()
    return Tarief.objects.create(
        status=status,
        product=product,
        bedrag=parse_bedrag(bedrag),
        geldig_van=geldig_van,
        geldig_tot=geldig_tot,
        illustratief=illustratief,
        toelichting=toelichting,
        aangemaakt_door=door,
    )


@transaction.atomic
def kostensegment_create(
    *,
    inkoopmodel: Inkoopmodel,
    code: str,
    naam: str,
    ondergrens,
    bovengrens=None,
    extra_controle: bool = False,
    illustratief: bool = False,
    toelichting: str = "",
    door,
) -> Kostensegment:
    policy.vereis(door, "catalogus.kostensegment_aanmaken", inkoopmodel)
    problems = ProblemCollector()
    low = bedrag_of_probleem(ondergrens, problems, veld="ondergrens", voorvoegsel="Ondergrens: ")
    high = None
    if bovengrens is not None:
        high = bedrag_of_probleem(bovengrens, problems, veld="bovengrens", voorvoegsel="Bovengrens: ")
    problems.raise_if_any()  # without readable bounds nothing else can be checked
    if low < 0:
        problems.add("grens_ongeldig", f"De ondergrens {format_euro(low)} is negatief.", "ondergrens")
    elif high is not None and high <= low:
        problems.add("grens_ongeldig", "De bovengrens van een kostensegment moet boven de ondergrens liggen.")
    else:
        for other in inkoopmodel.kostensegmenten.exclude(code=code):
            o_high = other.bovengrens if other.bovengrens is not None else Decimal("Infinity")
            if low < o_high and (high is None or high > other.ondergrens):
                problems.add("segment_overlapt", f"Kostensegment {code} overlapt met segment {other.code}.")
    problems.raise_if_any()
    segment, _ = Kostensegment.objects.update_or_create(
        inkoopmodel=inkoopmodel,
        code=code,
        defaults={
            "naam": naam,
            "ondergrens": low,
            "bovengrens": high,
            "extra_controle": extra_controle,
            "illustratief": illustratief,
            "toelichting": toelichting,
        },
    )
    return segment


@transaction.atomic
def betaalschema_save(
    *, inkoopmodel: Inkoopmodel, code: str, naam: str, termijnen: list[dict], omschrijving: str = "", door
) -> Betaalschema:
    """Create or replace a payment schedule; its shares must add up to exactly 100%."""
    policy.vereis(door, "catalogus.betaalschema_opslaan", inkoopmodel)
    total = Decimal(0)
    for t in termijnen:
        try:
            share = parse_decimaal(t.get("aandeel"), decimalen=4, max_digits=5, soort="aandeel")
        except ValidationFailed:
            share = None
        if share is None or share <= 0 or share > 1:
            raise ValidationFailed(
                f"Betaalschema {code}: aandeel '{t.get('aandeel')}' moet tussen 0 en 1 liggen.", code="aandeel_ongeldig"
            )
        if t.get("moment") not in Betaaltermijn.Moment.values:
            raise ValidationFailed(f"Betaalschema {code}: onbekend moment '{t.get('moment')}'.", code="moment_onbekend")
        total += share * int(t.get("aantal", 1))
    if total != 1:
        raise ValidationFailed(
            f"De termijnen van betaalschema {code} tellen op tot {total * 100:.2f}% in plaats van 100%.",
            code="betaalschema_niet_volledig",
        )
    schema, _ = Betaalschema.objects.update_or_create(
        inkoopmodel=inkoopmodel, code=code, defaults={"naam": naam, "omschrijving": omschrijving}
    )
    schema.termijnen.all().delete()
    Betaaltermijn.objects.bulk_create(
        [
            Betaaltermijn(
                betaalschema=schema,
                volgorde=i,
                moment=t["moment"],
                aandeel=parse_decimaal(t["aandeel"], decimalen=4, max_digits=5),
                aantal=int(t.get("aantal", 1)),
            )
            for i, t in enumerate(termijnen, start=1)
        ]
    )
    return schema


@transaction.atomic
def uitsluiting_save(*, inkoopmodel: Inkoopmodel, code: str, naam: str, reden: str, door) -> Uitsluiting:
    policy.vereis(door, "catalogus.uitsluiting_opslaan", inkoopmodel)
    if not reden.strip():
        raise ValidationFailed(f"Uitsluiting '{naam}' heeft geen reden.", code="reden_ontbreekt", field="reden")
    obj, _ = Uitsluiting.objects.update_or_create(
        inkoopmodel=inkoopmodel, code=code, defaults={"naam": naam, "reden": reden}
    )
    return obj
