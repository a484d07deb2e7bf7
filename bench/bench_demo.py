"""How long `uitkomst demo --clients N` takes on this machine (issue 2: 100,000 within minutes)."""

from __future__ import annotations

from common import bench_env, run


def main(quick: bool = False) -> dict:
    sizes = [1_000, 10_000] if quick else [10_000, 100_000]
    env = bench_env("demo")
    if "sqlite" in env["DATABASE_URL"]:
        path = env["DATABASE_URL"].removeprefix("sqlite:///")
        import os

        if os.path.exists(path):
            os.remove(path)
    run(["migrate", "-v0"], env)
    run(["referentiemodellen"], env)
    result = {}
    for n in sizes:
        seconds = run(["demo", "--clients", str(n), "--seed", "2018", "--no-progress"], env)
        result[f"clients_{n}"] = {"seconds": round(seconds, 1), "clients_per_second": round(n / seconds)}
        print(f"demo --clients {n}: {seconds:.1f} s ({n / seconds:.0f} clients/s)")
    small, large = sizes
    ratio = result[f"clients_{large}"]["seconds"] / result[f"clients_{small}"]["seconds"]
    result["scaling_ratio"] = round(ratio, 2)
    print(f"time ratio {large}/{small} clients: {ratio:.2f} (10.0 = linear)")
    return result
