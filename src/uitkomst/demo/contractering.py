"""Contracting for the synthetic demo region: quality requirements and evidence, the IJsselland
procedure (sociaal contracteren), framework agreements per provider, one past and one open entry
round with applications, and a few subcontractors.

Deterministic per seed. The agreement periods are fixed dates: the previous term 2020-2023 (two
years plus both extensions) and the current term from 1-1-2024 (extended once, to 31-12-2026), so
every demo referral (2024-01-01 .. 2026-09-30) falls inside an agreement. The open entry round is
placed around today's date so the overview always has a running round; it is the only part that
depends on the date of building.
"""

from __future__ import annotations

import datetime as dt
import random

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Inkoopmodel, Product
from uitkomst.contractering import services
from uitkomst.contractering.models import (
    Aanbieder,
    Aanmelding,
    Contactpersoon,
    Inkoopprocedure,
    Kwaliteitsbewijs,
    Procedure,
    Raamovereenkomst,
    Specialisme,
    Toetredingsronde,
    Vestiging,
)
from uitkomst.organisaties.models import Gemeente
from uitkomst.utils import klok

from . import wmo_gunning
from .regios import REGIOS

MODEL_CODE = "ijsselland-jeugd-2018"
LEGACY_MODEL_CODE = "ijsselland-jeugd-pxq-overgang"

# Providers per profile, like a real region: many for common profiles, few for rare ones.
PROVIDERS_PER_PROFILE = {
    "P01": 22,
    "P02": 24,
    "P03": 8,
    "P04": 16,
    "P05": 5,
    "P06": 2,
    "P07": 7,
    "P08": 7,
    "P09": 10,
    "P10": 8,
    "P11": 3,
    "P12": 4,
}
SPECIALISMEN = [
    ("autisme", "Autisme"),
    ("adhd", "ADHD"),
    ("trauma", "Trauma (EMDR)"),
    ("lvb", "Licht verstandelijke beperking"),
    ("nah", "Niet-aangeboren hersenletsel"),
    ("jonge-kind", "Jonge kind en ouder-kindinterventies"),
    ("kopp", "Kinderen van ouders met psychische problemen (KOPP)"),
    ("systeemtherapie", "Systeemtherapie"),
    ("crisis", "Crisisinterventie"),
    ("dyslexie", "Dyslexiebehandeling"),
    ("angst", "Angst en somberheid"),
    ("gezinsbegeleiding", "Intensieve gezinsbegeleiding"),
]
EXTRA_PROFIELEN = ("P05", "P06", "P07", "P08", "P12")  # profiles an existing provider applies for
PROFILE_SPECIALISM = {
    "P03": "lvb",
    "P05": "lvb",
    "P06": "nah",
    "P08": "kopp",
    "P09": "gezinsbegeleiding",
    "P10": "jonge-kind",
    "P11": "crisis",
    "P12": "dyslexie",
}
EISEN = [
    (
        "geregistreerde-professionals",
        "Geregistreerde professionals (SKJ/BIG)",
        "Norm van de verantwoorde werktoedeling.",
    ),
    ("vog", "Verklaring omtrent het gedrag (VOG)", "Voor iedere medewerker met cliëntcontact."),
    ("kwaliteitskeurmerk", "Kwaliteitscertificaat (HKZ, ISO of gelijkwaardig)", ""),
    ("meldcode", "Meldcode huiselijk geweld en kindermishandeling", ""),
]
FIRST_NAMES = ["Anne", "Bram", "Cor", "Dewi", "Eline", "Femke", "Gijs", "Hanna", "Iris", "Joost", "Karin", "Lotte"]
LAST_NAMES = ["de Boer", "Jansen", "Visser", "Smit", "Mulder", "Bos", "Vos", "Dijkstra", "Kok", "Postma"]
STREETS = ["Stationsweg", "Kerkstraat", "Molenweg", "Dorpsstraat", "Veerallee", "Brink", "Havenkade", "Schoolstraat"]

PREVIOUS_START = dt.date(2020, 1, 1)
CURRENT_START = dt.date(2024, 1, 1)
NEWCOMERS = 4  # providers without a current agreement (they apply in the rounds)


def _clear() -> None:
    """Remove earlier synthetic contracting (history goes with its agreement, as a whole)."""
    codes = [r.model_code for r in REGIOS.values()]
    Aanmelding.objects.filter(is_synthetisch=True).delete()
    Raamovereenkomst.objects.filter(is_synthetisch=True).delete()
    Toetredingsronde.objects.filter(procedure__inkoopmodel__code__in=codes, naam__startswith="Demo:").delete()
    Inkoopprocedure.objects.filter(inkoopmodel__code__in=codes).delete()
    synthetic = Aanbieder.objects.filter(is_synthetisch=True)
    Kwaliteitsbewijs.objects.filter(aanbieder__in=synthetic).delete()
    Vestiging.objects.filter(aanbieder__in=synthetic).delete()
    Contactpersoon.objects.filter(aanbieder__in=synthetic).delete()
    wmo_gunning.wissen()  # the Wmo lines' tender: made again after the region (``uitkomst demo``)


def _per_profile(model: Inkoopmodel) -> dict[str, int]:
    """Providers per profile: IJsselland's table, or for another model fewer for its later profiles."""
    if model.code == MODEL_CODE:
        return PROVIDERS_PER_PROFILE
    codes = sorted(set(model.profielen.filter(producten__intensiteit__isnull=False).values_list("code", flat=True)))
    return {c: max(3, 20 - 2 * k) for k, c in enumerate(codes)}


def _profile_sets(rng: random.Random, providers: list[Aanbieder], per_profile: dict[str, int]) -> dict[int, set[str]]:
    """Which profiles each contracted provider gets; large providers (the first 8) get more."""
    weights = [4 if p.grootte == Aanbieder.Grootte.GROOT else 1 for p in providers]
    sets: dict[int, set[str]] = {p.pk: set() for p in providers}
    gewoon = sorted(per_profile, key=lambda c: -per_profile[c])[:3]
    for profile, count in per_profile.items():
        chosen: set[int] = set()
        while len(chosen) < min(count, len(providers)):
            chosen.add(rng.choices(range(len(providers)), weights=weights)[0])
        for i in chosen:
            sets[providers[i].pk].add(profile)
    for p in providers:  # every contracted provider has at least one profile
        if not sets[p.pk]:
            sets[p.pk].add(rng.choice(gewoon))
    return sets


def _products(model: Inkoopmodel, profiles: set[str]) -> list[Product]:
    return list(
        Product.objects.filter(inkoopmodel=model, profiel__code__in=profiles, intensiteit__isnull=False).order_by(
            "code"
        )
    )


def _provider_details(
    rng: random.Random, provider: Aanbieder, profiles: set[str], gemeenten, specialismen, systeem
) -> None:
    home = rng.choice(gemeenten)
    # a region with fewer than 11 municipalities (WBW has 9): never sample more than there are
    k = rng.randint(2, 6 if provider.grootte == "klein" else 11)
    served = {home, *rng.sample(gemeenten, min(k, len(gemeenten)))}
    provider.werkgebied.set(served)
    codes = {PROFILE_SPECIALISM[p] for p in profiles if p in PROFILE_SPECIALISM}
    codes |= {rng.choice(["autisme", "adhd", "trauma", "systeemtherapie", "angst"])}
    provider.specialismen.set([specialismen[c] for c in sorted(codes)])
    provider.omschrijving = (
        f"Fictieve aanbieder voor {len(profiles)} ondersteuningsprofiel{'en' if len(profiles) > 1 else ''}; "
        f"hoofdvestiging in {home.naam}."
    )
    provider.save(update_fields=["omschrijving"])
    places = [home, *rng.sample(sorted(served - {home}, key=lambda g: g.cbs_code), min(len(served) - 1, 2))]
    for i, g in enumerate(places[: 1 if provider.grootte == "klein" else 3]):
        services.vestiging_add(
            door=systeem,
            aanbieder=provider,
            naam=f"{provider.naam} {g.naam}" if i else provider.naam,
            plaats=g.naam,
            adres=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
            gemeente=g,
        )
    services.contactpersoon_add(
        door=systeem,
        aanbieder=provider,
        naam=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        functie="Contractmanager",
        email=f"contract@aanbieder-{provider.agb_code}.example",
    )


def demo_contractering_build(*, seed: int, providers: list[Aanbieder], regio=None) -> dict:
    """Give the demo providers contracting data on the region's model (see the module docstring)."""
    systeem = policy.systeem_actor("demo")  # the builder acts as the named system actor (audit: systeem:demo)
    model = Inkoopmodel.objects.get(code=regio.model_code if regio else MODEL_CODE)
    legacy_code = regio.legacy_code if regio else LEGACY_MODEL_CODE
    rng = random.Random(f"contractering-{seed}")
    today = klok.vandaag()
    _clear()
    gemeenten = list(Gemeente.objects.filter(regio=model.regio).order_by("cbs_code"))
    specialismen = {
        code: Specialisme.objects.update_or_create(code=code, defaults={"naam": naam})[0] for code, naam in SPECIALISMEN
    }
    eisen = [
        services.kwaliteitseis_save(door=systeem, code=code, naam=naam, omschrijving=oms, wet=model.wet, volgorde=i)
        for i, (code, naam, oms) in enumerate(EISEN)
    ]
    procedure = services.inkoopprocedure_create(
        door=systeem,
        inkoopmodel=model,
        soort=Procedure.SOCIAAL_CONTRACTEREN,
        naam=f"Sociaal contracteren jeugdhulp {model.regio.naam}",
        omschrijving=(
            "Raamovereenkomsten zonder omzetgarantie met iedere aanbieder die aan de minimale kwaliteitseisen "
            "voldoet; twee jaar met tweemaal één jaar verlenging naar keuze van de regio; semi-open: nieuwe "
            "aanbieders met een aanvullend aanbod kunnen twee keer per jaar toetreden."
        ),
        fasen=[
            ("Start aanbestedingsproces", dt.date(2017, 5, 1), dt.date(2017, 5, 31)),
            ("Dialoog met aanbieders en voorbereiding implementatie", dt.date(2017, 5, 1), dt.date(2017, 6, 30)),
            ("Tarieven en go/no-go-besluit college", dt.date(2017, 6, 1), dt.date(2017, 6, 30)),
            ("Afsluiten contracten", dt.date(2017, 10, 1), dt.date(2017, 10, 31)),
            ("Implementatie", dt.date(2017, 10, 1), dt.date(2017, 12, 31)),
        ],
    )

    contracted, newcomers = providers[: len(providers) - NEWCOMERS], providers[len(providers) - NEWCOMERS :]
    per_profile = _per_profile(model)
    zeldzaam = sorted(per_profile, key=lambda c: (per_profile[c], c))[:5]  # the thinly covered profiles
    nieuwkomers, aanvullend, uitbreiding = zeldzaam[:3], zeldzaam[:3], set(zeldzaam)
    if model.code == MODEL_CODE:
        nieuwkomers, aanvullend, uitbreiding = ["P06", "P10", "P12"], ["P06", "P11", "P10"], set(EXTRA_PROFIELEN)
    sets = _profile_sets(rng, contracted, per_profile)
    for p in providers:
        profiles = sets.get(p.pk) or {rng.choice(nieuwkomers)}
        _provider_details(rng, p, profiles, gemeenten, specialismen, systeem)
        for eis in eisen:  # valid today: issued within the last two years, valid for three
            start = today.replace(day=1) - dt.timedelta(days=rng.randint(30, 720))
            end = None if eis.code == "meldcode" else dt.date(start.year + 3, start.month, 1) - dt.timedelta(days=1)
            services.kwaliteitsbewijs_add(
                door=systeem,
                aanbieder=p,
                kwaliteitseis=eis,
                omschrijving=f"{eis.naam}: bewijs {rng.randint(1000, 9999)}",
                geldig_van=start,
                geldig_tot=end,
            )

    agreements = 0
    for i, p in enumerate(contracted):
        products = _products(model, sets[p.pk])
        if i % 3 != 2:  # most providers were also contracted in the previous term
            old = services.raamovereenkomst_create(
                door=systeem,
                aanbieder=p,
                inkoopmodel=model,
                producten=products,
                ingangsdatum=PREVIOUS_START,
                procedure=procedure,
                is_synthetisch=True,
            )
            services.raamovereenkomst_verlengen(door=systeem, overeenkomst=old, besloten_op=dt.date(2021, 9, 1))
            services.raamovereenkomst_verlengen(door=systeem, overeenkomst=old, besloten_op=dt.date(2022, 9, 1))
            agreements += 1
        current = services.raamovereenkomst_create(
            door=systeem,
            aanbieder=p,
            inkoopmodel=model,
            producten=products,
            ingangsdatum=CURRENT_START,
            procedure=procedure,
            is_synthetisch=True,
        )
        services.raamovereenkomst_verlengen(
            door=systeem,
            overeenkomst=current,
            besloten_op=dt.date(2025, 9, 15),
            toelichting="Goede samenwerking; verlengd.",
        )
        agreements += 1
    # The legacy PxQ model (clients of the phased introduction, referred in 2017): the incumbent
    # large providers kept their contracts until the new model took over.
    legacy = Inkoopmodel.objects.filter(code=legacy_code).first() if legacy_code else None
    if legacy is not None:
        legacy_products = list(Product.objects.filter(inkoopmodel=legacy))
        for p in contracted[:12]:
            old = services.raamovereenkomst_create(
                door=systeem,
                aanbieder=p,
                inkoopmodel=legacy,
                producten=legacy_products,
                ingangsdatum=legacy.geldig_van,
                is_synthetisch=True,
            )
            services.raamovereenkomst_verlengen(door=systeem, overeenkomst=old, besloten_op=old.einddatum)
            agreements += 1
    # One agreement suspended after a quality incident, one terminated on request (late, so demo
    # referrals before those dates stay covered).
    if len(contracted) > 20:
        services.raamovereenkomst_opschorten(
            door=systeem,
            overeenkomst=Raamovereenkomst.objects.get(aanbieder=contracted[-1], ingangsdatum=CURRENT_START),
            per=dt.date(2026, 10, 1),
            reden="Onderzoek naar een calamiteitenmelding; geen nieuwe cliënten tot afronding.",
        )
        services.raamovereenkomst_beeindigen(
            door=systeem,
            overeenkomst=Raamovereenkomst.objects.get(aanbieder=contracted[-2], ingangsdatum=CURRENT_START),
            per=dt.date(2026, 10, 31),
            reden="Op verzoek van de aanbieder (bedrijfsbeëindiging).",
        )
    # A few pieces of evidence expired (signals).
    for p in rng.sample(contracted, min(4, len(contracted))):
        bewijs = Kwaliteitsbewijs.objects.filter(aanbieder=p, kwaliteitseis__code="vog").first()
        if bewijs:
            Kwaliteitsbewijs.objects.filter(pk=bewijs.pk).update(
                geldig_van=dt.date(2022, 1, 1), geldig_tot=today - dt.timedelta(days=rng.randint(5, 60))
            )

    # Subcontracting: large providers bring in a specialist (one contracted, one not registered).
    groot = [p for p in contracted if p.grootte == Aanbieder.Grootte.GROOT]
    if len(groot) >= 2 and newcomers:
        hoofd = Raamovereenkomst.objects.get(aanbieder=groot[0], ingangsdatum=CURRENT_START)
        services.onderaanneming_melden(
            door=systeem,
            overeenkomst=hoofd,
            onderaannemer=newcomers[0],
            van=dt.date(2024, 3, 1),
            toelichting="Specialistische behandeling binnen het traject.",
        )
        services.onderaanneming_melden(
            door=systeem,
            overeenkomst=Raamovereenkomst.objects.get(aanbieder=groot[1], ingangsdatum=CURRENT_START),
            naam="Praktijk Zonnebloem (fictief)",
            kvk_nummer="99000123",
            van=dt.date(2024, 6, 1),
            toelichting="Vaktherapie als onderdeel van het traject.",
        )

    # Past round (first half of 2025): two admitted, one rejected.
    past = services.toetredingsronde_create(
        door=systeem,
        procedure=procedure,
        naam="Demo: toetredingsronde voorjaar 2025",
        aanmelden_van=dt.date(2025, 3, 1),
        aanmelden_tot=dt.date(2025, 3, 31),
        beoordelen_tot=dt.date(2025, 5, 31),
        ingangsdatum=dt.date(2025, 7, 1),
    )
    for n, p in enumerate(newcomers[:3]):
        profiles = {aanvullend[n % len(aanvullend)]}
        a = services.aanmelding_indienen(
            door=systeem,
            ronde=past,
            aanbieder=p,
            producten=_products(model, profiles),
            datum=dt.date(2025, 3, 10 + n),
            aanvullend_aanbod="Specialistisch aanbod dat in de regio nauwelijks gecontracteerd is.",
            is_synthetisch=True,
        )
        ok = n < 2
        services.aanmelding_beoordelen(
            aanmelding=a,
            beoordelingen=[
                {
                    "kwaliteitseis": e,
                    "voldaan": ok or e.code != "kwaliteitskeurmerk",
                    "notitie": "" if ok or e.code != "kwaliteitskeurmerk" else "Certificaat ontbreekt.",
                }
                for e in eisen
            ],
            door=systeem,
        )
        services.aanmelding_aanvullend_oordeel(
            aanmelding=a,
            aangetoond=ok,
            door=systeem,
            toelichting="Vult een dun bezet profiel aan." if ok else "Geen aanvulling op het bestaande aanbod.",
        )
        services.aanmelding_besluiten(
            aanmelding=a,
            toelaten=ok,
            door=systeem,
            reden="" if ok else "Geen kwaliteitscertificaat en geen aanvullend aanbod.",
        )
        if ok:
            agreements += 1

    # Open round around today, with applications in several states.
    year_moment = today.month <= 6
    start = today - dt.timedelta(days=14)
    if start.year != today.year or (start.month <= 6) != year_moment:
        start = today
    ronde = services.toetredingsronde_create(
        door=systeem,
        procedure=procedure,
        naam=f"Demo: toetredingsronde {'voorjaar' if year_moment else 'najaar'} {today.year}",
        aanmelden_van=start,
        aanmelden_tot=today + dt.timedelta(days=21),
        beoordelen_tot=today + dt.timedelta(days=45),
        ingangsdatum=today + dt.timedelta(days=60),
    )
    applicants = [newcomers[-1], contracted[0], contracted[3]]
    for n, p in enumerate(applicants):
        extra = (uitbreiding - sets.get(p.pk, set())) or {max(uitbreiding)}
        profiles = {sorted(extra)[0]}
        a = services.aanmelding_indienen(
            door=systeem,
            ronde=ronde,
            aanbieder=p,
            producten=_products(model, profiles),
            datum=start,
            aanvullend_aanbod="Ouder-kindbehandeling aan huis, ook in de avonduren." if n == 0 else "",
            toelichting="Uitbreiding met een profiel waarvoor wij nu onderaannemer zijn." if n else "",
            is_synthetisch=True,
        )
        if n == 1:
            services.aanmelding_beoordelen(
                aanmelding=a, beoordelingen=[{"kwaliteitseis": eisen[0], "voldaan": True}], door=systeem
            )
    services.kwaliteitssignalen_maken(peildatum=today, door=systeem)
    return {"raamovereenkomsten": agreements, "rondes": 2, "aanmeldingen": 3 + len(applicants)}
