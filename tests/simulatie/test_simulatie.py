from decimal import Decimal

import pytest

from uitkomst.demo import services as demo
from uitkomst.simulatie import services as sim
from uitkomst.tariefontwerp.models import Historie
from uitkomst.utils.errors import NotAllowed, ValidationFailed

pytestmark = pytest.mark.django_db
JAAR = 2027


@pytest.fixture
def regio_demo(reference_models, regio):
    demo.demo_region_build(clients=200, seed=5)
    return regio


def run(user, regio, gemeente=None, runs=300, **params):
    return sim.simuleer(user=user, regio=regio, gemeente=gemeente, jaar=JAAR, runs=runs, parameters=params,
                        gevoeligheid=False)  # fmt: skip


def vorm(result, f):
    return next(v for v in result["vormen"] if v["vorm"] == f)


def test_five_forms_side_by_side_for_a_municipality(regio_demo, zwolle, contractmanager):
    r = sim.simuleer(user=contractmanager, regio=regio_demo, gemeente=zwolle, jaar=JAAR, runs=1000)
    assert [v["vorm"] for v in r["vormen"]] == ["pxq", "budget", "traject", "week", "populatie"]
    assert r["gemeente"] == "Zwolle" and r["verwachte_instroom"] > 0 and r["synthetisch"]
    for v in r["vormen"]:
        assert v["totaal_p5"] <= v["totaal_mediaan"] <= v["totaal_p95"]
        assert [g["gemeente"] for g in v["per_gemeente"]] == ["Zwolle"]
        assert isinstance(v["totaal_gemiddeld"], Decimal)
    assert {row["parameter"] for row in r["gevoeligheid"]} >= {"pxq_verlenging", "lumpsum_niveau"}
    assert all(p["bron"] for p in r["parameters"])  # a source or "aanname" for every assumption
    # reproducible: the same seed gives the same report
    again = sim.simuleer(user=contractmanager, regio=regio_demo, gemeente=zwolle, jaar=JAAR, runs=1000)
    assert again["vormen"] == r["vormen"]


def test_longer_pxq_duration_never_lowers_pxq_cost(regio_demo, contractmanager):
    previous = None
    for v in (0.0, 0.05, 0.1, 0.3, 0.6, 1.0):
        pxq = vorm(run(contractmanager, regio_demo, pxq_verlenging=v), "pxq")
        now = (pxq["totaal_p5"], pxq["totaal_mediaan"], pxq["totaal_gemiddeld"], pxq["totaal_p95"])
        if previous is not None:
            assert all(a >= b for a, b in zip(now, previous, strict=True))
        previous = now
    assert previous[2] > 0


def test_higher_lump_sum_never_lowers_provider_revenue(regio_demo, contractmanager):
    previous = None
    for level in (0.5, 0.8, 0.95, 1.2, 2.0):
        omzet = vorm(run(contractmanager, regio_demo, lumpsum_niveau=level), "populatie")["omzet_per_aanbieder"]
        if previous is not None:
            assert set(omzet) == set(previous)
            assert all(omzet[a] >= previous[a] for a in omzet)
        previous = omzet


def test_incentive_directions_named_by_the_sources(regio_demo, contractmanager):
    r = run(contractmanager, regio_demo, runs=1000)
    pxq, budget, traject, week, pop = (vorm(r, f) for f in ("pxq", "budget", "traject", "week", "populatie"))
    # document 001: under input funding the municipality carries the risk; under population funding the provider
    assert "gemeente" in pxq["overschrijdingsrisico"].split(":")[0]
    assert pop["overschrijdingsrisico"].startswith("aanbieder")
    assert pop["spreiding_p95_p5"] == Decimal("0.00") < traject["spreiding_p95_p5"] < pxq["spreiding_p95_p5"]
    # the provider carries the per-client overrun under a fixed price, never under PxQ
    assert pxq["aandeel_clienten_boven_vergoeding"] == 0.0 < traject["aandeel_clienten_boven_vergoeding"]
    assert pxq["aanbieders_kans_verlies"] == 0.0
    # a fixed per-client budget caps what PxQ would pay
    assert budget["totaal_gemiddeld"] <= pxq["totaal_gemiddeld"]
    # population funding goes to a main contractor, typically a large provider: large providers gain share
    assert pop["aandeel_grote_aanbieders"] > pxq["aandeel_grote_aanbieders"]
    assert pop["verschuiving_groot_tov_pxq"] > 0
    # administrative load: effort accounting is heaviest, a lump sum lightest
    assert pxq["declaratieregels_per_jaar"] > traject["declaratieregels_per_jaar"] > pop["declaratieregels_per_jaar"]
    assert pxq["berichten_per_jaar"] > pop["berichten_per_jaar"]
    # a lump sum that lowers inflow lowers the provider's own cost, not what the municipality pays
    low = run(contractmanager, regio_demo, runs=1000, lumpsum_instroomdaling=0.3)
    assert vorm(low, "populatie")["aanbieders_marge"] > pop["aanbieders_marge"]
    assert vorm(low, "populatie")["totaal_gemiddeld"] == pop["totaal_gemiddeld"]
    # the fixed trajectory price: shortening care raises the provider's margin, the municipality pays the same
    short = run(contractmanager, regio_demo, runs=1000, traject_verkorting=0.3)
    assert vorm(short, "traject")["aanbieders_marge"] > traject["aanbieders_marge"]
    assert vorm(short, "traject")["totaal_gemiddeld"] == traject["totaal_gemiddeld"]


@pytest.mark.parametrize(
    "kwargs,code",
    [
        ({"parameters": {"pxq_verlenging": -0.1}}, "parameter_negatief"),
        ({"parameters": {"pxq_verlenging": 50}}, "parameter_buiten_bereik"),
        ({"parameters": {"lumpsum_niveau": "veel"}}, "parameter_ongeldig"),
        ({"parameters": {"verzonnen": 1}}, "parameter_onbekend"),
        ({"parameters": {"contractanten_per_wijk": 0}}, "populatie_onbeperkt_aanbieders"),
        ({"runs": 0}, "runs_ongeldig"),
        ({"runs": 10**7}, "runs_ongeldig"),
        ({"jaar": 2019}, "periode_niet_toekomst"),
    ],
)
def test_bad_input_refused(reference_models, regio, contractmanager, kwargs, code):
    args = {"user": contractmanager, "regio": regio, "jaar": JAAR, "runs": 10, **kwargs}
    with pytest.raises(ValidationFailed) as err:
        sim.simuleer(**args)
    assert err.value.code == code


def test_without_history_refused(reference_models, regio, contractmanager):
    Historie.objects.all().delete()
    with pytest.raises(ValidationFailed) as err:
        sim.simuleer(user=contractmanager, regio=regio, jaar=JAAR, runs=10)
    assert err.value.code == "periode_zonder_data"


def test_roles_without_reports_refused(regio, make_user, zwolle):
    toegang = make_user("tg", "gemeente-toegang", gemeente=zwolle)
    with pytest.raises(NotAllowed) as err:
        sim.simuleer(user=toegang, regio=regio, gemeente=zwolle, jaar=JAAR, runs=10)
    assert err.value.code == "geen_toegang"
