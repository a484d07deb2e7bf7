"""Builds the synthetic demo region: the IJsselland municipalities, fictitious providers, and
synthetic clients with referrals across profiles and intensities in plausible proportions.

Everything is deterministic per seed (same seed, same data) and flagged ``is_synthetisch``; the
proportions below are illustrative, not measured.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from uitkomst.catalogus.models import Inkoopmodel, Product
from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.models import Gemeente
from uitkomst.organisaties.services import load_reference_regions
from uitkomst.toegang import bsn as bsn_tools
from uitkomst.toegang.models import Client, Verwijzer, Verwijzing
from uitkomst.utils.errors import ValidationFailed

from . import synthetic
from .berichten import demo_berichten_build
from .contractering import demo_contractering_build
from .declaraties import demo_declaraties_build
from .historie import demo_historie_build
from .toegang import demo_trajecten_build
from .uitkomsten import demo_uitkomsten_build

MODEL_CODE = "ijsselland-jeugd-2018"
LEGACY_MODEL_CODE = "ijsselland-jeugd-pxq-overgang"
REGIO_CODE = "ijsselland"

# Illustrative shares: common profiles (parenting, behaviour, treatment, dyslexia) dominate,
# rare ones (physical disability, crisis) are small.
PROFILE_WEIGHTS = {
    "P01": 16,
    "P02": 18,
    "P03": 6,
    "P04": 14,
    "P05": 4,
    "P06": 2,
    "P07": 5,
    "P08": 6,
    "P09": 8,
    "P10": 7,
    "P11": 3,
    "P12": 11,
}
INTENSITY_WEIGHTS = {"perspectief": 55, "intensief": 20, "duurzaam": 25}
INTENSITY_OVERRIDES = {
    "P11": {"perspectief": 70, "intensief": 27, "duurzaam": 3},
    "P12": {"perspectief": 60, "intensief": 35, "duurzaam": 5},
}
# Most youth-care referrals come from GPs, not from the access team (source document 004).
REFERRER_WEIGHTS = {
    Verwijzer.HUISARTS: 52,
    Verwijzer.GEMEENTE: 34,
    Verwijzer.JEUGDARTS: 6,
    Verwijzer.MEDISCH_SPECIALIST: 5,
    Verwijzer.GECERTIFICEERDE_INSTELLING: 3,
}
LEGACY_SHARE = 0.03  # clients still on legacy PxQ products (phased introduction)
REFERRAL_FROM = dt.date(2024, 1, 1)
REFERRAL_TO = dt.date(2026, 9, 30)
PROVIDER_COUNT = 40
BATCH = 5000


@dataclass
class DemoResult:
    gemeenten: int
    aanbieders: int
    clienten: int
    verwijzingen: int
    overgeslagen: bool = False


def _weighted(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _providers(rng: random.Random) -> list[Aanbieder]:
    result = []
    used: set[str] = set()
    for i in range(PROVIDER_COUNT):
        while True:
            name = f"{rng.choice(synthetic.PROVIDER_WORDS_B)} {rng.choice(synthetic.PROVIDER_WORDS_A)}"
            if name not in used:
                used.add(name)
                break
        agb = f"9899{i + 1:04d}"  # fictitious block; flagged synthetic
        provider, _ = Aanbieder.objects.update_or_create(
            agb_code=agb,
            defaults={
                "naam": name,
                "kvk_nummer": f"{90000000 + rng.randrange(9999999):08d}",
                "grootte": Aanbieder.Grootte.GROOT if i < 8 else Aanbieder.Grootte.KLEIN,
                "is_synthetisch": True,
            },
        )
        result.append(provider)
    return result


def demo_region_exists() -> bool:
    return Client.objects.filter(is_synthetisch=True).exists()


@transaction.atomic
def demo_region_build(
    *,
    clients: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
    phase: Callable[[str], None] | None = None,
) -> DemoResult:
    """(Re)build the synthetic demo region. Replaces earlier synthetic clients and referrals."""
    if clients < 0 or clients > 2_000_000:
        raise ValidationFailed("Het aantal cliënten moet tussen 0 en 2.000.000 liggen.", code="aantal_ongeldig")
    load_reference_regions()
    model = Inkoopmodel.objects.filter(code=MODEL_CODE).first()
    if model is None:
        raise ValidationFailed(
            "Het referentiemodel IJsselland is niet geladen; voer eerst `uitkomst referentiemodellen` uit.",
            code="referentiemodel_ontbreekt",
        )
    legacy = Inkoopmodel.objects.filter(code=LEGACY_MODEL_CODE).first()
    rng = random.Random(seed)
    gemeenten = list(Gemeente.objects.filter(regio__code=REGIO_CODE).order_by("cbs_code"))
    providers = _providers(rng)
    demo_contractering_build(seed=seed, providers=providers)  # agreements, rounds, evidence (contractering)

    Verwijzing.objects.filter(is_synthetisch=True).delete()
    Client.objects.filter(is_synthetisch=True).delete()

    products = {
        (p.profiel.code, p.intensiteit.code): p
        for p in Product.objects.filter(
            inkoopmodel=model, profiel__isnull=False, intensiteit__isnull=False
        ).select_related("profiel", "intensiteit")
    }
    legacy_products = list(Product.objects.filter(inkoopmodel=legacy)) if legacy else []
    gp_codes = [f"0199{n:04d}" for n in range(1, 121)]  # fictitious GP practices (AGB type 01)
    gemeente_weights = {g: (g.inwoners or 10000) for g in gemeenten}
    bsns = synthetic.synthetic_bsns(rng, clients)
    span = (REFERRAL_TO - REFERRAL_FROM).days

    made = 0
    for start in range(0, clients, BATCH):
        batch_clients, batch_refs = [], []
        for bsn in bsns[start : start + BATCH]:
            gemeente = _weighted(rng, gemeente_weights)
            is_legacy = bool(legacy_products) and rng.random() < LEGACY_SHARE
            if is_legacy:
                datum = dt.date(2017, 1, 1) + dt.timedelta(days=rng.randrange(365))
                product = rng.choice(legacy_products)
                inkoopmodel = legacy
            else:
                datum = REFERRAL_FROM + dt.timedelta(days=rng.randrange(span + 1))
                profiel = _weighted(rng, PROFILE_WEIGHTS)
                intensiteit = _weighted(rng, INTENSITY_OVERRIDES.get(profiel, INTENSITY_WEIGHTS))
                product = products[(profiel, intensiteit)]
                inkoopmodel = model
            age_days = rng.randrange(0, 18 * 365)
            if not is_legacy and product.profiel.code == "P10":
                age_days = rng.randrange(0, 7 * 365)  # young child profile
            client = Client(
                uuid=synthetic.seeded_uuid(rng),
                bsn_versleuteld=bsn_tools.encrypt(bsn),
                bsn_pseudoniem=bsn_tools.pseudonym(bsn),
                geboortedatum=datum - dt.timedelta(days=age_days),
                gemeente=gemeente,
                is_synthetisch=True,
            )
            soort = _weighted(rng, REFERRER_WEIGHTS)
            if soort == Verwijzer.HUISARTS:
                code, naam = rng.choice(gp_codes), "Huisartsenpraktijk (synthetisch)"
            elif soort == Verwijzer.GEMEENTE:
                code, naam = gemeente.cbs_code, f"Toegang {gemeente.naam}"
            else:
                code, naam = "", Verwijzer(soort).label
            batch_clients.append(client)
            batch_refs.append(
                Verwijzing(
                    uuid=synthetic.seeded_uuid(rng),
                    client=client,
                    gemeente=gemeente,
                    verwijzer_type=soort,
                    verwijzer_code=code,
                    verwijzer_naam=naam,
                    datum=datum,
                    is_verkort=soort == Verwijzer.HUISARTS and rng.random() < 0.4,
                    inkoopmodel=inkoopmodel,
                    product=product,
                    is_synthetisch=True,
                )
            )
        Client.objects.bulk_create(batch_clients, batch_size=BATCH)
        for ref in batch_refs:
            ref.client_id = ref.client.pk
        Verwijzing.objects.bulk_create(batch_refs, batch_size=BATCH)
        made += len(batch_clients)
        if progress:
            progress(len(batch_clients))
    phase = phase or (lambda _name: None)
    phase("gezinsplannen, toewijzingen en trajecten")
    demo_trajecten_build(seed=seed)  # plans, assignments and trajectories (toegang)
    phase("declaraties en betaalrondes")
    demo_declaraties_build(seed=seed)  # a year of invoices and payment runs (declaraties)
    phase("uitkomstmetingen, budgetplafonds en signalen")
    demo_uitkomsten_build(seed=seed)  # outcome measurements, ceilings and signals (uitkomsten, sturing)
    phase("berichten (iJw/iWmo)")
    demo_berichten_build(seed=seed)  # the year's messages through the real adapters (berichten)
    demo_historie_build(seed=seed, clients=clients, gewichten=(PROFILE_WEIGHTS, INTENSITY_WEIGHTS, INTENSITY_OVERRIDES))
    return DemoResult(gemeenten=len(gemeenten), aanbieders=len(providers), clienten=made, verwijzingen=made)
