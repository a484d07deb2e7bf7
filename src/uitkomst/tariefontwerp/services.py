"""Changes in the tariff design: the product mapping, saving a design as draft tariffs, importing history.

Every service checks ``accounts.policy`` first, validates everything, and saves nothing on refusal.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from openpyxl import load_workbook

from uitkomst.accounts import policy
from uitkomst.catalogus import services as catalogus
from uitkomst.catalogus.models import Inkoopmodel, Intensiteit, Product, Profiel, Tarief
from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.models import Gemeente
from uitkomst.utils.errors import ProblemCollector, ValidationFailed

from . import selectors
from .models import Historie, Historieregel, Ontwerp, Productkoppeling


@transaction.atomic
def koppeling_voorstellen(*, historie: Historie, inkoopmodel: Inkoopmodel, door) -> dict:
    """Store the mapping the data suggests for every product not yet mapped by hand. Returns the
    products without a proposal (none of their clients was re-assessed): they stay unmapped, listed."""
    policy.vereis(door, "tariefontwerp.beheren", historie)
    _zelfde_regio(historie, inkoopmodel)
    voorstel = selectors.koppeling_voorstel(historie, inkoopmodel)
    profielen = {p.code: p for p in Profiel.objects.filter(inkoopmodel=inkoopmodel)}
    intensiteiten = {i.code: i for i in Intensiteit.objects.filter(inkoopmodel=inkoopmodel)}
    handmatig = set(
        Productkoppeling.objects.filter(historie=historie, bron=Productkoppeling.Bron.HANDMATIG).values_list(
            "product_code", flat=True
        )
    )
    Productkoppeling.objects.filter(historie=historie, bron=Productkoppeling.Bron.VOORSTEL).delete()
    Productkoppeling.objects.bulk_create(
        [
            Productkoppeling(
                historie=historie,
                product_code=code,
                profiel=profielen[v["cel"][0]],
                intensiteit=intensiteiten[v["cel"][1]],
                bron=Productkoppeling.Bron.VOORSTEL,
                zekerheid=Decimal(str(round(v["zekerheid"], 4))),
                gewijzigd_door=door,
            )
            for code, v in sorted(voorstel.items())
            if code not in handmatig
        ]
    )
    alle = {t["product_code"] for t in selectors.product_totalen(historie)}
    return {"voorgesteld": len(voorstel), "zonder_voorstel": sorted(alle - set(voorstel) - handmatig)}


def _zelfde_regio(historie: Historie, inkoopmodel: Inkoopmodel) -> None:
    if historie.regio_id != inkoopmodel.regio_id:
        raise ValidationFailed(
            f"Inkoopmodel '{inkoopmodel}' hoort bij een andere regio dan de historie.", code="andere_regio"
        )


@transaction.atomic
def koppeling_wijzigen(
    *, historie: Historie, product_code: str, profiel: str | None, intensiteit: str | None, inkoopmodel, door
) -> Productkoppeling:
    """Map a legacy product by hand; ``profiel=None`` leaves it out of the design on purpose."""
    policy.vereis(door, "tariefontwerp.beheren", historie)
    _zelfde_regio(historie, inkoopmodel)
    if not Historieregel.objects.filter(historie=historie, product_code=product_code).exists():
        raise ValidationFailed(f"Product '{product_code}' komt niet voor in deze historie.", code="product_onbekend")
    p = i = None
    if profiel or intensiteit:
        p = Profiel.objects.filter(inkoopmodel=inkoopmodel, code=profiel).first()
        i = Intensiteit.objects.filter(inkoopmodel=inkoopmodel, code=intensiteit).first()
        if p is None or i is None:
            raise ValidationFailed(
                f"Profiel '{profiel}' met intensiteit '{intensiteit}' bestaat niet in '{inkoopmodel}'.",
                code="cel_onbekend",
            )
    obj, _ = Productkoppeling.objects.update_or_create(
        historie=historie,
        product_code=product_code,
        defaults={"profiel": p, "intensiteit": i, "bron": Productkoppeling.Bron.HANDMATIG, "zekerheid": None,
                  "gewijzigd_door": door},
    )  # fmt: skip
    return obj


@transaction.atomic
def ontwerp_opslaan(
    *,
    historie: Historie,
    inkoopmodel: Inkoopmodel,
    ingangsdatum: dt.date,
    regel: str = "gemiddelde",
    trim: float | str | None = 0.05,
    percentiel: float | str | None = 50.0,
    minimum: int | None = None,
    door,
) -> Ontwerp:
    """Save the proposal as draft (concept) tariff versions through the catalogue's tariff service.

    Refused while a legacy product is neither mapped nor deliberately left out: its cost would
    silently drop out of the budget check. The contract manager sets each draft with
    ``catalogus.services.tarief_vaststellen``."""
    policy.vereis(door, "tariefontwerp.beheren", historie)
    policy.vereis(door, "catalogus.tarief_aanmaken", inkoopmodel)
    _zelfde_regio(historie, inkoopmodel)
    result = selectors.ontwerp(
        user=door, historie=historie, inkoopmodel=inkoopmodel, regel=regel, trim=trim, percentiel=percentiel,
        minimum=minimum,
    )  # fmt: skip
    problems = ProblemCollector()
    if result["niet_gekoppeld"]:
        codes = ", ".join(p["product_code"] for p in result["niet_gekoppeld"][:10])
        problems.add(
            "producten_niet_gekoppeld",
            f"{len(result['niet_gekoppeld'])} oude product(en) zijn niet gekoppeld aan een profiel en intensiteit "
            f"({codes}). Koppel ze of sluit ze bewust uit voordat u het ontwerp opslaat.",
        )
    if result["aantal_voorstellen"] == 0:
        problems.add("geen_voorstellen", "Geen enkele cel heeft genoeg trajecten voor een voorstel.")
    if ingangsdatum <= dt.date(historie.referentiejaar, 12, 31):
        problems.add(
            "ingangsdatum_ongeldig",
            f"De ingangsdatum ({ingangsdatum:%d-%m-%Y}) moet na het referentiejaar {historie.referentiejaar} liggen.",
            "ingangsdatum",
        )
    problems.raise_if_any()
    products = {
        (p.profiel.code, p.intensiteit.code): p
        for p in Product.objects.filter(inkoopmodel=inkoopmodel, profiel__isnull=False, intensiteit__isnull=False)
        .exclude(soort=Product.Soort.MAATWERK)
        .select_related("profiel", "intensiteit")
    }
    saved = Ontwerp.objects.create(
        historie=historie,
        inkoopmodel=inkoopmodel,
        regel=regel,
        parameters=result["parameters"],
        resultaat=_json(result),
        ingangsdatum=ingangsdatum,
        aangemaakt_door=door,
    )
    tarieven = []
    for cel in result["cellen"]:
        if cel["voorstel"] is None:
            continue
        tarieven.append(
            catalogus.tarief_create(
                product=products[(cel["profiel"], cel["intensiteit"])],
                bedrag=cel["voorstel"],
                geldig_van=ingangsdatum,
                status=Tarief.Status.CONCEPT,
                illustratief=historie.is_synthetisch,
                toelichting=(
                    f"Concept uit tariefontwerp {saved.uuid}: {result['regel_naam']} over {cel['aantal']} trajecten "
                    f"in referentiejaar {historie.referentiejaar}."
                ),
                door=door,
            )
        )
    saved.concepttarieven.set(tarieven)
    return saved


def _json(value):
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


# --- import ------------------------------------------------------------------------------------

KOLOMMEN = ("client", "gemeente", "aanbieder", "product", "omschrijving", "eenheid", "aantal", "bedrag", "van", "tot")
OPTIONEEL = ("aanbieder", "omschrijving", "profiel", "intensiteit")


def _rijen_uit_bestand(inhoud: bytes, bestandsnaam: str) -> list[dict]:
    max_bytes = settings.TARIEFONTWERP_IMPORT_MAX_BYTES
    max_regels = settings.TARIEFONTWERP_IMPORT_MAX_REGELS
    if len(inhoud) > max_bytes:
        raise ValidationFailed(
            f"Het bestand is te groot ({len(inhoud):,} bytes; hooguit {max_bytes:,}).", code="bestand_te_groot"
        )
    naam = bestandsnaam.lower()
    if naam.endswith(".xlsx"):
        try:
            wb = load_workbook(io.BytesIO(inhoud), read_only=True, data_only=False)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file, not our bug
            raise ValidationFailed("Het Excelbestand is niet leesbaar.", code="bestand_ongeldig") from exc
        ws = wb.worksheets[0]
        rows = []
        for n, row in enumerate(ws.iter_rows(values_only=False)):
            if n > max_regels:
                raise ValidationFailed(f"Het bestand heeft meer dan {max_regels:,} regels.", code="te_veel_regels")
            values = []
            for c in row:
                if c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith("=")):
                    raise ValidationFailed(
                        f"Cel {c.coordinate} bevat een formule; importeer alleen waarden.", code="formule_in_bestand"
                    )
                values.append("" if c.value is None else c.value)
            rows.append(values)
        wb.close()
    elif naam.endswith(".csv"):
        try:
            text = inhoud.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationFailed("Het CSV-bestand is geen UTF-8.", code="bestand_ongeldig") from exc
        delim = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
        rows = []
        for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=delim)):
            if n > max_regels:
                raise ValidationFailed(f"Het bestand heeft meer dan {max_regels:,} regels.", code="te_veel_regels")
            if any(v.startswith(("=", "+", "@")) and not _is_getal(v) for v in row):
                raise ValidationFailed(f"Regel {n + 1} bevat een formule; importeer alleen waarden.",
                                       code="formule_in_bestand")  # fmt: skip
            rows.append(row)
    else:
        raise ValidationFailed("Alleen .csv en .xlsx kunnen worden geïmporteerd.", code="bestandstype_onbekend")
    if not rows:
        raise ValidationFailed("Het bestand is leeg.", code="periode_zonder_data")
    kop = [str(k).strip().lower() for k in rows[0]]
    missing = [k for k in KOLOMMEN if k not in kop and k not in OPTIONEEL]
    if missing:
        raise ValidationFailed(f"Kolommen ontbreken: {', '.join(missing)}.", code="kolommen_ontbreken")
    return [dict(zip(kop, r, strict=False)) for r in rows[1:] if any(str(v).strip() for v in r)]


def _is_getal(v: str) -> bool:
    try:
        Decimal(v.replace(",", "."))
        return True
    except InvalidOperation:
        return False


def _datum(v) -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v).strip())


@transaction.atomic
def historie_importeren(*, regio, naam: str, referentiejaar: int, inhoud: bytes, bestandsnaam: str, door) -> Historie:
    """Import a reference year of PxQ lines from CSV or Excel (bounded; formulas refused; all or nothing)."""
    policy.vereis(door, "tariefontwerp.beheren", regio)
    rows = _rijen_uit_bestand(inhoud, bestandsnaam)
    if not rows:
        raise ValidationFailed("Het bestand bevat geen regels.", code="periode_zonder_data")
    gemeenten = {g.cbs_code: g.pk for g in Gemeente.objects.filter(regio=regio)}
    aanbieders = dict(Aanbieder.objects.values_list("agb_code", "pk"))
    problems = ProblemCollector()
    regels = []
    for n, r in enumerate(rows, start=2):
        if len(problems.problems) >= 20:
            break
        try:
            van, tot = _datum(r["van"]), _datum(r["tot"])
            aantal = Decimal(str(r["aantal"]).replace(",", "."))
            bedrag = Decimal(str(r["bedrag"]).replace(",", ".")).quantize(Decimal("0.01"))
        except (ValueError, InvalidOperation, KeyError):
            problems.add("regel_ongeldig", f"Regel {n}: datum, aantal of bedrag is onleesbaar.")
            continue
        gem = gemeenten.get(str(r["gemeente"]).strip().zfill(4))
        if gem is None:
            problems.add("gemeente_onbekend", f"Regel {n}: gemeente '{r['gemeente']}' hoort niet bij {regio}.")
        if van.year != referentiejaar or tot < van:
            problems.add("buiten_referentiejaar", f"Regel {n}: periode {van}–{tot} valt niet in {referentiejaar}.")
        if aantal < 0 or bedrag < 0 or bedrag > Decimal("1000000"):
            problems.add("waarde_ongeldig", f"Regel {n}: negatief of onwaarschijnlijk groot aantal of bedrag.")
        if not str(r["client"]).strip() or not str(r["product"]).strip():
            problems.add("regel_onvolledig", f"Regel {n}: cliënt of product ontbreekt.")
        regels.append(
            Historieregel(
                client_ref=str(r["client"]).strip()[:64],
                gemeente_id=gem,
                aanbieder_id=aanbieders.get(str(r.get("aanbieder", "")).strip()),
                product_code=str(r["product"]).strip()[:30],
                product_naam=str(r.get("omschrijving", "")).strip()[:200],
                eenheid=str(r["eenheid"]).strip()[:20],
                aantal=aantal,
                bedrag=bedrag,
                begindatum=van,
                einddatum=tot,
                profiel_code=str(r.get("profiel", "") or "").strip()[:20],
                intensiteit_code=str(r.get("intensiteit", "") or "").strip()[:20],
            )
        )
    problems.raise_if_any()
    historie = Historie.objects.create(
        regio=regio, naam=naam, referentiejaar=referentiejaar, bron=Historie.Bron.IMPORT, aangemaakt_door=door
    )
    for r in regels:
        r.historie = historie
    Historieregel.objects.bulk_create(regels, batch_size=5000)
    return historie
