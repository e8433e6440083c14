"""Simulation engine timings on one core: every kind at its largest allowed size, and the file_distribution swarm
at N = 1000 peers x 256 chunks (target: at most 2 s; reported as chunk transfers per second).

    .venv/bin/python -m benchmarks.engine          # or: .venv/bin/python benchmarks/engine.py
    BENCH_SMALL=1 .venv/bin/python -m benchmarks.engine   # one repeat, fewer worst cases (a smoke run)

Prints a table and writes benchmarks/results/engine.json. Pure Python: no database, no Django settings.
"""

from __future__ import annotations

import os

# One core: keep any threaded numerical library to a single thread (numpy's element-wise code is single-threaded).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from simulator.engine import KINDS, validate_params  # noqa: E402
from simulator.engine import file_distribution as fd  # noqa: E402
from simulator.engine._util import rng_for  # noqa: E402

SMALL = os.environ.get("BENCH_SMALL") == "1"
REPEATS = 1 if SMALL else 3
BUDGET_S = 20.0  # every allowed parameter set should finish within this (the Celery soft limit is 60 s)
SWARM_TARGET_S = 2.0

TEXTBOOK = {"file_size_bits": 15e9, "server_upload_bps": 30e6, "peer_download_bps": 2e6}

# The largest allowed sizes, with the rate corners that cost the most (found by scanning the corners of the
# bounds: a server no faster than one download with upload-rich peers leaves no slack, the costliest case).
LARGEST = {"peers": 1000, "chunks": 512}
TIGHT = {**LARGEST, "server_upload_bps": 1e6, "peer_download_bps": 1e6}
WORST = {
    "file_distribution": [
        {**LARGEST, **TEXTBOOK, "peer_upload_bps": 700e3},
        {**LARGEST, **TEXTBOOK, "peer_upload_bps": 0},
        {**LARGEST, "server_upload_bps": 1e3, "peer_download_bps": 1e11, "peer_upload_bps": 1e11},
        {**TIGHT, "peer_upload_bps": 4e6},
        {**TIGHT, "peer_upload_bps": 1e11},
        {**TIGHT, "peer_upload_bps": 4e6, "peer_upload_spread": 1.0},
        {**LARGEST, **TEXTBOOK, "peer_upload_bps": 700e3, "peer_upload_spread": 1.0},
        {**LARGEST, **TEXTBOOK, "peer_upload_bps": 700e3, "free_rider_fraction": 0.2},
        {**LARGEST, **TEXTBOOK, "peer_upload_bps": 700e3, "free_rider_fraction": 0.9},
    ],
    "lookup": [
        {"peers": 10000, "lookups": 1000, "ttl_max": 12, "degree": 16},
        {"peers": 10000, "lookups": 1000, "ttl_max": 12, "degree": 16, "failed_fraction": 0.5, "replicas": 50},
    ],
    "server_load": [
        {"clients": 1000, "requests": 10000},
        {
            "clients": 1000,
            "requests": 10000,
            "request_rate": 1000,
            "server_capacity_bps": 1e3,
            "peer_capacity_bps": 1e3,
        },
    ],
    "availability": [
        {"copies": 50, "join_rate": 1e-2, "leave_rate": 1e-2, "duration_s": 1e8, "server_uptime": 0.5},
        {"copies": 50, "join_rate": 1e-2, "leave_rate": 1e-2, "duration_s": 1e8, "server_repair_s": 60},
    ],
}


def _time(fn, repeats: int) -> tuple[float, float, float, object]:
    """(best CPU seconds, median CPU seconds, best wall seconds, last result). CPU time of this process is what
    one core spends; wall time also counts waiting for a core on a busy machine."""
    cpu, wall = [], []
    out = None
    for _ in range(repeats):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        out = fn()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    return min(cpu), statistics.median(cpu), min(wall), out


def _swarm_row(case: str, swarm, bound: float, **extra) -> dict:
    """One swarm case: `swarm` is what _time returned for it, `bound` its analytic P2P time."""
    best, median, wall, sim = swarm
    return {
        "case": case,
        "best_s": best,
        "median_s": median,
        "wall_s": wall,
        "transfers": sim.transfers,
        "rounds": sim.rounds,
        "transfers_per_s": sim.transfers / best,
        "simulated_over_analytic": sim.time_s / bound,
        **extra,
        "within_target": best <= SWARM_TARGET_S,
    }


def bench_swarm() -> list[dict]:
    rows = []
    for u in (300e3, 700e3, 2e6):
        swarm = _time(lambda u=u: fd.simulate_swarm(15e9, 256, 30e6, 1000, 2e6, u, rng_for(0, 2)), REPEATS)
        bound = fd.p2p_time(15e9, 30e6, 1000, 2e6, 1000 * u)
        rows.append(_swarm_row(f"swarm N=1000 x 256 chunks, textbook rates, u={u:g} bit/s", swarm, bound))
    # Free-riders: 20% of the peers upload nothing and the swarm chokes (tit-for-tat + optimistic unchoke).
    uploads = np.full(1000, 700e3)
    uploads[fd.free_riders_among(1000, 0.2)] = 0.0
    swarm = _time(lambda: fd.simulate_swarm(15e9, 256, 30e6, 1000, 2e6, uploads, rng_for(0, 2), choking=True), REPEATS)
    riders = uploads == 0
    completion = swarm[3].completion_s
    rows.append(
        _swarm_row(
            "swarm N=1000 x 256 chunks, u=700 kbit/s, 20% free-riders, choking",
            swarm,
            fd.p2p_time(15e9, 30e6, 1000, 2e6, float(uploads.sum())),
            contributors_mean_s=float(completion[~riders].mean()),
            free_riders_mean_s=float(completion[riders].mean()),
        )
    )
    return rows


def bench_kinds() -> list[dict]:
    rows = []
    for name, cases in WORST.items():
        kind = KINDS[name]
        for raw in cases[:1] if SMALL else cases:
            params, errors = validate_params(kind, raw)
            assert not errors, (name, errors)
            calls: list[float] = []

            def one(kind=kind, params=params, calls=calls):
                return kind.run(params, seed=0, progress=lambda f: calls.append(time.process_time()))

            best, _, wall, _ = _time(one, 1)
            rows.append(
                {
                    "kind": name,
                    "params": raw,
                    "seconds": best,
                    "wall_s": wall,
                    "progress_calls": len(calls),
                    # The longest CPU stretch without a progress call bounds how long a cancel takes to land.
                    "max_progress_gap_s": max(b - a for a, b in zip(calls, calls[1:], strict=False)) if calls else None,
                    "within_budget": best <= BUDGET_S,
                }
            )
    return rows


def main() -> int:
    swarm = bench_swarm()
    kinds = bench_kinds()
    print("times are CPU seconds of this process (one core); wall time is in the JSON")
    print(f"{'swarm case':62} {'best s':>7} {'median s':>8} {'transfers/s':>12} {'sim/analytic':>12}")
    for r in swarm:
        print(
            f"{r['case']:62} {r['best_s']:7.3f} {r['median_s']:8.3f} {r['transfers_per_s']:12,.0f} "
            f"{r['simulated_over_analytic']:12.3f}"
        )
    print()
    print(f"{'kind':18} {'seconds':>8} {'max gap s':>9}  largest-size parameters")
    for r in kinds:
        print(f"{r['kind']:18} {r['seconds']:8.2f} {r['max_progress_gap_s']:9.3f}  {json.dumps(r['params'])}")
    worst = max(r["seconds"] for r in kinds)
    print(f"\nworst case: {worst:.2f} s (budget {BUDGET_S:.0f} s); swarm target {SWARM_TARGET_S} s")
    out = {
        "machine": {"python": platform.python_version(), "numpy": np.__version__, "cpu": platform.processor()},
        "small": SMALL,
        "repeats": REPEATS,
        "swarm_target_s": SWARM_TARGET_S,
        "budget_s": BUDGET_S,
        "swarm": swarm,
        "kinds": kinds,
        "worst_kind_s": worst,
    }
    path = ROOT / "benchmarks" / "results" / "engine.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {path.relative_to(ROOT)}")
    ok = all(r["within_target"] for r in swarm) and all(r["within_budget"] for r in kinds)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
