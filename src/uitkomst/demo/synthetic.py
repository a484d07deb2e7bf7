"""Deterministic synthetic data: BSNs, names, dates.

Synthetic BSNs pass the 11-proof (so every check in the product treats them as real ones) but are
drawn only from the block 990000000-999999999. At the time of writing BSNs issued to residents do
not start with 99, and the Dutch BRP test persons also live in the 99-block (9999xxxxx). Every
record built from them is flagged ``is_synthetisch``. If that block is ever issued, change
SYNTHETIC_BSN_PREFIX: it is the only place the scheme lives.
"""

from __future__ import annotations

import random
import uuid

SYNTHETIC_BSN_PREFIX = "99"


def bsn_check_digit(first_eight: str) -> int | None:
    """The ninth digit that makes ``first_eight`` + digit pass the 11-proof, or None if none does."""
    total = sum(int(d) * w for d, w in zip(first_eight, range(9, 1, -1), strict=True))
    digit = total % 11
    return None if digit == 10 else digit


def synthetic_bsns(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct 11-proof BSNs from the synthetic block, deterministic for the generator."""
    seen: set[str] = set()
    result: list[str] = []
    free = 8 - len(SYNTHETIC_BSN_PREFIX)
    while len(result) < count:
        first = SYNTHETIC_BSN_PREFIX + f"{rng.randrange(10**free):0{free}d}"
        check = bsn_check_digit(first)
        if check is None:
            continue
        bsn = f"{first}{check}"
        if bsn not in seen:
            seen.add(bsn)
            result.append(bsn)
    return result


def is_synthetic_bsn(bsn: str) -> bool:
    return bsn.startswith(SYNTHETIC_BSN_PREFIX)


def seeded_uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


PROVIDER_WORDS_A = [
    "Kompas",
    "Horizon",
    "Vlinder",
    "Lindeboom",
    "Zandloper",
    "Waterlelie",
    "Dijkhuis",
    "Veldzicht",
    "Brugwachter",
    "Zonnewijzer",
    "Rietkraag",
    "Akkerwinde",
    "Sterrenkijker",
    "Wilgenhof",
    "Vuurtoren",
    "Klaproos",
    "Hooiberg",
    "Uiterwaard",
    "Kraanvogel",
    "Ijsvogel",
]
PROVIDER_WORDS_B = [
    "Jeugdhulp",
    "Gezinszorg",
    "Ontwikkeling",
    "Zorggroep",
    "Praktijk",
    "Jeugd & Gezin",
    "Behandelcentrum",
    "Begeleiding",
]
SPECIALISMEN = [
    "gezinsbehandeling",
    "jeugd-ggz",
    "LVB",
    "autisme",
    "trauma",
    "dyslexie",
    "jonge kind",
    "crisisinterventie",
    "NAH",
    "KOPP/KVO",
    "multiprobleemgezinnen",
    "pleegzorg",
]


def aanbieder_kwaliteit(rng: random.Random, aanbieders: list[int]) -> dict[int, float]:
    """A quality factor per provider in [-1, 1]: most around 0, two clearly weaker, two clearly stronger.

    Drawn once per build (``random.Random(seed + 6)``, providers by AGB code) and used twice: by the
    access demo for the reasons trajectories end with, and by the outcome demo for the outcomes."""
    q = {pk: max(-1.0, min(1.0, rng.gauss(0, 0.35))) for pk in aanbieders}
    if len(aanbieders) >= 6:
        for pk in aanbieders[1:3]:
            q[pk] = -1.0
        for pk in aanbieders[3:5]:
            q[pk] = 0.9
    return q


# The demo region's forty fictitious youth-care providers (``services._providers``). The Wmo lines add
# their own synthetic providers in other blocks (9797, 9897, 9898), so a rebuild must pick the region's
# providers by this block, not by "synthetic": a first build and a rebuild then give the same region.
JEUGD_AGB_BLOK = "9899"


def jeugd_aanbieders():
    """The region's fictitious youth-care providers, in AGB order (a QuerySet)."""
    from uitkomst.contractering.models import Aanbieder

    return Aanbieder.objects.filter(is_synthetisch=True, agb_code__startswith=JEUGD_AGB_BLOK).order_by("agb_code")
