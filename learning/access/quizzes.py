"""Which quizzes, attempts and questions a user reaches: quizzes of the documents they may open (drafts for
their owner and staff), their own attempts (a teacher: those of their classes' students), and questions only
through a bank they may change."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from learning.models import Attempt, Membership, Question, Quiz, User

from .documents import document_editable_by, documents_visible_to


def _visible_quizzes(user: User) -> QuerySet[Quiz]:
    visible = Q(published=True)
    if user.is_authenticated and user.is_staff:
        visible = Q()
    elif user.is_authenticated and user.is_teacher:
        visible |= Q(document__created_by=user)  # their own drafts; a site document's are staff's
    return (
        Quiz.objects.filter(visible, document__in=documents_visible_to(user))
        .select_related("document")
        .defer("document__source")
    )


def _with_question_total(quizzes: QuerySet[Quiz]) -> QuerySet[Quiz]:
    return quizzes.annotate(
        question_total=Count("document__questions", filter=Q(document__questions__enabled=True), distinct=True)
    )


def quizzes_for(user: User, document_slug: str | None = None) -> QuerySet[Quiz]:
    """The quizzes the user may open, each with `question_total` (enabled questions of its document)."""
    quizzes = _visible_quizzes(user)
    if document_slug:
        quizzes = quizzes.filter(document__slug=document_slug)
    return _with_question_total(quizzes).order_by("document__title", "mode", "pk")


def access_quiz_by_id(user: User, quiz_id: int, *, question_total: bool = True) -> Quiz:
    """The quiz if the user may open it (else 404). `question_total=False` leaves out the count of its
    document's questions (a join and a GROUP BY), for callers that do not show it (starting an attempt)."""
    quizzes = _visible_quizzes(user).filter(pk=quiz_id)
    quiz = (_with_question_total(quizzes) if question_total else quizzes).first()
    if quiz is None:
        raise Http404("No such quiz.")
    return quiz


def access_attempt_by_id(user: User, attempt_id: int) -> Attempt:
    """The user's own attempt; anyone else's is 404 like a missing one."""
    attempt = (
        Attempt.objects.select_related("quiz", "quiz__document")
        .defer("quiz__document__source")
        .filter(pk=attempt_id, student_id=user.pk)
        .first()
    )
    if attempt is None:
        raise Http404("No such attempt.")
    return attempt


def access_attempt_as_teacher(user: User, attempt_id: int) -> Attempt:
    """An attempt of a student in one of the classes `user` teaches; 404 for anyone else."""
    attempt = None
    if user.is_authenticated and user.is_teacher:
        taught = Membership.objects.filter(classroom__teacher=user).values("student_id")
        attempt = (
            Attempt.objects.select_related("quiz", "quiz__document", "student")
            .filter(pk=attempt_id, student_id__in=taught)
            .first()
        )
    if attempt is None:
        raise Http404("No such attempt.")
    return attempt


def access_question_by_id(user: User, question_id: int) -> Question:
    question = Question.objects.select_related("document").filter(pk=question_id).first()
    if question is None or not document_editable_by(user, question.document):
        raise Http404("No such question.")
    return question
