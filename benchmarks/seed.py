"""Seed the benchmark database fast: the real document, then classes, students and their history in bulk.

    DJANGO_SETTINGS_MODULE=benchmarks.settings python -m benchmarks.seed --fixtures var/bench/fixtures.json

Default sizes (the issue's floor): 50 classes (one of 200 students, for the gradebook), 2,000 students,
100,000 quiz answers, 200,000 card reviews. Big tables go in with PostgreSQL COPY (benchmarks.bulk).
Writes the ids and tokens the load generators need to --fixtures and the timings to --results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import secrets
import sys
import time
from pathlib import Path

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from benchmarks import bulk  # noqa: E402
from learning.models import (  # noqa: E402
    Answer,
    Assignment,
    Attempt,
    CardState,
    Classroom,
    Document,
    ExerciseResult,
    Flashcard,
    LessonRead,
    Membership,
    Question,
    Quiz,
    ReviewLog,
    StudyDay,
    User,
)

BASE_DIR = Path(__file__).resolve().parent.parent
SEED_DOCUMENT = BASE_DIR / "content" / "client-server-vs-p2p.vi.md"
PASSWORD = "bench-pass-2026"
PREFIX = "bench-"


class Timer:
    def __init__(self):
        self.phases: dict[str, float] = {}
        self.started = time.perf_counter()

    def phase(self, name: str):
        timer = self

        class _Phase:
            def __enter__(self):
                self.t0 = time.perf_counter()

            def __exit__(self, *exc):
                timer.phases[name] = round(time.perf_counter() - self.t0, 3)
                print(f"  {name:<28} {timer.phases[name]:7.2f} s", flush=True)

        return _Phase()

    @property
    def total(self) -> float:
        return round(time.perf_counter() - self.started, 3)


def import_document(admin: User) -> Document:
    """The real import (lessons, differences, question bank, quizzes, cards) through the service."""
    from learning.services.documents import document_import

    return document_import(text=SEED_DOCUMENT.read_bytes(), user=admin, filename=SEED_DOCUMENT.name)


def seed_exercises(document: Document) -> list[int]:
    """The simulator's own seed exercises, tied to the imported document (its seeding service)."""
    try:
        from simulator.services.seeding import exercises_seed
    except ImportError:
        return []
    exercises_seed(document_slug=document.slug, check=False)
    exercise_model = apps.get_model("simulator", "Exercise")
    return list(exercise_model.objects.filter(published=True).order_by("position").values_list("id", flat=True)[:3])


def dt_ago(now: dt.datetime, rng: random.Random, max_days: float) -> dt.datetime:
    return now - dt.timedelta(seconds=rng.uniform(60, max_days * 86400))


def seed(args) -> dict:
    rng = random.Random(args.seed)
    timer = Timer()
    now = timezone.now()
    password_hash = make_password(PASSWORD)
    fixtures: dict = {"password": PASSWORD}

    with timer.phase("document import"):
        admin = User.objects.create(username=f"{PREFIX}author", role=User.Role.TEACHER, password=password_hash)
        document = import_document(admin)
    lessons = list(document.lessons.order_by("position").values_list("id", flat=True))
    # The flows start an attempt of every (student, quiz) pair and the load test starts many more: the quizzes
    # allow unlimited attempts (0), else an assigned quiz's default of two would answer most starts with 409.
    Quiz.objects.filter(document=document).update(attempts_allowed=0)
    quizzes = list(Quiz.objects.filter(document=document).values("id", "mode", "question_count"))
    questions = list(
        Question.objects.filter(document=document, enabled=True).values("id", "answer").order_by("position", "id")
    )
    cards = list(Flashcard.objects.filter(document=document).values_list("id", flat=True))
    if not (lessons and quizzes and questions and cards):
        sys.exit(
            f"seed: the import made {len(lessons)} lessons, {len(quizzes)} quizzes, {len(questions)} questions, "
            f"{len(cards)} cards: every one is needed"
        )
    fixtures.update(document=document.slug, document_id=document.id, lessons=lessons, cards=cards)
    fixtures["quizzes"] = [q["id"] for q in quizzes]

    with transaction.atomic():
        with timer.phase("users + tokens"):
            users = [
                {"username": f"{PREFIX}teacher-{i:02d}", "role": User.Role.TEACHER, "password": password_hash}
                for i in range(args.classes)
            ] + [
                {"username": f"{PREFIX}student-{i:04d}", "role": User.Role.STUDENT, "password": password_hash}
                for i in range(args.students)
            ]
            for row in users:
                row.update(first_name=row["username"].split("-")[-1], is_active=True, date_joined=now)
            bulk.insert(User, users)
            ids = dict(User.objects.filter(username__startswith=PREFIX).values_list("username", "id"))
            teachers = [ids[f"{PREFIX}teacher-{i:02d}"] for i in range(args.classes)]
            students = [ids[f"{PREFIX}student-{i:04d}"] for i in range(args.students)]
            tokens = {uid: secrets.token_hex(20) for uid in teachers + students}
            bulk.insert(Token, ({"key": key, "user_id": uid, "created": now} for uid, key in tokens.items()))

        with timer.phase("classes + memberships"):
            bulk.insert(
                Classroom,
                (
                    {"teacher_id": t, "name": f"Bench class {i:02d}", "join_code": f"B{i:07d}"}
                    for i, t in enumerate(teachers)
                ),
            )
            class_ids = list(Classroom.objects.filter(teacher_id__in=teachers).order_by("id").values_list("id", flat=1))
            # Class 0 has the gradebook's 200 students; the rest share the others evenly.
            big, rest = students[: args.big_class], students[args.big_class :]
            roster = {class_ids[0]: big}
            per = len(rest) // (len(class_ids) - 1)
            for n, cid in enumerate(class_ids[1:]):
                roster[cid] = rest[n * per : (n + 1) * per] if n < len(class_ids) - 2 else rest[n * per :]
            bulk.insert(
                Membership,
                (
                    {"classroom_id": cid, "student_id": s, "joined_at": dt_ago(now, rng, 90)}
                    for cid, members in roster.items()
                    for s in members
                ),
            )

        with timer.phase("exercises"):
            exercise_ids = seed_exercises(document)
        with timer.phase("assignments"):
            targets = (
                [("lesson", lid) for lid in lessons]
                + [("quiz", q["id"]) for q in quizzes]
                + [("flashcards", document.id)]
                + [("exercise", e) for e in exercise_ids]
            )
            rows = []
            for cid in class_ids:
                for n, (ttype, tid) in enumerate(targets):
                    rows.append(
                        {
                            "classroom_id": cid,
                            "target_type": ttype,
                            "target_id": tid,
                            "title": f"{ttype} {tid}",
                            "document_id": document.id,
                            "goal_cards": len(cards) if ttype == "flashcards" else None,
                            "due_at": now + dt.timedelta(days=n - len(targets) // 2),
                            "late_allowed": n % 2 == 0,
                        }
                    )
            bulk.insert(Assignment, rows)

        with timer.phase("attempts"):
            n_q = len(questions)
            per_attempt = [min(q["question_count"] or n_q, n_q) if q["mode"] == "practice" else n_q for q in quizzes]
            attempt_rows = []
            plan = []  # question ids of each attempt, in order
            numbers: dict[tuple[int, int], int] = {}
            planned = 0
            n = 0
            while planned < args.answers:
                student = students[n % len(students)]
                qi = rng.randrange(len(quizzes))
                quiz = quizzes[qi]
                qids = [q["id"] for q in rng.sample(questions, per_attempt[qi])]
                number = numbers[(quiz["id"], student)] = numbers.get((quiz["id"], student), 0) + 1
                started = dt_ago(now, rng, 60)
                attempt_rows.append(
                    Attempt(
                        quiz_id=quiz["id"],
                        student_id=student,
                        number=number,
                        question_ids=qids,
                        started_at=started,
                        submitted_at=started + dt.timedelta(minutes=rng.uniform(2, 20)),
                        max_score=float(len(qids)),
                    )
                )
                plan.append(qids)
                planned += len(qids)
                n += 1
            created = Attempt.objects.bulk_create(attempt_rows, batch_size=5000)

        with timer.phase("answers (COPY)"):
            key = {q["id"]: q["answer"] for q in questions}
            scores: dict[int, float] = {}

            def answer_rows():
                for attempt, qids in zip(created, plan, strict=True):
                    skill = rng.uniform(0.4, 0.95)
                    total = 0
                    for qid in qids:
                        correct = rng.random() < skill
                        total += correct
                        yield {
                            "attempt_id": attempt.id,
                            "question_id": qid,
                            "answer": key[qid] if correct else None,
                            "correct": correct,
                            "score": 1.0 if correct else 0.0,
                            "answered_at": attempt.submitted_at,
                        }
                    scores[attempt.id] = float(total)

            n_answers = bulk.insert(Answer, answer_rows())
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {Attempt._meta.db_table} a SET score = s.score FROM "
                    f"(SELECT attempt_id, SUM(score) AS score FROM {Answer._meta.db_table} GROUP BY attempt_id) s "
                    "WHERE a.id = s.attempt_id"
                )

        with timer.phase("card states + reviews (COPY)"):
            per_student = args.reviews // len(students)
            extra = args.reviews - per_student * len(students)
            states = []

            def review_rows():
                for n, student in enumerate(students):
                    count = per_student + (1 if n < extra else 0)
                    per_card = [count // len(cards) + (1 if c < count % len(cards) else 0) for c in range(len(cards))]
                    for card, reps in zip(cards, per_card, strict=True):
                        if reps == 0:
                            continue
                        when = dt_ago(now, rng, 60)
                        stability, due, state = 0.5, None, "new"
                        lapses = 0
                        for _ in range(reps):
                            rating = rng.choices((1, 2, 3, 4), weights=(1, 2, 6, 1))[0]
                            lapses += rating == 1
                            new_stability = max(0.1, stability * (0.5 if rating == 1 else 1.2 + rating))
                            new_due = when + dt.timedelta(days=new_stability)
                            new_state = "relearning" if rating == 1 else "review"
                            yield {
                                "student_id": student,
                                "card_id": card,
                                "rating": rating,
                                "reviewed_at": when,
                                "elapsed_days": 0.0,
                                "state_before": state,
                                "state_after": new_state,
                                "due_before": due,
                                "due_after": new_due,
                                "stability_after": new_stability,
                                "difficulty_after": 5.0,
                            }
                            stability, due, state = new_stability, new_due, new_state
                            when = min(now - dt.timedelta(seconds=1), when + dt.timedelta(days=rng.uniform(0.2, 3)))
                        # A fifth of the cards are due now, the rest later: the due queue has work in it.
                        final_due = dt_ago(now, rng, 3) if rng.random() < 0.2 else now + dt.timedelta(days=stability)
                        states.append(
                            {
                                "card_id": card,
                                "student_id": student,
                                "state": state,
                                "step": 0 if state in ("learning", "relearning") else None,
                                "stability": stability,
                                "difficulty": 5.0,
                                "due": final_due,
                                "last_review": when,
                                "reps": reps,
                                "lapses": lapses,
                            }
                        )

            n_reviews = bulk.insert(ReviewLog, review_rows())
            bulk.insert(CardState, states)

        with timer.phase("exercise results"):
            results = []
            for s in students:
                for eid in exercise_ids:
                    if rng.random() < 0.5:
                        when = dt_ago(now, rng, 30)
                        score = float(rng.randint(0, 4))
                        results.append(
                            {
                                "student_id": s,
                                "exercise_id": eid,
                                "title": f"exercise {eid}",
                                "document_id": document.id,
                                "score": score,
                                "max_score": 4.0,
                                "best_score": score,
                                "attempts": 1,
                                "completed_at": when,
                                "first_completed_at": when,
                            }
                        )
            bulk.insert(ExerciseResult, results)

        with timer.phase("lesson reads + study days"):
            reads = (
                {"student_id": s, "lesson_id": lid, "read_at": dt_ago(now, rng, 60)}
                for s in students
                for lid in lessons
                if rng.random() < 0.6
            )
            bulk.insert(LessonRead, reads)
            days = (
                {"student_id": s, "day": (now - dt.timedelta(days=d)).date()}
                for s in students
                for d in sorted(rng.sample(range(60), 12))
            )
            bulk.insert(StudyDay, days)

    with timer.phase("analyze"):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    fixtures.update(
        big_class=class_ids[0],
        big_class_teacher_token=tokens[teachers[0]],
        classes=class_ids,
        teacher_tokens=[tokens[t] for t in teachers],
        students=[{"id": s, "token": tokens[s]} for s in students],
        student_class={str(s): cid for cid, members in roster.items() for s in members},
    )
    counts = {
        "classes": len(class_ids),
        "students": len(students),
        "big_class_students": len(roster[class_ids[0]]),
        "assignments_per_class": len(targets),
        "lessons": len(lessons),
        "quizzes": len(quizzes),
        "questions": len(questions),
        "cards": len(cards),
        "attempts": len(created),
        "quiz_answers": n_answers,
        "card_reviews": n_reviews,
        "card_states": len(states),
        "exercises": len(exercise_ids),
        "exercise_results": len(results),
    }
    return {"fixtures": fixtures, "counts": counts, "phases_s": timer.phases, "total_s": timer.total}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classes", type=int, default=50)
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--big-class", type=int, default=200)
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--fixtures", type=Path, required=True)
    parser.add_argument("--results", type=Path)
    args = parser.parse_args(argv)
    if User.objects.filter(username__startswith=PREFIX).exists():
        sys.exit("seed: the database already holds a benchmark seed; start from an empty database")
    print(
        f"Seeding {args.classes} classes, {args.students} students, {args.answers} answers, {args.reviews} reviews",
        flush=True,
    )
    out = seed(args)
    args.fixtures.parent.mkdir(parents=True, exist_ok=True)
    args.fixtures.write_text(json.dumps(out["fixtures"]))
    summary = {k: out[k] for k in ("counts", "phases_s", "total_s")}
    print(json.dumps(summary, indent=2))
    if args.results:
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
