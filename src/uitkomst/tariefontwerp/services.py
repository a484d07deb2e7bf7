"""Changes in the tariff design: the product mapping, saving a design as draft tariffs, importing history.

Every service checks ``accounts.policy`` first, validates everything, and saves nothing on refusal.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import zipfile
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from openpyxl import load_workbook

from uitkomst.accounts import policy
from uitkomst.catalogus import services as catalogus
from uitkomst.catalogus.models import Inkoopmodel, Intensiteit, Product, Profiel, Tarief
from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.models import Gemeente
from uitkomst.utils import klok
from uitkomst.utils.errors import ProblemCollector, ValidationFailed
from uitkomst.utils.geld import parse_bedrag, parse_decimaal

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
MAX_CELLEN_PER_RIJ = 50  # the file has 12 columns; spreadsheets often carry a few empty ones
MAX_TEKENS_PER_CEL = 1_000
MAX_ZIP_ONDERDELEN = 100  # a normal workbook has about ten members
UITPAK_FACTOR = 20  # an .xlsx may unpack to at most 20x the byte limit (zip-bomb cap, checked before opening)
MAX_PROBLEMEN = 20


class _Bron:
    """The uploaded file as a binary stream (bytes or a Django ``UploadedFile``), read in bounded steps."""

    def __init__(self, bron):
        self.stream = io.BytesIO(bron) if isinstance(bron, bytes | bytearray) else bron
        size = getattr(bron, "size", None)
        if size is None:
            pos = self.stream.tell()
            self.stream.seek(0, io.SEEK_END)
            size = self.stream.tell() - pos
            self.stream.seek(pos)
        self.size = int(size)
        self.stream.seek(0)


def _rijen_csv(stream) -> Iterator[list]:
    """CSV rows read line by line from the binary stream (UTF-8, with or without BOM; ``;`` or ``,``)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    lines = (decoder.decode(raw) for raw in stream)  # b"\n" never occurs inside a UTF-8 sequence
    try:
        eerste = next(lines, "")
        delim = ";" if eerste.count(";") >= eerste.count(",") else ","
        reader = csv.reader(itertools.chain([eerste], lines), delimiter=delim)
        for row in reader:
            if any("\x00" in v for v in row):
                raise ValidationFailed("Het CSV-bestand bevat een NUL-teken; het is geen tekstbestand.",
                                       code="bestand_ongeldig")  # fmt: skip
            if any(v.startswith(("=", "+", "@")) and not _is_getal(v) for v in row):
                raise ValidationFailed(f"Regel {reader.line_num} bevat een formule; importeer alleen waarden.",
                                       code="formule_in_bestand")  # fmt: skip
            yield row
    except UnicodeDecodeError as exc:
        raise ValidationFailed("Het CSV-bestand is geen UTF-8.", code="bestand_ongeldig") from exc
    except csv.Error as exc:
        raise ValidationFailed("Het CSV-bestand kan niet worden gelezen.", code="bestand_ongeldig") from exc


def _rijen_xlsx(stream, max_bytes: int) -> Iterator[list]:
    if stream.read(2) != b"PK":
        raise ValidationFailed("Dit is geen Excelbestand (.xlsx).", code="bestand_ongeldig")
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as zf:
            onderdelen = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationFailed("Het Excelbestand is niet leesbaar.", code="bestand_ongeldig") from exc
    if len(onderdelen) > MAX_ZIP_ONDERDELEN or sum(o.file_size for o in onderdelen) > max_bytes * UITPAK_FACTOR:
        raise ValidationFailed("Het Excelbestand is uitgepakt te groot of ongebruikelijk opgebouwd.",
                               code="bestand_te_groot")  # fmt: skip
    stream.seek(0)
    try:
        wb = load_workbook(stream, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file, not our bug
        raise ValidationFailed("Het Excelbestand is niet leesbaar.", code="bestand_ongeldig") from exc
    try:
        if not wb.worksheets:
            raise ValidationFailed("Het Excelbestand heeft geen werkblad.", code="periode_zonder_data")
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # the stored dimension (A1:XFD1048576) is not trusted
        for row in ws.iter_rows():
            values = []
            for c in row:
                if getattr(c, "data_type", None) == "f" or (isinstance(c.value, str) and c.value.startswith("=")):
                    raise ValidationFailed(f"Cel {c.coordinate} bevat een formule; importeer alleen waarden.",
                                           code="formule_in_bestand")  # fmt: skip
                values.append("" if c.value is None else c.value)
            yield values
    finally:
        wb.close()


def _rijen_uit_bestand(bron, bestandsnaam: str) -> Iterator[dict]:
    """The file's lines as dicts by (lower-case) header, streamed: every cap is checked while reading,
    so a hostile file costs no more than the limits."""
    max_bytes = settings.TARIEFONTWERP_IMPORT_MAX_BYTES
    max_regels = settings.TARIEFONTWERP_IMPORT_MAX_REGELS
    b = _Bron(bron)
    if b.size > max_bytes:
        raise ValidationFailed(
            f"Het bestand is te groot ({b.size:,} bytes; hooguit {max_bytes:,}).".replace(",", "."),
            code="bestand_te_groot",
        )
    naam = (bestandsnaam or "").lower()
    if naam.endswith(".xlsx"):
        rows = _rijen_xlsx(b.stream, max_bytes)
    elif naam.endswith(".csv"):
        rows = _rijen_csv(b.stream)
    else:
        raise ValidationFailed("Alleen .csv en .xlsx kunnen worden geïmporteerd.", code="bestandstype_onbekend")
    kop = None
    for n, row in enumerate(rows, start=1):
        if n > max_regels + 1:
            raise ValidationFailed(f"Het bestand heeft meer dan {max_regels:,} regels.".replace(",", "."),
                                   code="te_veel_regels")  # fmt: skip
        row = list(row)
        while len(row) > MAX_CELLEN_PER_RIJ and not str(row[-1]).strip():
            row.pop()
        if len(row) > MAX_CELLEN_PER_RIJ:
            raise ValidationFailed(f"Regel {n} heeft meer dan {MAX_CELLEN_PER_RIJ} kolommen.", code="bestand_ongeldig")
        if any(isinstance(v, str) and len(v) > MAX_TEKENS_PER_CEL for v in row):
            raise ValidationFailed(f"Regel {n} heeft een waarde van meer dan {MAX_TEKENS_PER_CEL} tekens.",
                                   code="bestand_ongeldig")  # fmt: skip
        if kop is None:
            if not any(str(v).strip() for v in row):
                continue  # blank lines above the header
            kop = [str(k).strip().lower() for k in row]
            missing = [k for k in KOLOMMEN if k not in kop and k not in OPTIONEEL]
            if missing:
                raise ValidationFailed(f"Kolommen ontbreken: {', '.join(missing)}.", code="kolommen_ontbreken")
            continue
        if any(str(v).strip() for v in row):
            yield n, dict(zip(kop, row, strict=False))
    if kop is None:
        raise ValidationFailed("Het bestand is leeg.", code="periode_zonder_data")


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
    text = str(v).strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _tekst(r: dict, kolom: str) -> str:
    v = r.get(kolom, "")
    if isinstance(v, float) and v.is_integer():  # a code Excel stored as a number: 193.0 -> "193"
        v = int(v)
    return str("" if v is None else v).strip()


@transaction.atomic
def historie_importeren(
    *, regio, naam: str, referentiejaar: int, inhoud=None, bestand=None, bestandsnaam: str, door
) -> Historie:
    """Import a reference year of PxQ lines from CSV or Excel: ``inhoud`` (bytes) or ``bestand`` (a binary
    stream, e.g. the upload), read as a stream within the size and line limits; formulas refused; every
    line checked; all or nothing (nothing is saved while any line is refused)."""
    policy.vereis(door, "tariefontwerp.beheren", regio)
    problems = ProblemCollector()
    naam = (naam or "").strip()
    if not naam:
        problems.add("naam_ontbreekt", "Geef de historie een naam.", "naam")
    if not (2000 <= int(referentiejaar) <= klok.vandaag().year - 1):
        problems.add("referentiejaar_ongeldig",
                     f"Het referentiejaar moet een afgesloten jaar na 1999 zijn (niet {referentiejaar}).",
                     "referentiejaar")  # fmt: skip
    if inhoud is None and bestand is None:
        problems.add("bestand_ontbreekt", "Kies een bestand (.csv of .xlsx).", "bestand")
    problems.raise_if_any()
    gemeenten = {g.cbs_code: g.pk for g in Gemeente.objects.filter(regio=regio)}
    aanbieders = dict(Aanbieder.objects.values_list("agb_code", "pk"))
    regels = []
    for n, r in _rijen_uit_bestand(inhoud if inhoud is not None else bestand, bestandsnaam):
        if len(problems.problems) >= MAX_PROBLEMEN:
            break
        try:
            van, tot = _datum(r.get("van")), _datum(r.get("tot"))
        except ValueError:
            problems.add("regel_ongeldig", f"Regel {n}: datum '{r.get('van')}' of '{r.get('tot')}' is onleesbaar.")
            continue
        try:
            aantal = parse_decimaal(r.get("aantal"), decimalen=2, max_digits=10, soort="aantal")
            bedrag = parse_bedrag(r.get("bedrag"), max_digits=12)
        except ValidationFailed as exc:
            problems.add("regel_ongeldig", f"Regel {n}: {exc.message}")
            continue
        gem = gemeenten.get(_tekst(r, "gemeente").zfill(4))
        if gem is None:
            problems.add("gemeente_onbekend", f"Regel {n}: gemeente '{_tekst(r, 'gemeente')}' hoort niet bij {regio}.")
        if van.year != referentiejaar or tot < van or tot.year != referentiejaar:
            problems.add("buiten_referentiejaar", f"Regel {n}: periode {van}–{tot} valt niet in {referentiejaar}.")
        if aantal < 0 or bedrag < 0 or bedrag > Decimal("1000000"):
            problems.add("waarde_ongeldig", f"Regel {n}: negatief of onwaarschijnlijk groot aantal of bedrag.")
        if not _tekst(r, "client") or not _tekst(r, "product"):
            problems.add("regel_onvolledig", f"Regel {n}: cliënt of product ontbreekt.")
        regels.append(
            Historieregel(
                client_ref=_tekst(r, "client")[:64],
                gemeente_id=gem,
                aanbieder_id=aanbieders.get(_tekst(r, "aanbieder")),
                product_code=_tekst(r, "product")[:30],
                product_naam=_tekst(r, "omschrijving")[:200],
                eenheid=_tekst(r, "eenheid")[:20],
                aantal=aantal,
                bedrag=bedrag,
                begindatum=van,
                einddatum=tot,
                profiel_code=_tekst(r, "profiel")[:20],
                intensiteit_code=_tekst(r, "intensiteit")[:20],
            )
        )
    if not regels and not problems.problems:
        raise ValidationFailed("Het bestand bevat geen regels.", code="periode_zonder_data")
    problems.raise_if_any()
    historie = Historie.objects.create(
        regio=regio, naam=naam[:200], referentiejaar=referentiejaar, bron=Historie.Bron.IMPORT, aangemaakt_door=door
    )
    for r in regels:
        r.historie = historie
    Historieregel.objects.bulk_create(regels, batch_size=5000)
    return historie
