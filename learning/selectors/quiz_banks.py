"""A document's question bank as every student reads it (cached), and its differences in order.

The bank is shared by all students of a document, so it is cached per document and dropped when a question
changes (learning.apps connects question_bank_forget); per-student reads stay in learning.selectors.quizzes.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch, QuerySet

from learning.models import (
    Attempt,
    Difference,
    Document,
    Question,
    Statement,
)

QUESTION_BANK_SECONDS = 24 * 3600


def _bank_key(document_id: int) -> str:
    return f"question-bank:v1:{document_id}"


def question_bank(document: Document) -> dict[int, Question]:
    """Every question of the document (enabled or not, in bank order) by id: what every student reads
    the same, so it is cached. The entry carries the document's source hash and `updated_at` (a re-import
    reads afresh) and is dropped whenever one of its questions is saved or deleted (`question_bank_forget`,
    connected in learning.apps), so an edited key grades at once. No query when cached."""
    stamp = (document.source_sha256, document.updated_at.isoformat() if document.updated_at else "")
    cached = cache.get(_bank_key(document.pk))
    if cached is not None and cached[0] == stamp:
        return cached[1]
    questions = {q.pk: q for q in Question.objects.filter(document_id=document.pk).order_by("position", "pk")}
    cache.set(_bank_key(document.pk), (stamp, questions), QUESTION_BANK_SECONDS)
    return questions


def question_bank_forget(sender=None, instance=None, **kwargs) -> None:
    """post_save / post_delete of a Question: drop its document's cached bank now and again at commit
    (a reader between the two would otherwise cache the rows as they were before the transaction)."""
    key = _bank_key(instance.document_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def attempt_bank(attempt: Attempt) -> dict[int, Question]:
    """The questions of the attempt's document (cached); a question no longer in it is read directly."""
    bank = question_bank(attempt.quiz.document)
    missing = [qid for qid in attempt.question_ids if qid not in bank]
    if missing:
        bank = {**bank, **Question.objects.in_bulk(missing)}
    return bank


def document_differences(document: Document) -> QuerySet[Difference]:
    return document.differences.order_by("position", "pk").prefetch_related(
        Prefetch("statements", queryset=Statement.objects.order_by("position", "pk"))
    )
