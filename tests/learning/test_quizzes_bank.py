"""The question bank: generated on import, stable keys, teacher edits kept over re-generation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from learning.models import Answer, Question, Quiz
from learning.services.attempts import attempt_start, attempt_submit
from learning.services.documents import document_import
from learning.services.quizzes import (
    question_create,
    question_set_enabled,
    question_update,
    quiz_bank_sync,
    quiz_settings_update,
)
from tests.conftest import SEED_DOCUMENT
from tests.factories_quizzes import full_quiz, seed_document

EDITED_SEED = SEED_DOCUMENT.read_text(encoding="utf-8").replace(
    "- Client-Server thì mô hình đắt hơn so với ngang hàng.\n", ""
)


@pytest.fixture
def document(db):
    return seed_document()


@pytest.fixture
def alices_document(alice):
    """The seed imported by alice: hers to edit (a site document is staff's, learning.access)."""
    return seed_document(alice)


def _snapshot(document):
    return list(document.questions.order_by("key").values("key", "prompt", "choices", "items", "answer", "position"))


def test_it_builds_a_bank_and_two_quizzes_on_import(document):
    kinds = set(document.questions.values_list("type", flat=True))
    assert {"which_model", "true_false", "multiple_choice", "matching", "comparative", "cloze"} <= kinds
    assert sorted(document.quizzes.values_list("mode", flat=True)) == ["full", "practice"]
    assert document.questions.filter(lesson__isnull=True).count() == 0


def test_it_changes_nothing_when_synced_again(document):
    before = _snapshot(document)
    ids = set(document.questions.values_list("pk", flat=True))
    quiz_bank_sync(document=document)
    assert _snapshot(document) == before
    assert set(document.questions.values_list("pk", flat=True)) == ids
    assert document.quizzes.count() == 2


def test_it_keeps_a_teachers_edit_and_disabled_questions_over_a_re_import(alices_document, alice):
    document = alices_document
    which = document.questions.filter(type="which_model").first()
    question_update(question=which, teacher=alice, prompt="Mô hình nào? (sửa)", explanation="Giải thích mới")
    tf = document.questions.filter(type="true_false").first()
    question_set_enabled(question=tf, teacher=alice, enabled=False)
    own = question_create(
        document=document,
        teacher=alice,
        type="multiple_choice",
        prompt="Câu của cô",
        choice_texts=["x", "y"],
        answer="c2",
    )
    document_import(text=EDITED_SEED, user=alice)
    which.refresh_from_db()
    tf.refresh_from_db()
    assert which.prompt == "Mô hình nào? (sửa)" and which.edited
    assert tf.enabled is False
    assert Question.objects.filter(pk=own.pk, origin="teacher").exists()
    # The removed bullet's question is retired (disabled, row kept); the rest kept their rows.
    gone = document.questions.get(key__endswith="dat-hon-so-voi-ngang:cmp")
    assert gone.retired_at is not None and gone.enabled is False
    assert document.questions.filter(type="comparative", retired_at__isnull=True).count() == 1


def test_it_disables_instead_of_deleting_a_removed_question_that_students_answered(document, bob):
    attempt, _created = attempt_start(quiz=full_quiz(document), student=bob)
    attempt_submit(attempt_id=attempt.pk, student=bob, responses=[])
    document_import(text=EDITED_SEED)
    gone = document.questions.get(key__endswith="dat-hon-so-voi-ngang:cmp")
    assert gone.enabled is False
    assert Answer.objects.filter(question=gone).exists()


def test_it_validates_a_teachers_new_question(alices_document, alice):
    document = alices_document
    with pytest.raises(ValidationError) as error:
        question_create(document=document, teacher=alice, type="multiple_choice", prompt="?", choice_texts=["x"])
    assert "choices" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        question_create(document=document, teacher=alice, type="multiple_choice", prompt="?", choice_texts=["x", "y"])
    assert "answer" in error.value.message_dict
    cloze = question_create(document=document, teacher=alice, type="cloze", prompt="___ là máy chủ", answer="Server")
    assert cloze.key == "teacher-1" and cloze.answer == "Server"


def test_it_lets_only_the_importing_teacher_edit_a_bank(db, alice, dave, bob):
    document = seed_document(user=alice)
    question = document.questions.first()
    for intruder in (dave, bob):
        with pytest.raises(PermissionDenied):
            question_update(question=question, teacher=intruder, prompt="x", explanation="")
    question.refresh_from_db()
    assert question.edited is False


def test_it_validates_quiz_settings_bounds(alices_document, alice):
    document = alices_document
    quiz = full_quiz(document)
    with pytest.raises(ValidationError) as error:
        quiz_settings_update(
            quiz=quiz,
            teacher=alice,
            attempts_allowed=101,
            time_limit_seconds=5,
            shuffle_questions=True,
            shuffle_choices=True,
            feedback="sometimes",
        )
    assert set(error.value.message_dict) == {"attempts_allowed", "time_limit_seconds", "feedback"}
    quiz_settings_update(
        quiz=quiz,
        teacher=alice,
        attempts_allowed=2,
        time_limit_seconds=600,
        shuffle_questions=False,
        shuffle_choices=False,
        feedback=Quiz.Feedback.IMMEDIATE,
    )
    quiz.refresh_from_db()
    assert (quiz.attempts_allowed, quiz.time_limit_seconds, quiz.feedback) == (2, 600, "immediate")
