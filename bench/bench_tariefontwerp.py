"""Tariff design and funding simulation (issue 16) on a region whose reference year has N clients.

The demo region is built small (the design and the simulation read only the PxQ history), then the
synthetic history is rebuilt for N clients (100,000 at full size, BENCH_TARIEF_CLIENTS to change).
Timed: the history build, the mapping proposal, the design (population mean), and a 1,000-run
simulation of the five funding forms for the region and for one municipality."""

from __future__ import annotations

import os
import time

from common import bench_env, run, summary


def _timed(fn, repeat: int) -> tuple[dict, object]:
    samples, value = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        value = fn()
        samples.append(time.perf_counter() - t)
    return summary(samples), value


def main(quick: bool = False) -> dict:
    clients = int(os.environ.get("BENCH_TARIEF_CLIENTS", 5000 if quick else 100_000))
    env = bench_env("tariefontwerp")
    run(["migrate", "-v0"], env)
    run(["referentiemodellen"], env)
    run(["demo", "--clients", "200", "--seed", "2018"], env)
    os.environ.update({k: v for k, v in env.items() if k in ("DATABASE_URL", "UITKOMST_VAR_DIR")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uitkomst.conf.settings")
    import django

    django.setup()
    from uitkomst.accounts import policy
    from uitkomst.catalogus.models import Inkoopmodel
    from uitkomst.demo import services as demo
    from uitkomst.demo.historie import demo_historie_build
    from uitkomst.organisaties.models import Gemeente, Regio
    from uitkomst.simulatie.services import simuleer
    from uitkomst.tariefontwerp import selectors, services
    from uitkomst.tariefontwerp.models import Historieregel

    door = policy.systeem_actor("bench")
    regio = Regio.objects.get(code="ijsselland")
    model = Inkoopmodel.objects.get(code="ijsselland-jeugd-2018")
    zwolle = Gemeente.objects.get(cbs_code="0193")
    repeat = 3 if quick else 5
    t = time.perf_counter()
    gewichten = (demo.PROFILE_WEIGHTS, demo.INTENSITY_WEIGHTS, demo.INTENSITY_OVERRIDES)
    historie = demo_historie_build(seed=2018, clients=clients, gewichten=gewichten)
    out = {"clients": clients, "history_build_s": time.perf_counter() - t,
           "history_lines": Historieregel.objects.filter(historie=historie).count()}  # fmt: skip
    out["mapping_proposal"], _ = _timed(
        lambda: services.koppeling_voorstellen(historie=historie, inkoopmodel=model, door=door), repeat
    )
    out["design_population_mean"], result = _timed(
        lambda: selectors.ontwerp(user=door, historie=historie, inkoopmodel=model), repeat
    )
    out["design_tariffs"] = result["aantal_voorstellen"]
    out["design_budget_deviation"] = result["budget"]["afwijking"]
    out["simulation_1000_runs_region"], sim = _timed(
        lambda: simuleer(user=door, regio=regio, jaar=2027, runs=1000, gevoeligheid=True), repeat
    )
    out["simulation_1000_runs_zwolle"], _ = _timed(
        lambda: simuleer(user=door, regio=regio, gemeente=zwolle, jaar=2027, runs=1000), repeat
    )
    out["simulated_inflow_region"] = sim["verwachte_instroom"]
    for k, v in out.items():
        print(f"{k:34s} {v}")
    return out


if __name__ == "__main__":
    main()
