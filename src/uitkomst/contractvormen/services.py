"""Changes to contract forms, and the validated entry to classification and text reading.

API, pages, admin, loader and CLI call these functions. Each validates everything first, collects
all problems with a code and a Dutch message, and saves nothing when one is found.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.text import slugify

from uitkomst.utils.errors import ProblemCollector, ValidationFailed

from . import classificatie, tekst
from .classificatie import ONBEKEND, SLEUTELS, Classificatie
from .models import Contractvorm, Correctie, Herkomst, Portfolioregel, Tekstlezing, Wetgebied

BIBLIOTHEEK = Path(__file__).resolve().parent / "data" / "bibliotheek.yaml"


# --- validation ---------------------------------------------------------------------------------------


def antwoorden_problemen(antwoorden, problems: ProblemCollector | None = None) -> ProblemCollector:
    """Every answer key must be present, with a value of the vocabulary or ``onbekend``."""
    problems = problems or ProblemCollector()
    if not isinstance(antwoorden, dict):
        problems.add("antwoorden_ongeldig", "De antwoorden moeten een object met de zes vragen zijn.", "antwoorden")
        return problems
    for key in antwoorden:
        if key not in SLEUTELS:
            problems.add(
                "vraag_onbekend",
                f"Onbekende vraag '{key}'. Geldige vragen: {', '.join(SLEUTELS)}.",
                f"antwoorden.{key}",
            )
    for key in SLEUTELS:
        value = antwoorden.get(key)
        label = classificatie.vocabulaire()["vragen"][key]["label"]
        if value is None or value == "":
            problems.add(
                "antwoord_ontbreekt",
                f"Het antwoord op '{label}' ({key}) ontbreekt; geef een waarde of 'onbekend'.",
                f"antwoorden.{key}",
            )
        elif not isinstance(value, str) or (value != ONBEKEND and value not in classificatie.waarden(key)):
            allowed = ", ".join([*classificatie.waarden(key), ONBEKEND])
            problems.add(
                "waarde_onbekend",
                f"'{value}' is geen geldige waarde voor '{label}' ({key}); kies uit: {allowed}.",
                f"antwoorden.{key}",
            )
    return problems


def _procedure_problems(problems: ProblemCollector, procedure: str | None) -> None:
    if procedure and procedure not in classificatie.procedures():
        problems.add(
            "procedure_onbekend",
            f"Onbekende inkoopprocedure '{procedure}'; kies uit: {', '.join(classificatie.procedures())}.",
            "procedure",
        )


def classificeer(
    *, antwoorden, procedure: str | None = None, regisseur_bij_aanbieder: bool | None = None
) -> Classificatie:
    """Validate answers and classify them. Saves nothing."""
    problems = antwoorden_problemen(antwoorden)
    _procedure_problems(problems, procedure)
    problems.raise_if_any()
    return classificatie.classificeer(
        antwoorden, procedure=procedure or None, regisseur_bij_aanbieder=regisseur_bij_aanbieder
    )


@dataclass
class Lezing:
    """The result of reading a document: text kind, hash, per-answer proposals and their classification."""

    soort: str
    sha256: str
    voorstellen: dict[str, tekst.Voorstel]
    classificatie: Classificatie

    @property
    def voorstel_dict(self) -> dict:
        return {k: {"waarde": v.waarde, **v.als_bewijs()} for k, v in self.voorstellen.items()}


def tekst_lezen(*, data: bytes) -> Lezing:
    """Read a plain-text, PDF or DOCX document and propose the answers. Saves nothing."""
    text, soort = tekst.lees_document(data)
    voorstellen = tekst.lees_tekst(text)
    answers = {k: v.waarde for k, v in voorstellen.items()}
    bewijs = {k: v.als_bewijs() for k, v in voorstellen.items()}
    return Lezing(
        soort=soort,
        sha256=hashlib.sha256(data).hexdigest(),
        voorstellen=voorstellen,
        classificatie=classificatie.classificeer(answers, bewijs=bewijs),
    )


# --- contract forms -----------------------------------------------------------------------------------


def contractvorm_problemen(
    *,
    naam: str,
    gebied: str,
    wet: str,
    jaar,
    antwoorden,
    procedure: str | None,
    code: str | None = None,
    exclude_pk: int | None = None,
) -> ProblemCollector:
    problems = ProblemCollector()
    if not (naam or "").strip():
        problems.add("naam_ontbreekt", "Geef de contractvorm een naam.", "naam")
    if not (gebied or "").strip():
        problems.add("gebied_ontbreekt", "Noem de gemeente of regio van deze contractvorm.", "gebied")
    if wet not in Wetgebied.values:
        problems.add("wet_onbekend", f"Onbekende wet '{wet}'; kies uit: {', '.join(Wetgebied.values)}.", "wet")
    try:
        year = int(jaar)
    except (TypeError, ValueError):
        year = None
    if year is None or not 2000 <= year <= 2100:
        problems.add("jaar_ongeldig", f"'{jaar}' is geen geldig jaar (2000–2100).", "jaar")
    _procedure_problems(problems, procedure)
    antwoorden_problemen(antwoorden, problems)
    if code:
        clash = Contractvorm.objects.filter(code=code)
        if exclude_pk:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            problems.add("code_bestaat", f"Er bestaat al een contractvorm met code '{code}'.", "code")
    return problems


def _unique_code(base: str) -> str:
    base = slugify(base)[:70] or "contractvorm"
    code, n = base, 2
    while Contractvorm.objects.filter(code=code).exists():
        code, n = f"{base}-{n}", n + 1
    return code


@transaction.atomic
def contractvorm_create(
    *,
    naam: str,
    gebied: str,
    wet: str,
    jaar,
    antwoorden: dict,
    code: str | None = None,
    procedure: str | None = "onbekend",
    regisseur_bij_aanbieder: bool | None = None,
    aanbieders_namen: list[str] | tuple[str, ...] = (),
    inkoopmodel=None,
    herkomst: str = Herkomst.HANDMATIG,
    is_fictief: bool = False,
    toelichting: str = "",
    bron: str = "",
    door=None,
) -> Contractvorm:
    contractvorm_problemen(
        naam=naam, gebied=gebied, wet=wet, jaar=jaar, antwoorden=antwoorden, procedure=procedure, code=code
    ).raise_if_any()
    cv = Contractvorm.objects.create(
        code=code or _unique_code(f"{gebied}-{jaar}-{naam}"),
        naam=naam.strip(),
        gebied=gebied.strip(),
        wet=wet,
        jaar=int(jaar),
        procedure=procedure or "onbekend",
        regisseur_bij_aanbieder=regisseur_bij_aanbieder,
        inkoopmodel=inkoopmodel,
        herkomst=herkomst,
        is_fictief=is_fictief,
        toelichting=toelichting,
        bron=bron,
        aangemaakt_door=door,
        **{k: antwoorden[k] for k in SLEUTELS},
    )
    _set_portfolio(cv, aanbieders_namen)
    return cv


def _set_portfolio(cv: Contractvorm, namen) -> None:
    wanted = {n.strip() for n in namen if n and n.strip()}
    cv.portfolio.exclude(aanbieder_naam__in=wanted).delete()
    have = set(cv.portfolio.values_list("aanbieder_naam", flat=True))
    Portfolioregel.objects.bulk_create(
        [Portfolioregel(contractvorm=cv, aanbieder_naam=n) for n in sorted(wanted - have)]
    )


@transaction.atomic
def contractvorm_update(*, contractvorm: Contractvorm, aanbieders_namen=None, **fields) -> Contractvorm:
    """Change fields and/or answers (``antwoorden`` as a complete dict) of a contract form."""
    cv = Contractvorm.objects.select_for_update().get(pk=contractvorm.pk)
    antwoorden = fields.pop("antwoorden", None) or cv.antwoorden
    allowed = {"naam", "gebied", "wet", "jaar", "procedure", "regisseur_bij_aanbieder", "toelichting", "bron"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationFailed(f"Deze velden kunnen niet worden gewijzigd: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(cv, name, value)
    contractvorm_problemen(
        naam=cv.naam,
        gebied=cv.gebied,
        wet=cv.wet,
        jaar=cv.jaar,
        antwoorden=antwoorden,
        procedure=cv.procedure,
        code=cv.code,
        exclude_pk=cv.pk,
    ).raise_if_any()
    for k in SLEUTELS:
        setattr(cv, k, antwoorden[k])
    cv.jaar = int(cv.jaar)
    cv.save()
    if aanbieders_namen is not None:
        _set_portfolio(cv, aanbieders_namen)
    return cv


@transaction.atomic
def contractvorm_uit_tekst_create(
    *,
    lezing: dict,
    antwoorden: dict,
    naam: str,
    gebied: str,
    wet: str,
    jaar,
    procedure: str | None = "onbekend",
    door=None,
) -> Contractvorm:
    """Save the form the user confirmed after reading a document. ``lezing`` is what the reader
    proposed (``soort``, ``sha256``, ``bestandsnaam``, ``voorstel``: per answer its value), passed
    back signed by the edge. Every answer the user changed is kept as a correction."""
    voorstel = lezing.get("voorstel") or {}
    cv = contractvorm_create(
        naam=naam,
        gebied=gebied,
        wet=wet,
        jaar=jaar,
        antwoorden=antwoorden,
        procedure=procedure,
        herkomst=Herkomst.TEKST,
        door=door,
    )
    lezing_obj = Tekstlezing.objects.create(
        contractvorm=cv,
        bestandsnaam=(lezing.get("bestandsnaam") or "")[:255],
        soort=lezing.get("soort") or "tekst",
        sha256=lezing.get("sha256") or "",
        lexicon_versie=tekst.lexicon()["versie"],
        voorstel=voorstel,
        door=door,
    )
    Correctie.objects.bulk_create(
        [
            Correctie(
                tekstlezing=lezing_obj,
                sleutel=k,
                voorgesteld=(voorstel.get(k) or {}).get("waarde", ONBEKEND),
                gekozen=antwoorden[k],
            )
            for k in SLEUTELS
            if antwoorden[k] != (voorstel.get(k) or {}).get("waarde", ONBEKEND)
        ]
    )
    return cv


@transaction.atomic
def contractvorm_uit_inkoopmodel(*, inkoopmodel, peildatum=None, door=None) -> Contractvorm:
    """Create or refresh the contract form a catalogue purchasing model implies."""
    from . import selectors

    antwoorden, toelichting = selectors.antwoorden_uit_inkoopmodel(inkoopmodel=inkoopmodel, peildatum=peildatum)
    code = f"model-{inkoopmodel.code}"[:80]
    wet = inkoopmodel.wet if inkoopmodel.wet in Wetgebied.values else Wetgebied.BEIDE
    bestaand = Contractvorm.objects.filter(code=code).first()
    text = "\n".join(f"{classificatie.vocabulaire()['vragen'][k]['label']}: {t}" for k, t in toelichting.items())
    if bestaand is not None:
        return contractvorm_update(contractvorm=bestaand, antwoorden=antwoorden, toelichting=text)
    return contractvorm_create(
        code=code,
        naam=inkoopmodel.naam,
        gebied=inkoopmodel.regio.naam,
        wet=wet,
        jaar=inkoopmodel.geldig_van.year,
        antwoorden=antwoorden,
        inkoopmodel=inkoopmodel,
        herkomst=Herkomst.CONFIGURATIE,
        toelichting=text,
        bron=inkoopmodel.bron,
        door=door,
    )


# --- the demo library ---------------------------------------------------------------------------------


@dataclass
class LaadResultaat:
    nieuw: int = 0
    bijgewerkt: int = 0
    ongewijzigd: int = 0


def bibliotheek_data() -> dict:
    return yaml.safe_load(BIBLIOTHEEK.read_text(encoding="utf-8"))


@transaction.atomic
def bibliotheek_laden() -> LaadResultaat:
    """Load the demo library (idempotent: a second run changes nothing)."""
    data = bibliotheek_data()
    result = LaadResultaat()
    problems = ProblemCollector()
    for item in data["contractvormen"]:
        sub = contractvorm_problemen(
            naam=item["naam"],
            gebied=item["gebied"],
            wet=item["wet"],
            jaar=item["jaar"],
            antwoorden=item["antwoorden"],
            procedure=item.get("procedure"),
        )
        for p in sub.problems:
            problems.add(p.code, f"{item['code']}: {p.message}", p.field)
    problems.raise_if_any()
    for item in data["contractvormen"]:
        fields = {
            "naam": item["naam"],
            "gebied": item["gebied"],
            "wet": item["wet"],
            "jaar": int(item["jaar"]),
            "procedure": item.get("procedure") or "onbekend",
            "regisseur_bij_aanbieder": item.get("regisseur_bij_aanbieder"),
            "herkomst": Herkomst.BIBLIOTHEEK,
            "is_fictief": bool(item.get("fictief", False)),
            "toelichting": (item.get("toelichting") or "").strip(),
            "bron": (item.get("bron") or "").strip(),
            **{k: item["antwoorden"][k] for k in SLEUTELS},
        }
        cv = Contractvorm.objects.filter(code=item["code"]).first()
        if cv is None:
            cv = Contractvorm.objects.create(code=item["code"], **fields)
            result.nieuw += 1
        elif any(getattr(cv, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(cv, k, v)
            cv.save()
            result.bijgewerkt += 1
        else:
            result.ongewijzigd += 1
        _set_portfolio(cv, item.get("aanbieders_namen", []))
    return result
