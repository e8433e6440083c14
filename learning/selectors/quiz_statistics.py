"""A quiz's item analysis for its teacher (Moodle's definitions): facility and discrimination per question and
how often each choice was picked, over the submitted attempts of the teacher's own students only.
"""

from __future__ import annotations

import math
from statistics import mean

from learning.models import (
    Answer,
    Attempt,
    Question,
    Quiz,
    User,
)


def choice_counts(question: Question, answers: list) -> list[dict]:
    """How often each choice was picked among `answers` (Moodle's response analysis): per choice its id, text,
    whether it is right, picks and percent of the answers; matching counts each statement's placements,
    one row per (statement, choice) picked; cloze has no choices ([])."""
    total = len(answers)
    if question.type == Question.Type.CLOZE or not total:
        return []
    reasons = question.distractor_reasons or {}
    if question.type == Question.Type.MATCHING:
        texts = {c["id"]: c["text"] for c in question.choices}
        rows = []
        for item in question.items:
            counts: dict[str, int] = {}
            for answer in answers:
                picked = answer.get(item["id"]) if isinstance(answer, dict) else None
                if picked in texts:
                    counts[picked] = counts.get(picked, 0) + 1
            for cid, text in texts.items():
                rows.append(
                    {
                        "id": f"{item['id']}:{cid}",
                        "text": f"{item['text']} → {text}",
                        "correct": question.answer.get(item["id"]) == cid,
                        "picked": counts.get(cid, 0),
                        "percent": round(100 * counts.get(cid, 0) / total, 1),
                        "reason": "",
                    }
                )
        return rows
    key = set(question.answer) if isinstance(question.answer, list) else {question.answer}
    counts = {}
    for answer in answers:
        for cid in answer if isinstance(answer, list) else [answer]:
            counts[cid] = counts.get(cid, 0) + 1
    return [
        {
            "id": c["id"],
            "text": c["text"],
            "correct": c["id"] in key,
            "picked": counts.get(c["id"], 0),
            "percent": round(100 * counts.get(c["id"], 0) / total, 1),
            "reason": reasons.get(c["id"], {}).get("kind", ""),
        }
        for c in question.choices
    ]


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 2:
        return None
    mx, my = mean(xs), mean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def quiz_statistics(quiz: Quiz, teacher: User) -> dict:
    """Per question, over the submitted attempts of this teacher's students (Moodle's definitions):

    facility index = mean score on the question as a percentage of its maximum;
    discrimination index = 100 x correlation between the question's score and the rest of the test
    (the attempt's score without this question). None when fewer than two attempts or no variance.
    """
    attempts = list(
        Attempt.objects.filter(
            quiz=quiz, submitted_at__isnull=False, student__memberships__classroom__teacher=teacher
        ).distinct()
    )
    per_question: dict[int, list[tuple[float, float]]] = {}
    given: dict[int, list] = {}
    answers = (
        Answer.objects.filter(attempt__in=attempts)
        .values_list("attempt_id", "question_id", "score", "answer")
        .order_by()
    )
    totals = {a.pk: a.score or 0.0 for a in attempts}
    for attempt_id, question_id, score, answer in answers:
        per_question.setdefault(question_id, []).append((score, totals[attempt_id] - score))
        given.setdefault(question_id, []).append(answer)
    rows = []
    for q in quiz.document.questions.filter(pk__in=per_question.keys()).order_by("position", "pk"):
        pairs = per_question[q.pk]
        scores = [s for s, _ in pairs]
        r = _pearson(scores, [rest for _, rest in pairs])
        rows.append(
            {
                "question": q.pk,
                "type": q.type,
                "prompt": q.prompt,
                "attempts": len(pairs),
                "facility_index": round(100 * mean(scores), 1),
                "discrimination_index": None if r is None else round(100 * r, 1),
                "choices": choice_counts(q, given[q.pk]),
            }
        )
    return {
        "quiz": quiz.pk,
        "attempts": len(attempts),
        "mean_score": round(mean([a.score or 0 for a in attempts]), 2) if attempts else None,
        "questions": rows,
    }
