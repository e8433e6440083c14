"""Summarise benchmarks/results/*.json into results/summary.json and the table in benchmarks/README.md."""

from __future__ import annotations

import datetime as dt
import os
import re

from benchmarks.common import BASE_DIR, machine, read_result, write_result

README = BASE_DIR / "benchmarks" / "README.md"
START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"


def _fmt(value, digits=0):
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def _ok(flag):
    return "–" if flag is None else ("yes" if flag else "**no**")


def flows_table(flows: dict) -> list[str]:
    rows = [
        "| flow | kind | req/s | p50 ms | p99 ms | non-2xx | ÷ bare | ÷ one-row | target | met "
        "| CPU ms/request: gunicorn / PostgreSQL / all |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for f in flows.get("flows", []):
        if f.get("skipped"):
            rows.append(f"| {f['title']} | {f['kind']} | skipped: {f['skipped']} | | | | | | | | |")
            continue
        target, met = f.get("target_ratio_to_row"), f.get("meets_target")
        if f.get("target_p99_ms") is not None:
            target = f"p99 < {f['target_p99_ms']} ms"
        elif f.get("target_ratio_to_bare") is not None:
            target = f"≥ {f['target_ratio_to_bare']} × bare"
        else:
            target = f"≥ {target} × one-row" if target is not None else None
        cpu = f.get("cpu_ms_per_request") or {}
        rows.append(
            f"| {f['title']} (c={f['connections']}) | {f['kind']} | {_fmt(f['rps'], 1)} | {_fmt(f['p50_ms'], 1)} | "
            f"{_fmt(f['p99_ms'], 1)} | {f['non_2xx']} | {_fmt(f.get('ratio_to_bare'), 3)} | "
            f"{_fmt(f.get('ratio_to_row'), 3)} | {target if target is not None else '–'} | {_ok(met)} | "
            f"{_fmt(cpu.get('gunicorn'), 2)} / {_fmt(cpu.get('postgres'), 2)} / {_fmt(cpu.get('all_ms'), 2)} |"
        )
    return rows


def celery_table(celery: dict) -> list[str]:
    rows = [
        "| phase | runs acknowledged | finished | lost | accepted→started p50 / p95 ms | "
        "dispatched→started p50 ms | run p50 ms | completed/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in ("burst", "paced"):
        c = celery.get(name)
        if not c:
            continue
        a2s, d2s, run = c["accepted_to_started_ms"], c["dispatched_to_started_ms"], c["started_to_finished_ms"]
        label = (
            f"burst ({c['posted']} posted by 8 clients)"
            if name == "burst"
            else f"paced ({c['posted']} at {c['rate_per_s']}/s)"
        )
        rows.append(
            f"| {label} | {c['acknowledged']} | {c['finished']} | {c['lost']} | {_fmt(a2s['p50'], 1)} / "
            f"{_fmt(a2s['p95'], 1)} | {_fmt(d2s['p50'], 1)} | {_fmt(run['p50'], 1)} | {_fmt(c['completed_per_s'], 1)} |"
        )
    return rows


def engine_lines(engine: dict) -> list[str]:
    """benchmarks/engine.py's JSON: the swarm cases and each kind at its largest allowed size."""
    rows = ["| case | best s | within target |", "| --- | ---: | --- |"]
    for r in engine.get("swarm", []):
        rows.append(
            f"| {r.get('case')} ({_fmt(r.get('transfers_per_s'), 0)} chunk transfers/s) | "
            f"{_fmt(r.get('best_s'), 3)} | {_ok(r.get('within_target'))} (≤ {engine.get('swarm_target_s')} s) |"
        )
    for r in engine.get("kinds", []):
        params = ", ".join(f"{k}={v:g}" if isinstance(v, int | float) else f"{k}={v}" for k, v in r["params"].items())
        rows.append(
            f"| {r.get('kind')} at its largest size ({params}) | {_fmt(r.get('seconds'), 3)} | "
            f"{_ok(r.get('within_budget'))} (≤ {engine.get('budget_s')} s) |"
        )
    return rows if len(rows) > 2 else ["See `results/engine.json`."]


def main():
    seed = read_result("seed") or {}
    flows = read_result("flows") or {}
    celery = read_result("celery") or {}
    load = read_result("loadtest") or {}
    engine = read_result("engine")
    m = machine()
    summary = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": m,
        "schema": os.environ.get("BENCH_SCHEMA", "?"),
        "config": flows.get("config"),
        "seed": seed,
        "flows": {
            f["name"]: {k: f.get(k) for k in ("rps", "p50_ms", "p99_ms", "non_2xx", "ratio_to_bare", "ratio_to_row")}
            for f in flows.get("flows", [])
            if not f.get("skipped")
        },
        "celery": {k: celery.get(k) for k in ("burst", "paced", "lost_total")},
        "loadtest": {
            k: load.get(k) for k in ("users", "seconds", "passed", "server_errors", "total", "database", "knee")
        },
        "engine": engine,
    }
    write_result("summary", summary)

    cfg = flows.get("config") or {}
    counts = seed.get("counts", {})
    lines = [
        START,
        f"Run of {summary['generated_at']} on {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB, "
        f"Python {m['python']}, {m['postgresql']}, Redis {m['redis'].replace('Redis server v=', '')}. "
        f"gunicorn {cfg.get('gunicorn_workers', '?')} sync workers, wrk {cfg.get('connections', '?')} connections, "
        f"{cfg.get('duration_s', '?')} s per flow after {cfg.get('warmup_s', '?')} s warm-up; "
        f"Celery prefork concurrency {celery.get('workers', {}).get('concurrency', '?')} on Redis; "
        f"tables from {summary['schema']}.",
        "",
        f"Seed: {_fmt(counts.get('classes'))} classes, {_fmt(counts.get('students'))} students, "
        f"{_fmt(counts.get('quiz_answers'))} quiz answers, {_fmt(counts.get('card_reviews'))} card reviews "
        f"in {_fmt(seed.get('total_s'), 1)} s.",
        "",
        *flows_table(flows),
        "",
        *celery_table(celery),
        "",
    ]
    if load:
        db = load["database"]
        lines += [
            f"Load test: {load['users']} students × {load['seconds']} s, full study loop: "
            f"{_fmt(load['total']['requests'])} requests ({_fmt(load['total']['rps'], 1)} req/s, p50 "
            f"{_fmt(load['total']['p50_ms'])} ms, p99 {_fmt(load['total']['p99_ms'])} ms), "
            f"**{load['server_errors']} server errors**; submissions in the database "
            f"{db['submissions_in_db']} / {db['submissions_acknowledged']} acknowledged, reviews "
            f"{db['reviews_in_db']} / {db['reviews_acknowledged']}, autosaved answers "
            f"{db.get('autosaves_in_db', '–')} / {db.get('autosaves_acknowledged', '–')} (attempts graded from them "
            f"not as saved: {db.get('graded_not_as_saved', '–')}), simulations finished "
            f"{db['simulations_finished']} / {db['simulations_accepted']}: **{'PASS' if load['passed'] else 'FAIL'}**.",
            "",
        ]
        knee = load.get("knee")
        if knee:
            levels = ", ".join(f"{lv['users']}: {_fmt(lv['p99_ms'])} ms" for lv in knee["levels"])
            crossed = knee["p99_over_1s_from"]
            lines += [
                f"The knee (p99 of the whole loop by students; the main run, then {knee['levels'][-1]['seconds']} s "
                f"runs): {levels}. "
                + (f"p99 passes 1 s from {crossed} students." if crossed else "p99 stayed under 1 s at every level."),
                "",
            ]
    if engine:
        lines += ["Engine alone (`benchmarks/engine.py`):", "", *engine_lines(engine), ""]
    lines.append(END)
    block = "\n".join(lines)
    text = README.read_text() if README.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START in text and END in text:
        text = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _m: block, text, flags=re.S)
    else:
        text += "\n" + block + "\n"
    README.write_text(text)
    print(block)


if __name__ == "__main__":
    main()
