"""Where a flow misses its target: py-spy on every gunicorn worker while wrk replays the flow.

    python -m benchmarks.profile [FLOW ...]     # default: every flow that missed its target in results/flows.json

py-spy samples the workers' Python stacks (CPU only: a worker waiting on PostgreSQL is idle and not sampled).
Samples are grouped by the innermost frame's package (psycopg, django.db, rest_framework, the project's
own code, ...) and by function. Writes results/profile.json and var/bench/profiles/<flow>.txt (raw stacks).
"""

from __future__ import annotations

import collections
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import flows
from benchmarks.common import VAR, load_fixtures, read_result, write_result

SECONDS = int(os.environ.get("BENCH_PROFILE_SECONDS", "8"))
PY_SPY = Path(sys.executable).with_name("py-spy")
FRAME = re.compile(r"^(?P<func>.*) \((?P<path>[^()]*?)(?::\d+)?\)$")

AREAS = [
    ("psycopg (driver)", ("psycopg/", "psycopg_binary/")),
    ("django.db (ORM: building SQL, making rows)", ("django/db/",)),
    ("rest_framework (views, serializers, auth, throttling)", ("rest_framework/",)),
    ("redis client (cache, throttle)", ("redis/", "django/core/cache/")),
    ("django templates / i18n", ("django/template/", "django/utils/translation/")),
    ("django core / http / middleware / urls", ("django/",)),
    ("whitenoise / htmx middleware", ("whitenoise/", "django_htmx/")),
    ("json / encoding", ("json/", "encodings/")),
    ("fsrs (scheduler)", ("fsrs/",)),
    ("project: learning/", ("learning/",)),
    ("project: simulator/", ("simulator/",)),
    ("gunicorn / wsgi", ("gunicorn/", "wsgiref/")),
]


def area_of(path: str) -> str:
    """py-spy shortens file names to the package path (django/db/models/query.py)."""
    for name, needles in AREAS:
        if any(path.startswith(n) or f"/{n}" in path for n in needles):
            return name
    return "other (stdlib, ...)"


def gunicorn_workers() -> list[int]:
    procs = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if "gunicorn" in cmd.split(" -")[0] and "config.wsgi" in cmd:
                procs[int(entry.name)] = ppid
    return [pid for pid, ppid in procs.items() if ppid in procs]


def collapse(raw_files: list[Path]) -> tuple[collections.Counter, collections.Counter, int]:
    by_area: collections.Counter = collections.Counter()
    by_func: collections.Counter = collections.Counter()
    total = 0
    for path in raw_files:
        for line in path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            n = int(count)
            leaf = stack.split(";")[-1]
            m = FRAME.match(leaf)
            func, file = (m["func"], m["path"]) if m else (leaf, "")
            by_area[area_of(file)] += n
            by_func[f"{func} ({file.split('site-packages/')[-1].split('/work/main/')[-1]})"] += n
            total += n
    return by_area, by_func, total


def profile(flow: flows.Flow, workers: list[int]) -> dict:
    flows.check(flow)  # the workers have loaded the views before sampling starts
    out_dir = VAR / "profiles"
    out_dir.mkdir(parents=True, exist_ok=True)
    raws = [Path(tempfile.mktemp(suffix=f".{pid}.txt", dir=out_dir)) for pid in workers]
    spies = [
        subprocess.Popen(
            [str(PY_SPY), "record", "-p", str(pid), "-d", str(SECONDS + 1), "-r", "200", "-f", "raw", "-o", str(raw),
             "--nonblocking"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid, raw in zip(workers, raws, strict=True)
    ]  # fmt: skip
    lines = flow.lines[3:] if flow.one_shot else flow.lines
    run = flows.wrk(flow, lines, SECONDS)
    for spy in spies:
        spy.wait(timeout=60)
    by_area, by_func, total = collapse([r for r in raws if r.exists()])
    with (out_dir / f"{flow.name}.txt").open("w") as f:
        for r in raws:
            if r.exists():
                f.write(r.read_text())
                r.unlink()
    pct = lambda n: round(100 * n / max(total, 1), 1)  # noqa: E731
    return {
        "rps_while_profiled": run["rps"],
        "samples": total,
        "cpu_by_area_pct": {k: pct(v) for k, v in by_area.most_common()},
        "top_functions_pct": {k: pct(v) for k, v in by_func.most_common(15)},
        "cpu_ms_per_request": run["cpu_ms_per_request"],
    }


def missed(results: dict) -> list[str]:
    names = []
    for f in results.get("flows", []):
        if f.get("meets_target") is False:
            names.append("gradebook" if f["name"] == "gradebook_c1" else f["name"])
    return list(dict.fromkeys(names))


def main():
    fx = load_fixtures()
    wanted = sys.argv[1:] or missed(read_result("flows") or {})
    if not wanted:
        print("  every flow met its target: nothing to profile")
        return
    workers = gunicorn_workers()
    if not workers:
        sys.exit("no gunicorn workers found")
    available = {f.name: f for f in flows.build_reads(fx)}
    builders = {
        "attempt_start": flows.build_attempt_start,
        "attempt_submit": flows.build_attempt_submit,
        "card_review": flows.build_card_review,
    }
    results = read_result("profile") or {}
    for name in wanted:
        flow = available.get(name) or (builders[name](fx) if name in builders else None)
        if flow is None or not flow.lines:
            print(f"  {name}: nothing to replay")
            continue
        results[name] = profile(flow, workers)
        top = ", ".join(f"{k} {v}%" for k, v in list(results[name]["cpu_by_area_pct"].items())[:5])
        print(f"  {name:<16} {results[name]['samples']} samples: {top}", flush=True)
    write_result("profile", results)


if __name__ == "__main__":
    main()
