"""Celery on Redis under the real API: 1,000 small simulations posted through POST /api/v1/simulations/.

Two phases, both through the API and the real workers started by run.sh:
- burst: 1,000 runs posted as fast as 8 clients can (each by a different student); gives completed
  per second and the count lost. accepted -> started here includes the wait in the queue.
- paced: runs posted one at a time at half the burst's completion rate, so the queue stays (nearly) empty and
  accepted -> started measures dispatch itself (the target: p50 under 10 ms).
Times come from the runs' own created_at / dispatched_at / started_at / finished_at. "Lost" is a run that
was acknowledged with 202 but is missing or not finished when the timeout expires.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import time

import django

from benchmarks.common import (
    BASE_URL,
    VAR,
    cpu_delta,
    cpu_snapshot,
    load_fixtures,
    percentile,
    session,
    write_result,
)

django.setup()

from simulator.models import SimulationRun  # noqa: E402

BURST = int(os.environ.get("BENCH_SIMULATIONS", "1000"))
PACED = int(os.environ.get("BENCH_SIMULATIONS_PACED", "50"))
CLIENTS = 8
TIMEOUT_S = int(os.environ.get("BENCH_SIMULATIONS_TIMEOUT", "600"))
# The cheapest kind at its smallest size. Engine CPU per run with every whole-number parameter at its minimum,
# measured on this machine: lookup 1.2 ms, server_load 7.4 ms, availability 28 ms (its default simulated
# duration), file_distribution 146 ms. Charts are drawn when a run is first viewed, not by the worker.
KIND = os.environ.get("BENCH_SIM_KIND", "lookup")


def small_request(token: str) -> dict:
    """The chosen kind with every whole-number parameter at its minimum: the smallest real run."""
    kinds = session(token).get(f"{BASE_URL}/api/v1/simulations/kinds/", timeout=30).json()
    kinds = kinds.get("results", kinds) if isinstance(kinds, dict) else kinds
    kind = next((k for k in kinds if k["kind"] == KIND), kinds[0])
    params = {}
    for p in kind["params"]:
        if p.get("type") == "int":
            params[p["name"]] = p["min"]
    return {"kind": kind["kind"], "params": params}


def post(args) -> dict:
    token, body = args
    t0 = time.perf_counter()
    r = session(token).post(f"{BASE_URL}/api/v1/simulations/", json=body, timeout=60)
    out = {"status": r.status_code, "ms": (time.perf_counter() - t0) * 1000, "token": token}
    if r.status_code == 202:
        out["id"] = r.json()["id"]
    else:
        out["body"] = r.text[:300]
    return out


def wait_finished(ids: list[int]) -> tuple[float, int]:
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        pending = SimulationRun.objects.filter(id__in=ids).exclude(status__in=SimulationRun.FINISHED).count()
        if pending == 0 or time.monotonic() > deadline:
            return time.monotonic(), pending
        time.sleep(0.25)


def stats(ids: list[int], acknowledged: int) -> dict:
    runs = list(
        SimulationRun.objects.filter(id__in=ids).values(
            "id", "status", "created_at", "dispatched_at", "started_at", "finished_at", "attempts"
        )
    )
    found = {r["id"] for r in runs}
    finished = [r for r in runs if r["status"] in SimulationRun.FINISHED]

    def ms(a, b):
        return [(r[b] - r[a]).total_seconds() * 1000 for r in runs if r[a] and r[b]]

    def summary(values):
        return {
            "p50": round(percentile(values, 50), 2) if values else None,
            "p95": round(percentile(values, 95), 2) if values else None,
            "max": round(max(values), 2) if values else None,
        }

    first_created = min((r["created_at"] for r in runs), default=None)
    last_finished = max((r["finished_at"] for r in finished if r["finished_at"]), default=None)
    span = (last_finished - first_created).total_seconds() if first_created and last_finished else None
    by_status: dict[str, int] = {}
    for r in runs:
        by_status[r["status"]] = by_status.get(r["status"], 0) + 1
    return {
        "acknowledged": acknowledged,
        "in_database": len(found),
        "finished": len(finished),
        "by_status": by_status,
        "lost": acknowledged - len(finished),
        "retried": sum(1 for r in runs if (r["attempts"] or 0) > 1),
        "accepted_to_started_ms": summary(ms("created_at", "started_at")),
        "dispatched_to_started_ms": summary(ms("dispatched_at", "started_at")),
        "started_to_finished_ms": summary(ms("started_at", "finished_at")),
        "completed_per_s": round(len(finished) / span, 1) if span else None,
        "span_s": round(span, 2) if span else None,
    }


def burst(students: list[dict], body: dict) -> tuple[dict, list[dict]]:
    jobs = [(students[n % len(students)]["token"], body) for n in range(BURST)]
    before = cpu_snapshot()
    t0 = time.monotonic()
    with cf.ThreadPoolExecutor(CLIENTS) as pool:
        answers = list(pool.map(post, jobs))
    posted_s = time.monotonic() - t0
    accepted = [a for a in answers if a["status"] == 202]
    done_at, pending = wait_finished([a["id"] for a in accepted])
    cpu = cpu_delta(before, cpu_snapshot(), len(accepted), done_at - t0)
    result = stats([a["id"] for a in accepted], len(accepted))
    result["cpu_ms_per_run"] = cpu
    result.update(
        posted=len(jobs),
        rejected=len(jobs) - len(accepted),
        rejected_samples=[a for a in answers if a["status"] != 202][:3],
        post_rate_per_s=round(len(jobs) / posted_s, 1),
        post_ms={
            "p50": round(percentile([a["ms"] for a in answers], 50), 1),
            "p99": round(percentile([a["ms"] for a in answers], 99), 1),
        },
        pending_at_timeout=pending,
    )
    return result, accepted


def paced(students: list[dict], body: dict, rate: float) -> dict:
    interval = 1 / rate
    answers = []
    s = students[-1]["token"]
    next_at = time.monotonic()
    for n in range(PACED):
        token = students[-1 - (n % len(students))]["token"] if len(students) > 1 else s
        answers.append(post((token, body)))
        next_at += interval
        time.sleep(max(0.0, next_at - time.monotonic()))
    accepted = [a for a in answers if a["status"] == 202]
    wait_finished([a["id"] for a in accepted])
    result = stats([a["id"] for a in accepted], len(accepted))
    result.update(posted=PACED, rejected=PACED - len(accepted), rate_per_s=round(rate, 2))
    return result


def main():
    fx = load_fixtures()
    students = fx["students"]
    body = small_request(students[0]["token"])
    print(f"  posting {BURST} x {json.dumps(body)}", flush=True)
    burst_result, accepted = burst(students, body)
    print(
        f"  burst: {burst_result['finished']}/{burst_result['acknowledged']} finished, lost {burst_result['lost']}, "
        f"{burst_result['completed_per_s']} completed/s, accepted->started p50 "
        f"{burst_result['accepted_to_started_ms']['p50']} ms",
        flush=True,
    )
    rate = min(20.0, max(1.0, (burst_result["completed_per_s"] or 2) / 2))
    paced_result = paced(students, body, rate)
    print(
        f"  paced at {rate:.1f}/s: accepted->started p50 {paced_result['accepted_to_started_ms']['p50']} ms, "
        f"p95 {paced_result['accepted_to_started_ms']['p95']} ms, lost {paced_result['lost']}",
        flush=True,
    )
    (VAR / "simulation_runs.json").write_text(json.dumps([{"id": a["id"], "token": a["token"]} for a in accepted]))
    write_result(
        "celery",
        {
            "request": body,
            "workers": {"concurrency": int(os.environ.get("BENCH_CELERY_CONCURRENCY", "2")), "broker": "redis"},
            "burst": burst_result,
            "paced": paced_result,
            "lost_total": burst_result["lost"] + paced_result["lost"],
        },
    )


if __name__ == "__main__":
    main()
