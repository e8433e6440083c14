"""A re-import loses no student data: rows keep their identity across edits, what disappears is retired.

The seed is imported from the command line (a site document), Bob reads every lesson, reviews every card
and answers the full quiz; then the seed is re-imported after renaming a heading, fixing a glossary
definition, rewording the start of a difference (its key changes) and removing a difference.
"""

import datetime as dt

import pytest

from learning.content.identity import Identity, match_identities, similarity
from learning.models import (
    Answer,
    Attempt,
    CardState,
    Difference,
    Flashcard,
    Lesson,
    LessonRead,
    Question,
    ReviewLog,
)
from learning.selectors.flashcards import due_cards
from learning.services.attempts import attempt_start, attempt_submit
from learning.services.documents import document_import, document_import_result, document_preview, lesson_mark_read
from learning.services.flashcards import card_review
from tests.conftest import PASSWORD
from tests.factories import document_assign
from tests.factories_quizzes import full_quiz, right_answers

pytestmark = pytest.mark.django_db

HEADING, RENAMED = "### 1.Định nghĩa Client-Server ###", "### 1.Khái niệm về mô hình Client-Server ###"
TERM, FIXED = "Server la một hệ thống mạng mẽ lưu trữ", "Server là một hệ thống mạnh mẽ lưu trữ"
DIFF, REWORDED = (
    "Client-Server,dữ liệu được lưu trữ tập trung trên một máy chủ.",
    "Client-Server,dữ liệu được lưu giữ tập trung trên một máy chủ.",
)
REMOVED = "- Client-Server thì mô hình đắt hơn so với ngang hàng.\n"


def edited(seed_text: str) -> str:
    for old, new in ((HEADING, RENAMED), (TERM, FIXED), (DIFF, REWORDED), (REMOVED, "")):
        assert old in seed_text
        seed_text = seed_text.replace(old, new)
    return seed_text


def student_data_counts() -> dict[str, int]:
    return {
        "reads": LessonRead.objects.count(),
        "card_states": CardState.objects.count(),
        "review_logs": ReviewLog.objects.count(),
        "attempts": Attempt.objects.count(),
        "answers": Answer.objects.count(),
    }


@pytest.fixture
def studied(bob, seed_text):
    """The site seed with Bob's reads, one review of every card, and a submitted full quiz."""
    document = document_import(text=seed_text, filename="client-server-vs-p2p.vi.md")
    for lesson in document.lessons.all():
        lesson_mark_read(student=bob, lesson=lesson)
    now = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    for card in document.flashcards.all():
        card_review(student=bob, card=card, rating="good", now=now)
    attempt, _created = attempt_start(quiz=full_quiz(document), student=bob)
    attempt_submit(attempt_id=attempt.pk, student=bob, responses=right_answers(attempt))
    return document


def test_it_keeps_every_students_row_and_the_identity_of_what_still_stands(bob, seed_text, studied):
    document = studied
    before = student_data_counts()
    assert before["reads"] == 3 and before["card_states"] > 10 and before["answers"] > 10
    lesson = document.lessons.get(key="dinh-nghia-client-server")
    server = document.glossary.get(key="server")
    stored = document.differences.get(key="client-server-du-lieu-duoc-luu-tru-tap-trung-tren")
    stored_card = document.flashcards.get(difference=stored)
    stored_questions = set(Question.objects.filter(difference=stored).values_list("pk", flat=True))
    gone = document.differences.get(key="client-server-thi-mo-hinh-dat-hon-so-voi-ngang")
    gone_card = document.flashcards.get(difference=gone)
    gone_question = Question.objects.get(difference=gone)
    assert Answer.objects.filter(question=gone_question).exists()

    result = document_import_result(text=edited(seed_text), filename="client-server-vs-p2p.vi.md")

    assert result.status == "updated" and result.document.pk == document.pk
    assert student_data_counts() == before  # reads, card states, review logs, attempts, answers: all kept
    # The renamed heading is the same lesson (new title and key), and Bob's read still points at it.
    lesson.refresh_from_db()
    assert lesson.title == "Khái niệm về mô hình Client-Server" and lesson.key == "khai-niem-ve-mo-hinh-client-server"
    assert LessonRead.objects.filter(student=bob, lesson=lesson).exists()
    # The fixed definition is the same term; its cards kept their states.
    server.refresh_from_db()
    assert server.definition.startswith("Server là một hệ thống mạnh mẽ")
    assert CardState.objects.filter(card__term=server, student=bob).count() == 2
    # The reworded difference got a new key but is the same row, with the same card and questions.
    stored.refresh_from_db()
    assert stored.key != "client-server-du-lieu-duoc-luu-tru-tap-trung-tren" and stored.retired_at is None
    assert "lưu giữ" in stored.source
    assert Flashcard.objects.get(difference=stored).pk == stored_card.pk
    assert CardState.objects.filter(card=stored_card, student=bob).exists()
    assert set(Question.objects.filter(difference=stored).values_list("pk", flat=True)) == stored_questions
    # The removed difference is retired with its card and question: hidden, rows and Bob's data kept.
    assert not Difference.objects.filter(pk=gone.pk).exists()
    assert Difference.all_objects.get(pk=gone.pk).retired_at is not None
    assert Flashcard.all_objects.get(pk=gone_card.pk).retired_at is not None
    assert ReviewLog.objects.filter(card=gone_card, student=bob).exists()
    gone_question.refresh_from_db()
    assert gone_question.retired_at is not None and not gone_question.enabled
    assert Answer.objects.filter(question=gone_question).exists()
    later = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    assert gone_card.pk not in set(due_cards(student=bob, now=later).values_list("pk", flat=True))
    assert stored_card.pk in set(due_cards(student=bob, now=later).values_list("pk", flat=True))
    # New attempts never draw the retired question.
    again, _created = attempt_start(quiz=full_quiz(document), student=bob)
    assert gone_question.pk not in again.question_ids

    report = result.report.as_dict()
    assert report["lessons"]["changed_names"] == [
        "Khái niệm về mô hình Client-Server",
        "Sự khác biệt giữa peer to peer và client-server",  # its bullets were edited
    ]
    assert (report["lessons"]["kept"], report["lessons"]["added"], report["lessons"]["retired"]) == (1, 0, 0)
    assert report["terms"]["changed_names"] == ["Server (máy chủ)"]
    assert report["differences"]["retired_names"] == ["Client-Server thì mô hình đắt hơn so với ngang hàng."]
    assert report["differences"]["added"] == 0 and report["differences"]["changed"] >= 1
    assert report["cards"]["retired"] == 1 and report["cards"]["added"] == 0
    assert report["questions"]["retired"] >= 1


def test_a_retired_row_comes_back_when_the_text_returns(bob, seed_text, studied):
    document = studied
    gone = document.differences.get(key="client-server-thi-mo-hinh-dat-hon-so-voi-ngang")
    gone_card = document.flashcards.get(difference=gone)
    document_import(text=seed_text.replace(REMOVED, ""))
    assert Flashcard.all_objects.get(pk=gone_card.pk).retired_at is not None

    result = document_import_result(text=seed_text)

    assert result.report.differences.changed and not result.report.differences.added
    assert Difference.objects.get(pk=gone.pk).retired_at is None
    assert Flashcard.objects.get(pk=gone_card.pk).retired_at is None
    assert CardState.objects.filter(card=gone_card, student=bob).exists()


def test_a_retired_lesson_is_hidden_from_students_with_its_read_kept(client, alice, bob, seed_text):
    document = document_import(text=seed_text, user=alice)
    document_assign(document, alice, bob)
    lesson = document.lessons.get(key="dinh-nghia-peer-to-peer")
    lesson_mark_read(student=bob, lesson=lesson)
    start, end = seed_text.index("### 2.Định nghĩa peer to peer"), seed_text.index("### 3.Sự khác biệt")

    result = document_import_result(text=seed_text[:start] + seed_text[end:], user=alice)

    assert result.report.lessons.retired == ["Định nghĩa peer to peer"]
    assert client.login(username="bob", password=PASSWORD)
    assert client.get(f"/lessons/{lesson.pk}/").status_code == 404
    page = client.get(f"/documents/{document.slug}/").content.decode()
    assert "Định nghĩa peer to peer" not in page and "1 / 2" not in page
    assert LessonRead.objects.filter(student=bob, lesson=lesson).exists()
    assert Lesson.all_objects.get(pk=lesson.pk).retired_at is not None


def test_the_preview_reports_the_same_as_the_import_and_keeps_nothing(seed_text, studied):
    preview = document_preview(edited(seed_text))
    assert preview.existing.pk == studied.pk
    assert preview.removed == [] and preview.added == []
    assert preview.updated == ["khai-niem-ve-mo-hinh-client-server", "su-khac-biet-giua-peer-to-peer-va-client-server"]
    assert preview.report.differences.retired == ["Client-Server thì mô hình đắt hơn so với ngang hàng."]
    assert Lesson.objects.filter(key="dinh-nghia-client-server").exists()  # rolled back
    assert document_import_result(text=edited(seed_text)).report.as_dict() == preview.report.as_dict()


def test_the_matching_pairs_by_key_then_anchor_then_similar_text():
    old = [
        Identity("intro", "Định nghĩa Client-Server: máy chủ lưu dữ liệu", 0),
        Identity("p2p", "Định nghĩa peer to peer: mỗi node là client và server", 1),
        Identity("q-old", "Câu hỏi cũ", 2, anchor=("tf", 7)),
        Identity("gone", "Client-Server thì đắt hơn", 3),
    ]
    new = [
        Identity("p2p", "Định nghĩa P2P: hoàn toàn khác", 1),
        Identity("concept", "Khái niệm Client-Server: máy chủ lưu dữ liệu", 0),
        Identity("q-new", "Một câu hỏi viết lại hẳn", 2, anchor=("tf", 7)),
        Identity("fresh", "Một mục hoàn toàn mới về băng thông", 3),
    ]
    assert match_identities(old, new) == {"p2p": "p2p", "concept": "intro", "q-new": "q-old"}
    assert similarity("Server la  một", "server LA một") == 1.0
