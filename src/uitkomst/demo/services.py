"""Builds the synthetic demo region: the IJsselland municipalities, fictitious providers, and
synthetic clients with referrals across profiles and intensities in plausible proportions.

Everything is deterministic per seed (same seed, same data) and flagged ``is_synthetisch``; the
proportions below are illustrative, not measured.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Q

from uitkomst.catalogus.models import Inkoopmodel, Product
from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.models import Gemeente
from uitkomst.organisaties.services import load_reference_regions
from uitkomst.sturing.models import Declaratiecel, Toewijzingcel
from uitkomst.tariefontwerp.models import Historie, Historieregel
from uitkomst.toegang import bsn as bsn_tools
from uitkomst.toegang.models import Client, Pgbbesluit, Verwijzer, Verwijzing
from uitkomst.uitkomsten.models import Indicatorcel, Indicatorrollup, Uitkomstmeting
from uitkomst.utils import db, klok
from uitkomst.utils.dates import add_months
from uitkomst.utils.errors import ValidationFailed

from . import schrijven, synthetic
from .berichten import demo_berichten_build
from .contractering import demo_contractering_build
from .declaraties import demo_declaraties_build
from .historie import demo_historie_build
from .regios import LANGDURIG_MODEL_CODE, LEGACY_MODEL_CODE, MODEL_CODE, REGIOS, STANDAARD_REGIO, DemoRegio
from .specialistisch import specialistische_producten
from .toegang import demo_trajecten_build
from .uitkomsten import demo_uitkomsten_build

__all__ = ["LANGDURIG_MODEL_CODE", "LEGACY_MODEL_CODE", "MODEL_CODE", "REGIOS", "STANDAARD_REGIO", "DemoRegio"]
REGIO_CODE = "ijsselland"


def demo_regio(optie: str | None = None) -> DemoRegio:
    """The region option, or the one of the demo region in the database (default IJsselland)."""
    if optie is None:
        client = Client.objects.filter(is_synthetisch=True).select_related("gemeente__regio").first()
        code = client.gemeente.regio.code if client else REGIOS[STANDAARD_REGIO].regio_code
        return next((r for r in REGIOS.values() if r.regio_code == code), REGIOS[STANDAARD_REGIO])
    if optie not in REGIOS:
        raise ValidationFailed(
            f"Onbekende demoregio '{optie}'; kies uit {', '.join(REGIOS)}.", code="demoregio_onbekend"
        )
    return REGIOS[optie]


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
LANGDURIG_SHARE = 0.02  # long-term P×Q clients of the phased introduction, in care in the demo year
EXTRA_SHARE = 0.03  # clients on a product outside the profile x intensity grid (WBW complex care)
SPECIALIST_SHARE = 0.02  # IJsselland: clients in the specialist lot (weekly tariff, arrangement; illustrative)
REFERRAL_MONTHS = 35  # referrals run from the first of the month 35 months ago up to the build date
# Illustrative weights of the regions without their own: earlier profiles and lighter intensities commoner.
INTENSITY_RANK_WEIGHTS = (45, 30, 15, 10)
PROVIDER_COUNT = 40
# the tables the bulk phases write most, whose summary triggers are off while they do (SQLite)
BULK_TABELLEN = ("trajecten_toewijzing", "trajecten_traject", "declaraties_declaratieregel")
BATCH = 5000
# the tables the later phases fill in bulk (summaries, outcomes, tariff history), whose foreign keys
# are checked once after them (PostgreSQL, ``utils.db.pg_sleutels_uit``)
NA_BULK_TABELLEN = [
    m._meta.db_table
    for m in (Indicatorcel, Indicatorrollup, Toewijzingcel, Declaratiecel, Uitkomstmeting, Historieregel)
]


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


def _trekker(weights: dict) -> Callable[[random.Random], object]:
    """``_weighted`` for one set of weights, with the sums worked out once (the same draws)."""
    keys = list(weights)
    cum = list(itertools.accumulate(weights[k] for k in keys))
    return lambda rng: rng.choices(keys, cum_weights=cum)[0]


def _providers(rng: random.Random) -> list[Aanbieder]:
    """The 40 fictitious providers: created, or updated in place on a rebuild (two queries, not 40)."""
    bestaand = {a.agb_code: a for a in Aanbieder.objects.filter(agb_code__startswith=synthetic.JEUGD_AGB_BLOK)}
    result, nieuw, gewijzigd = [], [], []
    used: set[str] = set()
    velden = ["naam", "kvk_nummer", "grootte", "is_synthetisch"]
    for i in range(PROVIDER_COUNT):
        while True:
            name = f"{rng.choice(synthetic.PROVIDER_WORDS_B)} {rng.choice(synthetic.PROVIDER_WORDS_A)}"
            if name not in used:
                used.add(name)
                break
        agb = f"{synthetic.JEUGD_AGB_BLOK}{i + 1:04d}"  # fictitious block; flagged synthetic
        waarden = {
            "naam": name,
            "kvk_nummer": f"{90000000 + rng.randrange(9999999):08d}",
            "grootte": Aanbieder.Grootte.GROOT if i < 8 else Aanbieder.Grootte.KLEIN,
            "is_synthetisch": True,
        }
        provider = bestaand.get(agb)
        if provider is None:
            provider = Aanbieder(agb_code=agb, **waarden)
            nieuw.append(provider)
        else:
            for veld, waarde in waarden.items():
                setattr(provider, veld, waarde)
            gewijzigd.append(provider)
        result.append(provider)
    Aanbieder.objects.bulk_create(nieuw)
    Aanbieder.objects.bulk_update(gewijzigd, velden)
    return result


def demo_region_exists() -> bool:
    return Client.objects.filter(is_synthetisch=True).exists()


def referral_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """Referrals run up to the build date, so inflow is steady to the last month (issue 13)."""
    return add_months(today.replace(day=1), -REFERRAL_MONTHS), today


def _grid_weights(regio: DemoRegio, products: dict) -> tuple[dict, dict, dict]:
    """Profile weights, intensity weights and per-profile overrides for the region's model."""
    if regio.optie == "ijsselland":
        return PROFILE_WEIGHTS, INTENSITY_WEIGHTS, INTENSITY_OVERRIDES
    profielen = sorted({p for p, _ in products})
    intensiteiten = sorted({i for _, i in products}, key=lambda c: products[(profielen[0], c)].intensiteit.volgorde
                           if (profielen[0], c) in products else 0)  # fmt: skip
    profile = {p: max(2, 12 - 2 * k) for k, p in enumerate(profielen)}
    intensity = {c: INTENSITY_RANK_WEIGHTS[min(k, 3)] for k, c in enumerate(intensiteiten)}
    return profile, intensity, {}


@transaction.atomic
def demo_region_build(
    *,
    clients: int,
    seed: int,
    regio: str = STANDAARD_REGIO,
    progress: Callable[[int], None] | None = None,
    phase: Callable[[str], None] | None = None,
) -> DemoResult:
    """(Re)build the synthetic demo region. Replaces earlier synthetic clients and referrals.

    Deterministic per seed and build date: the referrals run up to the build date."""
    if clients < 0 or clients > 2_000_000:
        raise ValidationFailed("Het aantal cliënten moet tussen 0 en 2.000.000 liggen.", code="aantal_ongeldig")
    keuze = demo_regio(regio)
    load_reference_regions()
    model = Inkoopmodel.objects.filter(code=keuze.model_code).first()
    if model is None:
        raise ValidationFailed(
            f"Het referentiemodel {keuze.model_code} is niet geladen; voer eerst `uitkomst referentiemodellen` uit.",
            code="referentiemodel_ontbreekt",
        )
    legacy = Inkoopmodel.objects.filter(code=keuze.legacy_code).first() if keuze.legacy_code else None
    rng = random.Random(seed)
    today = klok.vandaag()
    gemeenten = list(Gemeente.objects.filter(regio__code=keuze.regio_code).order_by("cbs_code"))
    providers = _providers(rng)
    demo_contractering_build(seed=seed, providers=providers, regio=keuze)  # agreements, rounds, evidence

    # The bulk phases write without the summaries' row triggers (SQLite); the summaries are then
    # rebuilt at once, with fresh planner statistics for the phases after (``utils.db``).
    with db.vuil_triggers_uit(BULK_TABELLEN):
        # personal budgets do not cascade with their client (like plans): remove them first
        Pgbbesluit.objects.filter(Q(is_synthetisch=True) | Q(client__is_synthetisch=True)).delete()
        Verwijzing.objects.filter(is_synthetisch=True).delete()
        Client.objects.filter(is_synthetisch=True).delete()

        products = {
            (p.profiel.code, p.intensiteit.code): p
            for p in Product.objects.filter(
                inkoopmodel=model, profiel__isnull=False, intensiteit__isnull=False
            ).select_related("profiel", "intensiteit")
        }
        extra_products = list(
            Product.objects.filter(
                inkoopmodel=model, profiel__isnull=False, intensiteit__isnull=True, mag_stapelen=False
            )
            .exclude(soort=Product.Soort.ONDERSTEUNINGSELEMENT)
            .order_by("code")
        )
        legacy_products = list(Product.objects.filter(inkoopmodel=legacy).order_by("code")) if legacy else []
        langdurig = Inkoopmodel.objects.filter(code=keuze.langdurig_code).first() if keuze.langdurig_code else None
        langdurig_products = list(Product.objects.filter(inkoopmodel=langdurig).order_by("code")) if langdurig else []
        specialist_products = (
            specialistische_producten(providers=providers, today=today) if keuze.specialistisch else []
        )
        profile_weights, intensity_weights, intensity_overrides = _grid_weights(keuze, products)
        gp_codes = [f"0199{n:04d}" for n in range(1, 121)]  # fictitious GP practices (AGB type 01)
        inwoners = dict(keuze.inwoners)
        gemeente_weights = {g: (g.inwoners or inwoners.get(g.cbs_code) or 10000) for g in gemeenten}
        bsns = synthetic.synthetic_bsns(rng, clients)
        referral_from, referral_to = referral_window(today)
        span = (referral_to - referral_from).days
        legacy_from = max(legacy.geldig_van, (legacy.geldig_tot or today) - dt.timedelta(days=730)) if legacy else None

        made = 0
        first_client, first_ref = _first_id(Client), _first_id(Verwijzing)
        kies_gemeente = _trekker(gemeente_weights)
        kies_profiel = _trekker(profile_weights)
        kies_intensiteit = {p: _trekker(intensity_overrides.get(p, intensity_weights)) for p in profile_weights}
        kies_verwijzer = _trekker(REFERRER_WEIGHTS)
        labels = {soort: str(Verwijzer(soort).label) for soort in REFERRER_WEIGHTS}
        with schrijven.indexen_uit([Client, Verwijzing]):  # the loop only inserts (the cleanup is done)
            for start in range(0, clients, BATCH):  # plain rows a batch at a time (``schrijven``)
                batch_clients, batch_refs = [], []
                for bsn in bsns[start : start + BATCH]:
                    gemeente = kies_gemeente(rng)
                    is_legacy = bool(legacy_products) and rng.random() < LEGACY_SHARE
                    is_long = not is_legacy and bool(langdurig_products) and rng.random() < LANGDURIG_SHARE
                    is_extra = not is_legacy and not is_long and bool(extra_products) and rng.random() < EXTRA_SHARE
                    is_spec = (
                        not (is_legacy or is_long or is_extra)
                        and bool(specialist_products)
                        and rng.random() < SPECIALIST_SHARE
                    )
                    if is_long:  # referred since 2020, care bought per hour or day-part until it ends
                        start_lang = langdurig.geldig_van
                        datum = start_lang + dt.timedelta(days=rng.randrange(max(1, (today - start_lang).days - 400)))
                        product = rng.choice(langdurig_products)
                        is_legacy = True
                    elif is_legacy:  # referred in the last two years of the P×Q model, some still in care today
                        dagen = (legacy.geldig_tot - legacy_from).days - 30
                        datum = legacy_from + dt.timedelta(days=rng.randrange(dagen))
                        product = rng.choice(legacy_products)
                    elif is_extra or is_spec:
                        datum = referral_from + dt.timedelta(days=rng.randrange(span + 1))
                        product = rng.choice(extra_products if is_extra else specialist_products)
                    else:
                        datum = referral_from + dt.timedelta(days=rng.randrange(span + 1))
                        profiel = kies_profiel(rng)
                        product = products[(profiel, kies_intensiteit[profiel](rng))]
                    age_days = rng.randrange(0, 18 * 365)
                    if not is_legacy and product.profiel_id and product.profiel.code == "P10":
                        age_days = rng.randrange(0, 7 * 365)  # young child profile
                    client_pk = first_client + made + len(batch_clients)
                    soort = kies_verwijzer(rng)
                    if soort == Verwijzer.HUISARTS:
                        code, naam = rng.choice(gp_codes), "Huisartsenpraktijk (synthetisch)"
                    elif soort == Verwijzer.GEMEENTE:
                        code, naam = gemeente.cbs_code, f"Toegang {gemeente.naam}"
                    else:
                        code, naam = "", labels[soort]
                    batch_clients.append(
                        {
                            "id": client_pk,
                            "uuid": synthetic.seeded_uuid(rng),
                            "bsn_versleuteld": bsn_tools.encrypt(bsn),
                            "bsn_pseudoniem": bsn_tools.pseudonym(bsn),
                            "geboortedatum": datum - dt.timedelta(days=age_days),
                            "gemeente_id": gemeente.pk,
                            "is_synthetisch": True,
                        }
                    )
                    batch_refs.append(
                        {
                            "id": first_ref + made + len(batch_refs),
                            "uuid": synthetic.seeded_uuid(rng),
                            "client_id": client_pk,
                            "gemeente_id": gemeente.pk,
                            "verwijzer_type": soort,
                            "verwijzer_code": code,
                            "verwijzer_naam": naam,
                            "datum": datum,
                            "is_verkort": soort == Verwijzer.HUISARTS and rng.random() < 0.4,
                            "inkoopmodel_id": product.inkoopmodel_id,
                            "product_id": product.pk,
                            "is_synthetisch": True,
                        }
                    )
                schrijven.dicts(Client, batch_clients)
                schrijven.dicts(Verwijzing, batch_refs)
                made += len(batch_clients)
                if progress:
                    progress(len(batch_clients))
        schrijven.reeksen_bijwerken([Client, Verwijzing])
        phase = phase or (lambda _name: None)
        phase("gezinsplannen, toewijzingen en trajecten")
        demo_trajecten_build(seed=seed, regio=keuze)  # plans, assignments, trajectories and re-entries (toegang)
        phase("declaraties en betaalrondes")
        demo_declaraties_build(seed=seed, regio=keuze)  # invoices over each trajectory's life, payment runs
    # PostgreSQL: the summaries, outcomes and tariff history are written in bulk too; their foreign
    # keys are checked once when the block ends instead of row by row at the COMMIT (``utils.db``)
    with db.pg_sleutels_uit(NA_BULK_TABELLEN, wie="demo_region_build"):
        db.na_bulkladen()
        phase("uitkomstmetingen, budgetplafonds en signalen")
        demo_uitkomsten_build(seed=seed, regio=keuze)  # outcome measurements, ceilings and signals
        phase("berichten (iJw/iWmo)")
        demo_berichten_build(seed=seed, regio=keuze)  # the year's messages through the real adapters (berichten)
        if keuze.tariefhistorie:
            demo_historie_build(
                seed=seed, clients=clients, gewichten=(PROFILE_WEIGHTS, INTENSITY_WEIGHTS, INTENSITY_OVERRIDES)
            )
        else:
            Historie.objects.filter(is_synthetisch=True).delete()
    return DemoResult(gemeenten=len(gemeenten), aanbieders=len(providers), clienten=made, verwijzingen=made)


def _first_id(model) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def statistieken_bijwerken() -> None:
    """After a bulk build: bring the summary tables up to date and refresh the query planner's
    statistics (ANALYZE on SQLite and PostgreSQL; without them SQLite picks poor plans on the fresh
    tables, a client page 86 ms instead of 10 ms). One home: `utils.db.na_bulkladen`.

    ``demo_region_build`` rebuilt every summary whole after its bulk phases (they write without the
    dirty-key triggers); everything written after that (the outcome measurements' own rebuild, the
    messages, the tariff history, the Wmo lines) went through the triggers, so only the keys they
    marked dirty are refreshed here: a second whole rebuild cost 5-7 s at 100,000 clients and gave the
    same cells (``tests/demo/test_demo_samenvattingen.py``)."""
    db.na_bulkladen(alles=False)
