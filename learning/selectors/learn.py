"""Reads of Learn mode: which item comes next, and what a session shows.

The plan (`learn_next_item`) is a plain function of the student's mastery cells, the document's
questions and cards, and the session's state, so it is tested without the HTTP layer:
1. A missed question whose turn has come (MISSED_GAP items after it was missed) comes back first, until
   it has been answered right RIGHT_TO_CLEAR times in the session.
2. The session ends when every difference it covers is mastered (learning.selectors.progress) and no
   missed question waits.
3. Otherwise the difference being learnt stays until it has MASTERY_MIN_CORRECT right answers in the
   mastery window; then the difference mastered least (fewest right answers in the window, then the
   document's order) gives the next question: a recognition one (which one, true/false, comparative) while it has no
   right answer in the window, then recall (multiple choice, multi-select, matching); the one asked
   longest ago (never asked first). A difference whose answers already suffice but whose flashcard is not
   retrievable enough gives that card to review instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import Q
from django.urls import reverse

from learning.models import Difference, Document, Flashcard, Question, User
from learning.selectors.progress import MASTERED, MASTERY_MIN_CORRECT, MASTERY_MIN_RETRIEVABILITY, differences_for
from learning.selectors.progress import mastery_cells as _mastery_cells

RECOGNITION = ("which_model", "true_false", "comparative")
RECALL = ("multiple_choice", "multi_select", "matching", "cloze")
MISSED_GAP = 2  # a missed question returns after this many other items (sooner when nothing else is left)
RIGHT_TO_CLEAR = 2


def lesson_sentence_url(lesson_id: int | None, sentence: str) -> str | None:
    """The lesson's address scrolled to `sentence` (a text fragment: the browser highlights it)."""
    if not lesson_id:
        return None
    url = reverse("lesson", args=[lesson_id])
    words = " ".join(sentence.replace("**", "").replace("*", "").split()[:8])
    if not words:
        return url
    return f"{url}#:~:text={quote(words, safe='').replace('-', '%2D')}"


@dataclass
class Bank:
    """What a session can ask: per difference its questions (id, type, position) and difference card."""

    differences: list[dict]  # from learning.selectors.progress.differences_for, with "cell" added
    questions: dict[int, list[tuple[int, str, int]]]
    cards: dict[int, int]


def learn_bank(*, student: User, document: Document, focus_id: int | None = None) -> Bank:
    """The differences the session covers with the student's mastery, and their questions and cards.
    6 queries. A difference with neither a question nor a card cannot be practised: it is left out."""
    differences = differences_for([document.pk])
    if focus_id is not None:
        differences = [d for d in differences if d["id"] == focus_id]
    ids = [d["id"] for d in differences]
    questions: dict[int, list[tuple[int, str, int]]] = {}
    rows = (
        # The quiz's questions and the generator's alternates (disabled only because a quiz shows each
        # statement once: practice may repeat statements); a question the teacher edited or wrote and
        # then disabled stays out.
        Question.objects.filter(document=document, difference_id__in=ids, retired_at__isnull=True)
        .filter(Q(enabled=True) | Q(origin=Question.Origin.GENERATED, edited=False))
        .exclude(type="cloze")
        .order_by("position", "pk")
        .values_list("difference_id", "pk", "type", "position")
    )
    for difference_id, pk, type_, position in rows:
        questions.setdefault(difference_id, []).append((pk, type_, position))
    cards = dict(
        Flashcard.objects.filter(
            document=document, kind=Flashcard.Kind.DIFFERENCE, difference_id__in=ids, retired_at__isnull=True
        )
        .order_by("pk")
        .values_list("difference_id", "pk")
    )
    cells = _mastery_cells(students=[student.pk], differences=differences)
    covered = []
    for d in differences:
        if d["id"] in questions or d["id"] in cards:
            covered.append({**d, "cell": cells[(student.pk, d["id"])]})
    return Bank(differences=covered, questions=questions, cards=cards)


def learn_next_item(bank: Bank, state: dict) -> dict | None:
    """The next item ({"kind": "question"|"card", "id", "difference"}), or None when the session is done."""
    turn = state.get("turn", 0)
    asked: dict[str, int] = state.get("asked", {})
    missed: dict[str, dict] = state.get("missed", {})
    owner = {str(q[0]): d_id for d_id, qs in bank.questions.items() for q in qs}
    waiting = sorted(((m["due"], int(qid)) for qid, m in missed.items() if str(qid) in owner), key=lambda m: m)
    if waiting and waiting[0][0] <= turn:
        qid = waiting[0][1]
        return {"kind": "question", "id": qid, "difference": owner[str(qid)], "returning": True}
    open_ = [d for d in bank.differences if d["cell"].state != MASTERED]
    if not open_:
        if waiting:  # nothing else to ask: the missed question comes back now
            qid = waiting[0][1]
            return {"kind": "question", "id": qid, "difference": owner[str(qid)], "returning": True}
        return None
    working = next((d for d in open_ if d["id"] == state.get("working")), None)
    if working is not None and working["cell"].correct < MASTERY_MIN_CORRECT:
        weakest = working  # stay on the difference being learnt until its answers suffice
    else:
        weakest = min(open_, key=lambda d: (d["cell"].correct, d["position"], d["id"]))
    cell = weakest["cell"]
    card = bank.cards.get(weakest["id"])
    questions = bank.questions.get(weakest["id"], [])
    answers_suffice = cell.correct >= MASTERY_MIN_CORRECT or not questions
    if card and answers_suffice and (cell.retrievability or 0.0) < MASTERY_MIN_RETRIEVABILITY:
        return {"kind": "card", "id": card, "difference": weakest["id"], "returning": False}
    level = RECOGNITION if cell.correct == 0 else RECALL
    waiting_ids = {qid for _due, qid in waiting}
    candidates = [q for q in questions if q[1] in level and q[0] not in waiting_ids] or [
        q for q in questions if q[0] not in waiting_ids
    ]
    if not candidates:
        candidates = questions
    if not candidates:
        return None
    last = state.get("last")
    if len(candidates) > 1:
        candidates = [q for q in candidates if q[0] != last] or candidates
    chosen = min(candidates, key=lambda q: (asked.get(str(q[0]), -1), q[2], q[0]))
    return {"kind": "question", "id": chosen[0], "difference": weakest["id"], "returning": False}


def _difference_label(bank_or_rows, difference_id: int | None) -> str:
    for d in bank_or_rows:
        if d["id"] == difference_id:
            return d["label"]
    return ""


def learn_item_view(item: dict | None, differences: list[dict]) -> dict | None:
    """What the student sees of an item: never its key. 1 query."""
    if not item:
        return None
    label = _difference_label(differences, item.get("difference"))
    if item["kind"] == "card":
        card = Flashcard.objects.filter(pk=item["id"]).values("pk", "front", "back").first()
        if card is None:
            return None
        return {
            "kind": "card",
            "id": card["pk"],
            "front": card["front"],
            "back": card["back"],
            "difference": item.get("difference"),
            "difference_label": label,
            "returning": False,
        }
    q = Question.objects.filter(pk=item["id"]).first()
    if q is None:
        return None
    return {
        "kind": "question",
        "id": q.pk,
        "type": q.type,
        "level": "recognition" if q.type in RECOGNITION else "recall",
        "prompt": q.prompt,
        "choices": [{"id": c["id"], "text": c["text"]} for c in q.choices],
        "items": [{"id": i["id"], "text": i["text"]} for i in q.items],
        "difference": item.get("difference"),
        "difference_label": label,
        "returning": bool(item.get("returning")),
    }


def learn_progress(bank: Bank) -> dict:
    return {
        "total": len(bank.differences),
        "mastered": sum(1 for d in bank.differences if d["cell"].state == MASTERED),
        "differences": [
            {"id": d["id"], "label": d["label"], "state": d["cell"].state, "correct": d["cell"].correct}
            for d in bank.differences
        ],
    }


def weakest_difference(differences: list[dict]) -> dict | None:
    """Of one document's progress rows (learning.selectors.progress.documents_progress), the difference
    mastered least: not mastered, fewest right answers in the window, then the document's order."""
    open_ = [(i, d) for i, d in enumerate(differences) if d["state"] != MASTERED]
    if not open_:
        return None
    return min(open_, key=lambda pair: (pair[1]["correct"], pair[0]))[1]


def difference_of_document(document: Document, difference_id) -> Difference | None:
    return Difference.objects.filter(document=document, pk=difference_id).first()


def next_step_for(*, student: User, documents: list, now=None) -> dict | None:
    """The dashboard's "what to do next": of the documents' progress rows (documents_progress), the one the
    student works on (some evidence first, then the list's order) with a difference left to master, its
    weakest difference, and that difference's cards due today (new ones included). 1 query, or none."""
    from django.db.models import OuterRef, Subquery
    from django.utils import timezone

    from learning.models import CardState
    from learning.selectors.flashcards import student_day_bounds

    candidates = [d for d in documents if weakest_difference(d.differences)]
    if not candidates:
        return None
    started = [d for d in candidates if any(x["answered"] or x["retrievability"] is not None for x in d.differences)]
    progress = (started or candidates)[0]
    difference = weakest_difference(progress.differences)
    cards = []
    if difference["has_card"]:
        _start, day_end = student_day_bounds(student, now or timezone.now())
        mine = CardState.objects.filter(card=OuterRef("pk"), student=student)
        cards = list(
            Flashcard.objects.filter(difference_id=difference["id"], retired_at__isnull=True)
            .annotate(my_due=Subquery(mine.values("due")[:1]))
            .filter(Q(my_due__isnull=True) | Q(my_due__lt=day_end))
            .order_by("position", "pk")[:5]
        )
    return {"document": progress, "difference": difference, "cards": cards}
