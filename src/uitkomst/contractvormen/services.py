"""Changes to contract forms, and the validated entry to classification and text reading.

API, pages, admin, loader and CLI call these functions. Each validates everything first, collects
all problems with a code and a Dutch message, and saves nothing when one is found.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from uitkomst.accounts import policy
from uitkomst.utils.databestand import lees_yaml
from uitkomst.utils.errors import ProblemCollector, ValidationFailed

from . import classificatie, documenten, lezen, selectors, tekst
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
    """The result of reading a document: the document (text, kind, sections), its hash, the
    per-answer proposals with evidence and their classification."""

    document: documenten.Document
    sha256: str
    voorstellen: dict[str, tekst.Voorstel]
    classificatie: Classificatie
    zinnen: list[tekst.Zin]

    @property
    def soort(self) -> str:
        return self.document.soort

    @property
    def tekst(self) -> str:
        return self.document.tekst

    @property
    def voorstel_dict(self) -> dict:
        return {k: {"waarde": v.waarde, **v.als_bewijs()} for k, v in self.voorstellen.items()}


def tekst_lezen(*, data: bytes) -> Lezing:
    """Read a plain-text, PDF or DOCX document and propose the answers. Saves nothing."""
    gelezen = lezen.lees_gegevens(data)
    return Lezing(
        document=gelezen.document,
        sha256=hashlib.sha256(data).hexdigest(),
        voorstellen=gelezen.lezing.voorstellen,
        classificatie=gelezen.classificatie,
        zinnen=gelezen.lezing.zinnen,
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
    door,
) -> Contractvorm:
    policy.vereis(door, "contractvormen.contractvorm_beheren")
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
    """The providers working under a form, by name; a name that is a provider in contracting is
    linked to it (``Portfolioregel.aanbieder``), so the provider's portfolio finds the form."""
    from uitkomst.contractering.models import Aanbieder

    wanted = {n.strip() for n in namen if n and n.strip()}
    cv.portfolio.exclude(aanbieder_naam__in=wanted).delete()
    have = set(cv.portfolio.values_list("aanbieder_naam", flat=True))
    echte = {a.naam: a for a in Aanbieder.objects.filter(naam__in=wanted)}
    Portfolioregel.objects.bulk_create(
        [Portfolioregel(contractvorm=cv, aanbieder_naam=n, aanbieder=echte.get(n)) for n in sorted(wanted - have)]
    )
    for regel in cv.portfolio.filter(aanbieder__isnull=True, aanbieder_naam__in=list(echte)):
        regel.aanbieder = echte[regel.aanbieder_naam]
        regel.save(update_fields=["aanbieder"])


@transaction.atomic
def portfolio_koppelen(*, aanbieder, contractvormen, door) -> int:
    """Put a real provider on the portfolio of these contract forms (idempotent); returns how many
    forms gained it."""
    n = 0
    for cv in contractvormen:
        policy.vereis(door, "contractvormen.contractvorm_beheren", cv)
        regel, created = Portfolioregel.objects.get_or_create(
            contractvorm=cv, aanbieder_naam=aanbieder.naam, defaults={"aanbieder": aanbieder}
        )
        if not created and regel.aanbieder_id != aanbieder.pk:
            regel.aanbieder = aanbieder
            regel.save(update_fields=["aanbieder"])
        n += created
    return n


@transaction.atomic
def contractvorm_update(*, contractvorm: Contractvorm, door, aanbieders_namen=None, **fields) -> Contractvorm:
    """Change fields and/or answers (``antwoorden`` as a complete dict) of a contract form."""
    policy.vereis(door, "contractvormen.contractvorm_beheren", contractvorm)
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
    door,
) -> Contractvorm:
    """Save the form the user confirmed after reading a document. ``lezing`` is what the reader
    proposed (``soort``, ``sha256``, ``bestandsnaam``, ``voorstel``: per answer its value, and
    optionally ``tekst``), passed back signed by the edge. Every answer the user changed is kept
    as a correction."""
    policy.vereis(door, "contractvormen.contractvorm_beheren")
    lezing_obj = Tekstlezing(
        bestandsnaam=(lezing.get("bestandsnaam") or "")[:255],
        soort=lezing.get("soort") or "tekst",
        sha256=lezing.get("sha256") or "",
        lexicon_versie=tekst.lexicon()["versie"],
        tekst=lezing.get("tekst") or "",
        voorstel=lezing.get("voorstel") or {},
        door=door,
    )
    return _bevestig(
        lezing_obj, antwoorden=antwoorden, naam=naam, gebied=gebied, wet=wet, jaar=jaar, procedure=procedure, door=door
    )


def _bevestig(lezing: Tekstlezing, *, antwoorden, naam, gebied, wet, jaar, procedure, door) -> Contractvorm:
    """Create the form from a reading, keep the confirmed answers and every correction."""
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
    lezing.contractvorm = cv
    lezing.antwoorden = {k: antwoorden[k] for k in SLEUTELS}
    lezing.bevestigd_op = timezone.now()
    lezing.save()
    _correcties(lezing)
    return cv


def _correcties(lezing: Tekstlezing) -> None:
    """Corrections = confirmed answers that differ from the proposal (replaced on every change)."""
    voorstel = lezing.voorstel or {}
    lezing.correcties.all().delete()
    Correctie.objects.bulk_create(
        [
            Correctie(
                tekstlezing=lezing,
                sleutel=k,
                voorgesteld=(voorstel.get(k) or {}).get("waarde", ONBEKEND),
                gekozen=lezing.antwoorden[k],
            )
            for k in SLEUTELS
            if lezing.antwoorden.get(k, ONBEKEND) != (voorstel.get(k) or {}).get("waarde", ONBEKEND)
        ]
    )


@transaction.atomic
def tekstlezing_create(*, lezing: Lezing, bestandsnaam: str = "", door) -> Tekstlezing:
    """Keep a reading (its text and the proposal) so the user can confirm or correct it later."""
    policy.vereis(door, "contractvormen.contractvorm_beheren")
    return Tekstlezing.objects.create(
        bestandsnaam=(bestandsnaam or "")[:255],
        soort=lezing.soort,
        sha256=lezing.sha256,
        lexicon_versie=tekst.lexicon()["versie"],
        tekst=lezing.tekst,
        voorstel=lezing.voorstel_dict,
        door=door,
    )


@transaction.atomic
def tekstlezing_bevestigen(
    *, tekstlezing: Tekstlezing, antwoorden, naam: str, gebied: str, wet: str, jaar, procedure="onbekend", door
) -> Contractvorm:
    """Confirm or correct the answers of a kept reading: creates the contract form; the answers are
    kept with the reading as labelled data, each changed answer as a correction."""
    policy.vereis(door, "contractvormen.contractvorm_beheren")
    lezing = Tekstlezing.objects.select_for_update().get(pk=tekstlezing.pk)
    if lezing.contractvorm_id is not None:
        raise ValidationFailed(
            "Deze lezing is al bevestigd; corrigeer de antwoorden bij de contractvorm.", code="lezing_al_bevestigd"
        )
    return _bevestig(
        lezing, antwoorden=antwoorden, naam=naam, gebied=gebied, wet=wet, jaar=jaar, procedure=procedure, door=door
    )


@transaction.atomic
def lezing_uit_document_bevestigen(
    *,
    data: bytes,
    bestandsnaam: str = "",
    antwoorden,
    naam: str,
    gebied: str,
    wet: str,
    jaar,
    procedure="onbekend",
    door,
) -> Tekstlezing:
    """Read a document and confirm or correct its answers in one step (the API's path)."""
    policy.vereis(door, "contractvormen.contractvorm_beheren")
    gelezen = tekst_lezen(data=data)
    lezing = Tekstlezing(
        bestandsnaam=(bestandsnaam or "")[:255],
        soort=gelezen.soort,
        sha256=gelezen.sha256,
        lexicon_versie=tekst.lexicon()["versie"],
        tekst=gelezen.tekst,
        voorstel=gelezen.voorstel_dict,
        door=door,
    )
    _bevestig(
        lezing, antwoorden=antwoorden, naam=naam, gebied=gebied, wet=wet, jaar=jaar, procedure=procedure, door=door
    )
    return lezing


@transaction.atomic
def tekstlezing_corrigeren(*, tekstlezing: Tekstlezing, antwoorden, door) -> Tekstlezing:
    """Correct the answers of a confirmed reading later; the contract form follows."""
    lezing = Tekstlezing.objects.select_for_update().get(pk=tekstlezing.pk)
    if lezing.contractvorm_id is None:
        raise ValidationFailed("Deze lezing is nog niet bevestigd.", code="lezing_niet_bevestigd")
    antwoorden_problemen(antwoorden).raise_if_any()
    contractvorm_update(contractvorm=lezing.contractvorm, antwoorden=antwoorden, door=door)
    lezing.antwoorden = {k: antwoorden[k] for k in SLEUTELS}
    lezing.save(update_fields=["antwoorden"])
    _correcties(lezing)
    return lezing


@transaction.atomic
def contractvorm_uit_inkoopmodel(*, inkoopmodel, door, peildatum=None) -> Contractvorm:
    """Create or refresh the contract form a catalogue purchasing model implies."""
    policy.vereis(door, "contractvormen.contractvorm_beheren", inkoopmodel)
    antwoorden, toelichting = selectors.antwoorden_uit_inkoopmodel(inkoopmodel=inkoopmodel, peildatum=peildatum)
    procedure, procedure_uitleg = selectors.procedure_uit_inkoopmodel(inkoopmodel=inkoopmodel, peildatum=peildatum)
    code = f"model-{inkoopmodel.code}"[:80]
    wet = inkoopmodel.wet if inkoopmodel.wet in Wetgebied.values else Wetgebied.BEIDE
    bestaand = Contractvorm.objects.filter(code=code).first()
    text = "\n".join(
        [f"{classificatie.vocabulaire()['vragen'][k]['label']}: {t}" for k, t in toelichting.items()]
        + [f"Inkoopprocedure: {procedure_uitleg}"]
    )
    if bestaand is not None:
        return contractvorm_update(
            contractvorm=bestaand, antwoorden=antwoorden, procedure=procedure, toelichting=text, door=door
        )
    return contractvorm_create(
        code=code,
        naam=inkoopmodel.naam,
        gebied=inkoopmodel.regio.naam,
        wet=wet,
        jaar=inkoopmodel.geldig_van.year,
        antwoorden=antwoorden,
        procedure=procedure,
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
    return lees_yaml(BIBLIOTHEEK)


@transaction.atomic
def bibliotheek_laden() -> LaadResultaat:
    """Load the demo library (idempotent: a second run changes nothing). A system job: it checks the
    data, not a role (the CLI and the demo builder run it)."""
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
