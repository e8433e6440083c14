"""One answer against its question: whether it fits (shape, known choices, length) and its score in [0, 1].
No query: the callers hold the questions."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from learning.content.questions import cloze_accepts
from learning.models import Attempt, Question

MAX_CLOZE_LENGTH = 200
SINGLE_CHOICE = {"which_model", "true_false", "multiple_choice", "comparative"}


def grade_answer(question: Question, answer) -> float:
    """Score in [0, 1]. Partial credit for matching (per pair) and multi-select (right minus wrong picks)."""
    key = question.answer
    if answer is None:
        return 0.0
    if question.type in SINGLE_CHOICE:
        return 1.0 if answer == key else 0.0
    if question.type == "multi_select":
        picked, right = set(answer), set(key)
        return max(0.0, (len(picked & right) - len(picked - right)) / len(right))
    if question.type == "matching":
        return sum(1 for item, model in key.items() if answer.get(item) == model) / len(key)
    if question.type == "cloze":
        return 1.0 if cloze_accepts(str(key), answer) else 0.0
    return 0.0


def answer_error(question: Question, answer) -> str | None:
    """Why an answer does not fit its question, or None. `None` (no answer) always fits."""
    if answer is None:
        return None
    ids = {c["id"] for c in question.choices}
    if question.type in SINGLE_CHOICE:
        if not isinstance(answer, str) or answer not in ids:
            return f"unknown choice {answer!r}"
    elif question.type == "multi_select":
        if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
            return "expected a list of choice ids"
        if len(set(answer)) != len(answer):
            return "a choice is repeated"
        unknown = [a for a in answer if a not in ids]
        if unknown:
            return f"unknown choice {unknown[0]!r}"
    elif question.type == "matching":
        items = {i["id"] for i in question.items}
        if not isinstance(answer, dict):
            return "expected an object {statement id: model id}"
        for item, model in answer.items():
            if item not in items:
                return f"unknown statement {item!r}"
            if model not in ids:
                return f"unknown choice {model!r}"
    elif question.type == "cloze" and (not isinstance(answer, str) or len(answer) > MAX_CLOZE_LENGTH):
        return f"expected text of at most {MAX_CLOZE_LENGTH} characters"
    return None


def validated_responses(responses, attempt: Attempt, questions: dict[int, Question]) -> dict[int, object]:
    if not isinstance(responses, list):
        raise ValidationError({"responses": ["Expected a list of {question, answer}."]})
    if len(responses) > len(attempt.question_ids):
        raise ValidationError({"responses": ["More responses than questions in this attempt."]})
    answers: dict[int, object] = {}
    errors = []
    for n, item in enumerate(responses, start=1):
        if not isinstance(item, dict) or "question" not in item:
            errors.append(f"Response {n}: expected {{question, answer}}.")
            continue
        qid = item["question"]
        if isinstance(qid, bool) or not isinstance(qid, int) or qid not in questions:
            errors.append(f"Response {n}: question {qid!r} is not in this attempt.")
            continue
        if qid in answers:
            errors.append(f"Response {n}: question {qid} is answered twice.")
            continue
        problem = answer_error(questions[qid], item.get("answer"))
        if problem:
            errors.append(f"Response {n} (question {qid}): {problem}.")
            continue
        answers[qid] = item.get("answer")
    if errors:
        raise ValidationError({"responses": errors})
    return answers
