"""Loads the reference purchasing models shipped as versioned data files (data/referentiemodellen).

Every object goes through the catalogue services, so a data file is held to the same rules as a
user. Loading is idempotent: a model whose file version is already loaded is left alone, and a
re-apply (``force``) only adds what is missing; tariff versions are never rewritten. The loader
acts as the system actor ``systeem:referentiedata`` (see ``accounts.policy``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from uitkomst.accounts import policy
from uitkomst.organisaties.models import Regio
from uitkomst.utils.databestand import lees_yaml
from uitkomst.utils.errors import ValidationFailed

from . import services
from .models import Inkoopmodel, Intensiteit, Product, Profiel, Tarief

DATA_DIR = Path(__file__).parent / "data" / "referentiemodellen"


@dataclass
class LoadResult:
    code: str
    status: str  # "nieuw", "bijgewerkt", "ongewijzigd"
    producten: int
    tarieven: int


def reference_files(directory: Path = DATA_DIR) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


@transaction.atomic
def load_all(*, force: bool = False, directory: Path = DATA_DIR) -> list[LoadResult]:
    return [load_file(path, force=force) for path in reference_files(directory)]


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@transaction.atomic
def load_file(path: Path, *, force: bool = False) -> LoadResult:
    try:
        data = lees_yaml(Path(path))
    except yaml.YAMLError as exc:
        raise ValidationFailed(f"{path.name}: geen geldige YAML ({exc}).", code="databestand_ongeldig") from exc
    try:
        return _load(data, force=force, door=policy.systeem_actor("referentiedata"))
    except ValidationFailed as exc:
        raise ValidationFailed(f"{path.name}: {exc.message}", code=exc.code, problems=exc.problems) from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationFailed(
            f"{path.name}: onvolledig of onjuist databestand ({exc!r}).", code="databestand_ongeldig"
        ) from exc


def _load(data: dict, *, force: bool, door) -> LoadResult:
    regio = Regio.objects.filter(code=data["regio"]).first()
    if regio is None:
        raise ValidationFailed(f"Regio '{data['regio']}' bestaat niet.", code="regio_onbekend")
    version = int(data["versie"])
    model = Inkoopmodel.objects.filter(regio=regio, code=data["code"]).first()
    if model is not None and model.dataversie >= version and not force:
        return LoadResult(
            data["code"],
            "ongewijzigd",
            model.producten.count(),
            Tarief.objects.filter(product__inkoopmodel=model).count(),
        )
    fields = {
        "naam": data["naam"],
        "wet": data["wet"],
        "geldig_van": _date(data["geldig_van"]),
        "geldig_tot": _date(data.get("geldig_tot")),
        "omschrijving": data.get("omschrijving", ""),
        "bron": data.get("bron", ""),
        "is_referentiemodel": True,
        "dataversie": version,
    }
    if model is None:
        status = "nieuw"
        model = services.inkoopmodel_create(regio=regio, code=data["code"], door=door, **fields)
    else:
        status = "bijgewerkt"
        model = services.inkoopmodel_update(inkoopmodel=model, door=door, **fields)

    intensiteiten = {}
    for i, item in enumerate(data.get("intensiteiten", []), start=1):
        obj, _ = Intensiteit.objects.update_or_create(
            inkoopmodel=model,
            code=item["code"],
            defaults={
                "naam": item["naam"],
                "omschrijving": item.get("omschrijving", ""),
                "maximale_duur_maanden": item.get("maximale_duur_maanden"),
                "duur_illustratief": bool(item.get("duur_illustratief")),
                "volgorde": i,
            },
        )
        intensiteiten[item["code"]] = (obj, str(item.get("letter", item["code"][:1].upper())))
    profielen = {}
    for i, item in enumerate(data.get("profielen", []), start=1):
        obj, _ = Profiel.objects.update_or_create(
            inkoopmodel=model,
            code=item["code"],
            defaults={
                "soort": item.get("soort", Profiel.Soort.ONDERSTEUNINGSPROFIEL),
                "nummer": item.get("nummer"),
                "naam": item["naam"],
                "omschrijving": item.get("omschrijving", ""),
                "volgorde": i,
            },
        )
        profielen[item["code"]] = (obj, item)
    for item in data.get("kostensegmenten", []):
        services.kostensegment_create(inkoopmodel=model, door=door, **item)
    for item in data.get("uitsluitingen", []):
        services.uitsluiting_save(inkoopmodel=model, door=door, **item)
    schemas = {
        item["code"]: services.betaalschema_save(
            inkoopmodel=model,
            code=item["code"],
            naam=item["naam"],
            omschrijving=item.get("omschrijving", ""),
            termijnen=item["termijnen"],
            door=door,
        )
        for item in data.get("betaalschemas", [])
    }

    specs = list(_matrix_specs(data, profielen, intensiteiten, schemas)) + [
        _product_spec(item, profielen, schemas) for item in data.get("producten", [])
    ]
    for spec in specs:
        tarieven = spec.pop("tarieven", [])
        product = Product.objects.filter(inkoopmodel=model, code=spec["code"]).first()
        if product is None:
            product = services.product_create(inkoopmodel=model, door=door, **spec)
        else:
            services.product_update(product=product, door=door, **{k: v for k, v in spec.items() if k != "code"})
        existing = set(product.tarieven.values_list("geldig_van", flat=True))
        for t in tarieven:
            if _date(t["geldig_van"]) not in existing:
                services.tarief_create(
                    product=product,
                    bedrag=str(t["bedrag"]),
                    geldig_van=_date(t["geldig_van"]),
                    geldig_tot=_date(t.get("geldig_tot")) or product.geldig_tot,
                    illustratief=bool(t.get("illustratief")),
                    toelichting=t.get("toelichting", ""),
                    door=door,
                )
    return LoadResult(
        model.code, status, model.producten.count(), Tarief.objects.filter(product__inkoopmodel=model).count()
    )


def _product_spec(item: dict, profielen: dict, schemas: dict) -> dict:
    spec = {k: v for k, v in item.items() if k not in {"profiel", "betaalschema", "tarieven"}}
    spec["profiel"] = profielen[item["profiel"]][0] if item.get("profiel") else None
    spec["betaalschema"] = schemas[item["betaalschema"]] if item.get("betaalschema") else None
    spec["productcategorie"] = str(item["productcategorie"])
    spec["ijw_eenheid"] = str(item["ijw_eenheid"])
    spec["productcode_ijw"] = str(item.get("productcode_ijw", ""))
    spec["code"] = str(item["code"])
    spec["tarieven"] = item.get("tarieven", [])
    return spec


def _matrix_specs(data: dict, profielen: dict, intensiteiten: dict, schemas: dict):
    matrix = data.get("matrix")
    if not matrix:
        return
    schema_cfg = matrix.get("betaalschema")
    stackable = set(matrix.get("mag_stapelen_profielen", []))
    order = list(intensiteiten)
    prefix = data.get("productcode_prefix", "")
    for profiel_code, (profiel, item) in profielen.items():
        versions = [(v, v["bedragen"].get(profiel_code)) for v in matrix["tarieven"]]
        if not any(amounts for _, amounts in versions):
            continue
        for index, intensiteit_code in enumerate(order):
            intensiteit, letter = intensiteiten[intensiteit_code]
            schema_code = schema_cfg.get(intensiteit_code) if isinstance(schema_cfg, dict) else schema_cfg
            number = f"{profiel.nummer:02d}" if profiel.nummer else profiel.code
            yield {
                "code": f"{profiel.code}-{letter}",
                "naam": f"{profiel.naam} – {intensiteit.naam}",
                "profiel": profiel,
                "intensiteit": intensiteit,
                "bekostiging": matrix["bekostiging"],
                "tariefeenheid": matrix["tariefeenheid"],
                "ijw_eenheid": str(matrix["ijw_eenheid"]),
                "productcategorie": str(item.get("productcategorie", "")),
                "productcode_ijw": f"{prefix}{number}{letter}"[:5],
                "betaalschema": schemas.get(schema_code) if schema_code else None,
                "mag_stapelen": profiel_code in stackable,
                "tarieven": [
                    {
                        "geldig_van": v["geldig_van"],
                        "geldig_tot": v.get("geldig_tot"),
                        "bedrag": f"{amounts[index]:.2f}" if isinstance(amounts[index], float) else amounts[index],
                        "illustratief": matrix.get("illustratief", False),
                        "toelichting": v.get("toelichting", ""),
                    }
                    for v, amounts in versions
                    if amounts
                ],
            }
