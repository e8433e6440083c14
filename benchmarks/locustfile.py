"""200 simulated students doing the whole study loop (run headless by benchmarks/loadtest.py).

Each simulated student has its own seeded account and token and, over and over: opens a lesson and
marks it read, starts a quiz attempt and answers it question by question as the quiz page does (each
answer autosaved with PUT as it is picked, now and then one changed), then submits (half of the time with
no responses, graded from what was saved, as a page reopened after a crash would), fetches the due cards
and reviews a few, and in one loop of ten starts a small simulation and polls it until it is finished.
Every acknowledged autosave (its last answer per question), submission (200 with a score) and review (200)
is written down, so loadtest.py can find each of them in the database afterwards.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
import uuid
from collections import Counter
from pathlib import Path

import gevent
from locust import FastHttpUser, between, events, task

FIXTURES = json.loads(Path(os.environ["BENCH_FIXTURES"]).read_text())
OUT = os.environ["BENCH_LOCUST_OUT"]
FIRST = int(os.environ.get("BENCH_LOADTEST_FIRST_STUDENT", "1000"))
SIM_BODY = json.loads(os.environ.get("BENCH_SIM_BODY", '{"kind": "file_distribution", "params": {}}'))
SIM_SHARE = float(os.environ.get("BENCH_LOADTEST_SIM_SHARE", "0.1"))
_students = itertools.cycle(FIXTURES["students"][FIRST:] or FIXTURES["students"])

ACK = {
    "submissions": [],
    "from_saved": [],
    "saves": {},
    "saves_in_flight": {},
    "reviews": [],
    "simulations": [],
    "lessons_completed": 0,
}
STATUS = Counter()
SERVER_ERRORS: list[dict] = []


def _answer(question: dict):
    """Some well-formed answer for the question's type (right or wrong does not matter here)."""
    choices = [c["id"] for c in question.get("choices") or []]
    kind = question.get("type")
    if kind == "cloze":
        return "máy chủ"
    if kind == "multi_select":
        return random.sample(choices, k=min(2, len(choices))) if choices else []
    if kind == "matching":
        items = question.get("items") or question.get("statements") or []
        return {item["id"]: random.choice(choices) for item in items} if choices else {}
    return random.choice(choices) if choices else None


class Student(FastHttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        me = next(_students)
        self.student_id = me["id"]
        self.headers = {"Authorization": f"Token {me['token']}"}

    def call(self, method, path, name, **kwargs):
        with self.client.request(method, path, name=name, headers=self.headers, catch_response=True, **kwargs) as r:
            STATUS[r.status_code] += 1
            if r.status_code >= 500 or r.status_code == 0:
                SERVER_ERRORS.append({"name": name, "status": r.status_code, "body": (r.text or "")[:200]})
                r.failure(f"server error {r.status_code}")
            elif r.status_code >= 400:
                r.failure(f"{r.status_code}: {(r.text or '')[:120]}")
            else:
                r.success()
            return r

    def autosave(self, attempt_id: int, question_id: int, answer) -> None:
        url = f"/api/v1/attempts/{attempt_id}/answers/{question_id}/"
        key = f"{attempt_id}:{question_id}"
        # Sent but not (yet) answered: when the run stops with this PUT in flight, the server may have stored
        # it, so the database may hold this answer instead of the last acknowledged one.
        ACK["saves_in_flight"][key] = answer
        r = self.call("PUT", url, "autosave an answer", json={"answer": answer})
        ACK["saves_in_flight"].pop(key, None)
        if r.status_code == 200:
            ACK["saves"][key] = answer  # the last acknowledged answer wins

    @task
    def study_loop(self):
        lesson = random.choice(FIXTURES["lessons"])
        r = self.call("GET", f"/api/v1/lessons/{lesson}/", "open a lesson")
        if r.status_code == 200 and self.call("POST", f"/api/v1/lessons/{lesson}/complete/", "complete a lesson").ok:
            ACK["lessons_completed"] += 1
        self.wait()

        quiz = random.choice(FIXTURES["quizzes"])
        r = self.call("POST", f"/api/v1/quizzes/{quiz}/attempts/", "start an attempt", json={})
        if r.status_code in (200, 201):
            attempt = r.json()
            questions = attempt["questions"]
            # Reading and picking: each answer is autosaved as it is picked, 2-6 s after the previous one (a quick
            # student); one in five is changed later.
            changed = random.sample(questions, k=len(questions) // 5)
            for q in questions + changed:
                gevent.sleep(random.uniform(2, 6))
                self.autosave(attempt["id"], q["id"], _answer(q))
            from_saved = random.random() < 0.5
            responses = [] if from_saved else [{"question": q["id"], "answer": _answer(q)} for q in questions]
            r = self.call(
                "POST", f"/api/v1/attempts/{attempt['id']}/submit/", "submit an attempt", json={"responses": responses}
            )
            if r.status_code == 200 and r.json().get("score") is not None:
                ACK["submissions"].append(attempt["id"])
                if from_saved:
                    ACK["from_saved"].append(attempt["id"])
        self.wait()

        r = self.call("GET", "/api/v1/flashcards/due/", "fetch due cards")
        if r.status_code == 200:
            body = r.json()
            cards = body.get("results", body) if isinstance(body, dict) else body
            for card in cards[:3]:
                review_id = str(uuid.uuid4())
                rating = random.choices(["again", "hard", "good", "easy"], weights=(1, 2, 6, 1))[0]
                r = self.call(
                    "POST",
                    f"/api/v1/flashcards/{card['id']}/review/",
                    "review a card",
                    json={"rating": rating, "review_id": review_id},
                )
                if r.status_code == 200:
                    ACK["reviews"].append({"student": self.student_id, "card": card["id"], "review_id": review_id})
                gevent.sleep(random.uniform(0.3, 1.0))
        self.wait()

        # A simulation is the heavy step (about half a second of a worker's CPU): one loop in SIM_SHARE runs one.
        if random.random() >= SIM_SHARE:
            return
        r = self.call("POST", "/api/v1/simulations/", "start a simulation", json=SIM_BODY)
        if r.status_code == 202:
            run_id = r.json()["id"]
            ACK["simulations"].append(run_id)
            for _ in range(30):
                gevent.sleep(1.0)
                r = self.call("GET", f"/api/v1/simulations/{run_id}/", "poll a simulation")
                if r.status_code != 200 or r.json().get("status") in ("succeeded", "failed", "cancelled"):
                    break


@events.quitting.add_listener
def _write(environment, **kwargs):
    stats = {}
    for (name, method), entry in environment.stats.entries.items():
        stats[name] = {
            "method": method,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "rps": round(entry.total_rps, 2),
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p99_ms": entry.get_response_time_percentile(0.99),
        }
    total = environment.stats.total
    with open(OUT, "w") as f:
        json.dump(
            {
                "written_at": time.time(),
                "acknowledged": ACK,
                "status_counts": {str(k): v for k, v in STATUS.items()},
                "server_errors": len(SERVER_ERRORS),
                "server_error_samples": SERVER_ERRORS[:5],
                "per_endpoint": stats,
                "total": {
                    "requests": total.num_requests,
                    "failures": total.num_failures,
                    "rps": round(total.total_rps, 2),
                    "p50_ms": total.get_response_time_percentile(0.5),
                    "p99_ms": total.get_response_time_percentile(0.99),
                },
            },
            f,
        )
