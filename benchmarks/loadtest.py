"""The load test: 200 simulated students for 60 s (locust, headless), then the database is counted.

Passes when there was no server error (5xx or dropped connection) and every acknowledged quiz submission
and card review is in the database: each acknowledged attempt is submitted and graded, each acknowledged
review (sent with its own review_id) has its ReviewLog row, each accepted simulation finished.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime

import django

from benchmarks.common import BASE_URL, FIXTURES, VAR, read_result, write_result

django.setup()

from learning.models import Answer, Attempt, ReviewLog, SavedAnswer  # noqa: E402
from simulator.models import SimulationRun  # noqa: E402

USERS = int(os.environ.get("BENCH_LOADTEST_USERS", "400"))
SECONDS = int(os.environ.get("BENCH_LOADTEST_SECONDS", "60"))
DRAIN_S = int(os.environ.get("BENCH_LOADTEST_DRAIN", "600"))
# The knee: after the main run, shorter runs at these numbers of students (comma separated; empty: none)
# find where p99 crosses 1 s.
KNEE = [int(n) for n in os.environ.get("BENCH_LOADTEST_KNEE", "").split(",") if n.strip()]
KNEE_SECONDS = int(os.environ.get("BENCH_LOADTEST_KNEE_SECONDS", "20"))


def _locust(users: int, seconds: int, out):
    out.unlink(missing_ok=True)
    celery = read_result("celery") or {}
    env = dict(
        os.environ,
        BENCH_FIXTURES=str(FIXTURES),
        BENCH_LOCUST_OUT=str(out),
        BENCH_SIM_BODY=json.dumps(celery.get("request") or {"kind": "file_distribution", "params": {}}),
    )
    spawn_rate = max(1, users // 2)  # everyone is in within 2 s
    cmd = [
        os.path.join(os.path.dirname(sys.executable), "locust"),
        "-f", os.path.join(os.path.dirname(__file__), "locustfile.py"),
        "--headless", "--only-summary", "--loglevel", "WARNING",
        "-u", str(users), "-r", str(spawn_rate), "-t", f"{seconds + 2}s", "--stop-timeout", "10",
        "--host", BASE_URL,
    ]  # fmt: skip
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if not out.exists():
        sys.exit(f"locust wrote no result (exit {proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return proc, json.loads(out.read_text())


def knee(main_users: int, main_p99: float) -> dict:
    """p99 of the whole loop at each number of students in KNEE (and the main run's); the knee is the
    first number at which p99 passes 1 s."""
    levels = [{"users": main_users, "seconds": SECONDS, "p99_ms": main_p99}]
    for users in KNEE:
        _proc, client = _locust(users, KNEE_SECONDS, VAR / "locust-knee.json")
        total = client["total"]
        levels.append(
            {
                "users": users,
                "seconds": KNEE_SECONDS,
                "p50_ms": total["p50_ms"],
                "p99_ms": total["p99_ms"],
                "rps": total["rps"],
                "server_errors": client["server_errors"],
            }
        )
        print(f"  knee: {users} students, p99 {total['p99_ms']} ms, {total['rps']} req/s", flush=True)
    levels.sort(key=lambda level: level["users"])
    crossed = next((level["users"] for level in levels if level["p99_ms"] > 1000), None)
    return {"levels": levels, "p99_over_1s_from": crossed}


def main():
    out = VAR / "locust.json"
    started = time.time()
    proc, client = _locust(USERS, SECONDS, out)
    ack = client["acknowledged"]

    # Simulations still queued when the clock stopped are given time to finish before they are counted.
    drain_started = time.monotonic()
    deadline = drain_started + DRAIN_S
    while time.monotonic() < deadline:
        if not SimulationRun.objects.filter(id__in=ack["simulations"]).exclude(status__in=SimulationRun.FINISHED):
            break
        time.sleep(0.5)
    drain_s = round(time.monotonic() - drain_started, 1)

    submitted = Attempt.objects.filter(id__in=ack["submissions"], submitted_at__isnull=False, score__isnull=False)
    answered = Answer.objects.filter(attempt_id__in=ack["submissions"]).values("attempt_id").distinct().count()
    review_ids = [r["review_id"] for r in ack["reviews"]]
    reviews_found = ReviewLog.objects.filter(review_id__in=review_ids).count()
    review_check = "by review_id"
    if reviews_found < len(review_ids):
        # The API may not keep the client's review_id: then each acknowledged (student, card) review must have
        # its own row written since the test started.
        review_check = "by (student, card) rows written during the test"
        wanted = Counter((r["student"], r["card"]) for r in ack["reviews"])
        rows = Counter(
            ReviewLog.objects.filter(
                student_id__in={s for s, _ in wanted}, reviewed_at__gte=datetime.fromtimestamp(started - 1, UTC)
            ).values_list("student_id", "card_id")
        )
        reviews_found = sum(min(n, rows[key]) for key, n in wanted.items())
    # Autosaves: each acknowledged (attempt, question) holds the last acknowledged answer, and an attempt
    # submitted with no responses was graded from exactly those answers.
    saves = {tuple(map(int, k.split(":"))): v for k, v in ack.get("saves", {}).items()}
    canon = lambda v: json.dumps(v, sort_keys=True)  # noqa: E731
    attempts_saved = {a for a, _ in saves}
    stored = {
        (a, q): canon(v)
        for a, q, v in SavedAnswer.objects.filter(attempt_id__in=attempts_saved).values_list(
            "attempt_id", "question_id", "answer"
        )
    }
    in_flight = {tuple(map(int, k.split(":"))): canon(v) for k, v in ack.get("saves_in_flight", {}).items()}
    saves_found = sum(stored.get(key) in (canon(v), in_flight.get(key)) for key, v in saves.items())
    graded = {
        (a, q): canon(v)
        for a, q, v in Answer.objects.filter(attempt_id__in=ack.get("from_saved", [])).values_list(
            "attempt_id", "question_id", "answer"
        )
    }
    from_saved = set(ack.get("from_saved", []))
    graded_wrong = sum(graded.get(key) != canon(v) for key, v in saves.items() if key[0] in from_saved)
    sims = SimulationRun.objects.filter(id__in=ack["simulations"])
    db = {
        "submissions_acknowledged": len(ack["submissions"]),
        "submissions_in_db": submitted.count(),
        "submissions_with_answers": answered,
        "reviews_acknowledged": len(review_ids),
        "reviews_in_db": reviews_found,
        "reviews_checked": review_check,
        "autosaves_acknowledged": len(saves),
        "autosaves_in_db": saves_found,
        "submissions_from_saved": len(from_saved),
        "graded_not_as_saved": graded_wrong,
        "simulations_accepted": len(ack["simulations"]),
        "simulations_finished": sims.filter(status__in=SimulationRun.FINISHED).count(),
        "simulations_succeeded": sims.filter(status="succeeded").count(),
    }
    db["submissions_missing"] = db["submissions_acknowledged"] - db["submissions_in_db"]
    db["reviews_missing"] = db["reviews_acknowledged"] - db["reviews_in_db"]
    db["autosaves_missing"] = db["autosaves_acknowledged"] - db["autosaves_in_db"]
    db["simulations_lost"] = db["simulations_accepted"] - db["simulations_finished"]
    passed = (
        client["server_errors"] == 0
        and db["submissions_missing"] == 0
        and db["reviews_missing"] == 0
        and db["autosaves_missing"] == 0
        and db["graded_not_as_saved"] == 0
        and db["simulations_lost"] == 0
        and db["submissions_acknowledged"] > 0
        and db["reviews_acknowledged"] > 0
    )
    result = {
        "users": USERS,
        "seconds": SECONDS,
        "started_at": started,
        "locust_exit_code": proc.returncode,
        "passed": passed,
        "server_errors": client["server_errors"],
        "server_error_samples": client["server_error_samples"],
        "status_counts": client["status_counts"],
        "total": client["total"],
        "per_endpoint": client["per_endpoint"],
        "lessons_completed": ack["lessons_completed"],
        "simulations_drained_in_s": drain_s,
        "database": db,
    }
    if KNEE:
        result["knee"] = knee(USERS, client["total"]["p99_ms"])
    write_result("loadtest", result)
    print(
        f"  {USERS} students x {SECONDS}s: {client['total']['requests']} requests, {client['total']['rps']} req/s, "
        f"server errors {client['server_errors']}, submissions {db['submissions_in_db']}/"
        f"{db['submissions_acknowledged']}, autosaves {db['autosaves_in_db']}/{db['autosaves_acknowledged']}, "
        f"reviews {db['reviews_in_db']}/{db['reviews_acknowledged']}, "
        f"simulations {db['simulations_finished']}/{db['simulations_accepted']}: {'PASS' if passed else 'FAIL'}",
        flush=True,
    )


if __name__ == "__main__":
    main()
