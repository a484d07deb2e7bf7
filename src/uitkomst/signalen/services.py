"""Changes in the signal centre: create a signal (idempotent per soort and sleutel), create many at
once for the daily jobs, let signals whose fact is gone lapse, and handle a signal with a note.

Creating a signal is a consequence of something a source did (a decline, a refused assignment, a
daily check), so it checks the input, not a right; handling one is an action of a user and goes
through the authorization policy. Nothing is saved on refusal.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from uitkomst.accounts import policy
from uitkomst.organisaties.models import Gemeente, Regio
from uitkomst.utils.errors import Conflict, ProblemCollector, ValidationFailed

from .models import STANDAARD_ERNST, Ernst, Onderwerp, Signaal, Soort, Status


def _pk(value) -> int | None:
    if value is None or value == "":
        return None
    return getattr(value, "pk", value)


def _actor(door):
    """The acting user to record (a named system actor has a row too; anything else records nobody)."""
    return door if getattr(door, "pk", None) else None


def _bouw(regio_van: dict[int, int], door, **velden) -> Signaal:
    """Check one signal's fields and build it (unsaved). ``regio_van`` maps municipality -> region."""
    problems = ProblemCollector()
    soort = velden.get("soort") or ""
    if soort not in Soort.values:
        problems.add("soort_onbekend", f"Onbekende soort signaal '{soort}'.", "soort")
    sleutel = str(velden.get("sleutel") or "").strip()
    if not sleutel:
        problems.add("sleutel_ontbreekt", "Een signaal heeft een sleutel die het feit uit de bron aanwijst.", "sleutel")
    elif len(sleutel) > Signaal._meta.get_field("sleutel").max_length:
        problems.add("sleutel_te_lang", "De sleutel van een signaal is te lang.", "sleutel")
    omschrijving = str(velden.get("omschrijving") or "").strip()
    if not omschrijving:
        problems.add("omschrijving_ontbreekt", "Beschrijf wat het signaal inhoudt.", "omschrijving")
    gemeente_id = _pk(velden.get("gemeente"))
    regio_id = _pk(velden.get("regio"))
    if gemeente_id is not None and gemeente_id not in regio_van:
        problems.add("gemeente_onbekend", "De gemeente van het signaal bestaat niet.", "gemeente")
    elif gemeente_id is not None:
        if regio_id is None:
            regio_id = regio_van[gemeente_id]
        elif regio_van[gemeente_id] != regio_id:
            problems.add(
                "gemeente_buiten_regio",
                "De gemeente van het signaal hoort niet bij de regio van het signaal.",
                "gemeente",
            )
    if regio_id is None:
        problems.add("regio_ontbreekt", "Elk signaal hoort bij een regio.", "regio")
    ernst = velden.get("ernst") or STANDAARD_ERNST.get(soort, Ernst.AANDACHT)
    if ernst not in Ernst.values:
        problems.add("ernst_onbekend", f"Onbekende ernst '{ernst}'.", "ernst")
    onderwerp_type = velden.get("onderwerp_type") or ""
    onderwerp_id = str(velden.get("onderwerp_id") or "")
    if onderwerp_type and onderwerp_type not in Onderwerp.values:
        problems.add("onderwerp_onbekend", f"Onbekend onderwerp '{onderwerp_type}'.", "onderwerp_type")
    if bool(onderwerp_type) != bool(onderwerp_id):
        problems.add("onderwerp_onvolledig", "Een onderwerp heeft zowel een soort als een sleutel.", "onderwerp_id")
    problems.raise_if_any()
    titel = (velden.get("titel") or "").strip() or Soort(soort).label.capitalize()
    extra = {"aangemaakt_op": velden["aangemaakt_op"]} if velden.get("aangemaakt_op") else {}
    return Signaal(
        **extra,
        soort=soort,
        sleutel=sleutel,
        ernst=ernst,
        titel=titel[:200],
        omschrijving=omschrijving,
        regio_id=regio_id,
        gemeente_id=gemeente_id,
        aanbieder_id=_pk(velden.get("aanbieder")),
        onderwerp_type=onderwerp_type,
        onderwerp_id=onderwerp_id,
        aangemaakt_door=_actor(door),
    )


def _regio_van(gemeente_ids: Iterable[int | None]) -> dict[int, int]:
    ids = {g for g in gemeente_ids if g is not None}
    return dict(Gemeente.objects.filter(pk__in=ids).values_list("pk", "regio_id")) if ids else {}


@transaction.atomic
def signaal_create(
    *,
    soort: str,
    sleutel: str,
    regio: Regio | int | None = None,
    omschrijving: str,
    door,
    titel: str = "",
    gemeente: Gemeente | int | None = None,
    aanbieder=None,
    onderwerp_type: str = "",
    onderwerp_id: str = "",
    ernst: str | None = None,
) -> Signaal:
    """Raise one signal. Idempotent: when the source raised this fact before (same soort and sleutel),
    the existing signal is returned unchanged (a handled one stays handled, with its note).

    ``regio`` may be left out when ``gemeente`` is given: the signal then belongs to its region."""
    nieuw = _bouw(
        _regio_van([_pk(gemeente)]),
        door,
        soort=soort, sleutel=sleutel, regio=regio, omschrijving=omschrijving, titel=titel, gemeente=gemeente,
        aanbieder=aanbieder, onderwerp_type=onderwerp_type, onderwerp_id=onderwerp_id, ernst=ernst,
    )  # fmt: skip
    bestaand = Signaal.objects.filter(soort=nieuw.soort, sleutel=nieuw.sleutel).first()
    if bestaand is not None:
        return bestaand
    try:
        with transaction.atomic():
            nieuw.save()
    except IntegrityError:  # raised at the same moment by a concurrent run of the same source
        return Signaal.objects.get(soort=nieuw.soort, sleutel=nieuw.sleutel)
    return nieuw


@transaction.atomic
def signalen_create(*, rijen: Iterable[dict], door) -> list[Signaal]:
    """Many signals at once (the daily jobs and the demo builder): each row is checked exactly as by
    ``signaal_create``; rows whose soort and sleutel exist already are skipped. Returns the new ones.
    A row may carry ``aangemaakt_op`` (the moment of the fact, for the demo's back-dated history)."""
    rijen = list(rijen)
    regio_van = _regio_van(_pk(r.get("gemeente")) for r in rijen)
    gebouwd: dict[tuple[str, str], Signaal] = {}
    for rij in rijen:
        s = _bouw(regio_van, door, **rij)
        gebouwd.setdefault((s.soort, s.sleutel), s)
    bestaand: set[tuple[str, str]] = set()
    per_soort: dict[str, list[str]] = {}
    for soort, sleutel in gebouwd:
        per_soort.setdefault(soort, []).append(sleutel)
    for soort, sleutels in per_soort.items():
        for start in range(0, len(sleutels), 900):
            bestaand.update(
                Signaal.objects.filter(soort=soort, sleutel__in=sleutels[start : start + 900]).values_list(
                    "soort", "sleutel"
                )
            )
    nieuw = [s for key, s in gebouwd.items() if key not in bestaand]
    Signaal.objects.bulk_create(nieuw, batch_size=2000, ignore_conflicts=True)
    return nieuw


@transaction.atomic
def signalen_vervallen(*, soorten: Iterable[str], actueel: set[tuple[str, str]], door=None) -> int:
    """Remove the open signals of ``soorten`` whose fact is gone (their (soort, sleutel) is not in
    ``actueel``). Handled signals stay, with their note. Returns how many lapsed."""
    soorten = list(soorten)
    weg = [
        pk
        for pk, soort, sleutel in Signaal.objects.filter(soort__in=soorten, status=Status.OPEN).values_list(
            "pk", "soort", "sleutel"
        )
        if (soort, sleutel) not in actueel
    ]
    n = 0
    for start in range(0, len(weg), 900):
        n += Signaal.objects.filter(pk__in=weg[start : start + 900], status=Status.OPEN).delete()[0]
    return n


@transaction.atomic
def signaal_afhandelen(*, signaal: Signaal, door, toelichting: str) -> Signaal:
    """Mark a signal handled, with a note of what was done."""
    signaal = Signaal.objects.select_for_update().get(pk=signaal.pk)
    policy.vereis(door, "signaal.afhandelen", signaal)
    toelichting = (toelichting or "").strip()
    if not toelichting:
        raise ValidationFailed(
            "Schrijf in een toelichting wat er met het signaal is gedaan.",
            code="toelichting_ontbreekt",
            field="toelichting",
        )
    if signaal.status == Status.AFGEHANDELD:
        raise Conflict(
            f"Dit signaal is al afgehandeld op {timezone.localtime(signaal.afgehandeld_op):%d-%m-%Y}.",
            code="al_afgehandeld",
        )
    signaal.status, signaal.afgehandeld_op, signaal.afgehandeld_door = Status.AFGEHANDELD, timezone.now(), door
    signaal.toelichting = toelichting
    signaal.save(update_fields=["status", "afgehandeld_op", "afgehandeld_door", "toelichting"])
    return signaal
