"""Which misconceptions a class holds: the wrong attributions its students' answers make most often.

A distractor's reason (learning.models.Question.distractor_reasons) names the document's statement a
student gets wrong by picking it and the subject they attribute it to. A confusion is one (statement,
subject) pair; its rate is the share of the answers that offered that wrong attribution (answers to
questions with that distractor) which picked it. Graded quiz answers and Learn answers both count.
Matching and cloze questions carry no reasons and are not counted.
"""

from __future__ import annotations

from learning.models import Answer, Document, LearnAnswer, Question, Statement
from learning.selectors.learn import lesson_sentence_url
from learning.selectors.progress import difference_label

CONFUSIONS_SHOWN = 10


def _picked(answer) -> list[str]:
    if isinstance(answer, list):
        return [a for a in answer if isinstance(a, str)]
    return [answer] if isinstance(answer, str) else []


def class_confusions(*, student_ids: list[int], document: Document, limit: int = CONFUSIONS_SHOWN) -> list[dict]:
    """The most common wrong attributions among these students' answers on the document's questions,
    most frequent first: {"statement", "subject", "picked", "offered", "percent", "difference",
    "difference_label", "lesson_url"}. 4 queries."""
    if not student_ids:
        return []
    questions = {
        pk: (answer, reasons)
        for pk, answer, reasons in Question.objects.filter(document=document)
        .exclude(distractor_reasons={})
        .values_list("pk", "answer", "distractor_reasons")
    }
    if not questions:
        return []
    given = list(
        Answer.objects.filter(
            attempt__student_id__in=student_ids, attempt__submitted_at__isnull=False, question_id__in=questions
        ).values_list("question_id", "answer")
    ) + list(
        LearnAnswer.objects.filter(student_id__in=student_ids, question_id__in=questions).values_list(
            "question_id", "answer"
        )
    )
    offered: dict[tuple[str, str], int] = {}
    picked: dict[tuple[str, str], int] = {}
    for question_id, answer in given:
        _key, reasons = questions[question_id]
        pairs = {
            cid: (r.get("statement", ""), r.get("subject", ""))
            for cid, r in reasons.items()
            if r.get("subject") and r.get("statement")
        }
        for pair in set(pairs.values()):
            offered[pair] = offered.get(pair, 0) + 1
        for pair in {pairs[cid] for cid in _picked(answer) if cid in pairs}:
            picked[pair] = picked.get(pair, 0) + 1
    if not picked:
        return []
    names = {s["key"]: s["name"] for s in document.subjects or []}
    where: dict[str, tuple[int, str, str, int | None]] = {}
    for text, difference_id, aspect, source, lesson_id in Statement.objects.filter(
        difference__document=document
    ).values_list("text", "difference_id", "difference__aspect", "difference__source", "difference__lesson_id"):
        where.setdefault(text, (difference_id, aspect, source, lesson_id))
    rows = []
    for (statement, subject), count in picked.items():
        difference_id, aspect, source, lesson_id = where.get(statement, (None, "", statement, None))
        rows.append(
            {
                "statement": statement,
                "subject": names.get(subject, subject),
                "picked": count,
                "offered": offered[(statement, subject)],
                "percent": round(100 * count / offered[(statement, subject)]),
                "difference": difference_id,
                "difference_label": difference_label(aspect=aspect, source=source) if difference_id else "",
                "lesson_url": lesson_sentence_url(lesson_id, source),
            }
        )
    rows.sort(key=lambda r: (-r["percent"], -r["picked"], r["statement"]))
    return rows[:limit]
