"""Per-choice pick counts in the quiz statistics and the class's most common confusions, from seeded answers.
Alice teaches Bob and four more; Charlie (in no class of hers) answers too and must not be counted; Dave,
another teacher, sees nothing of Alice's class."""

import pytest
from django.utils import timezone

from learning.models import Answer, Attempt, LearnAnswer, LearnSession
from tests.factories import MembershipFactory, StudentFactory
from tests.factories_quizzes import full_quiz, seed_document


@pytest.fixture
def setup(db, classroom, bob, charlie):
    document = seed_document()
    quiz = full_quiz(document)
    students = [bob] + [StudentFactory(username=f"s{i}") for i in range(4)]
    for s in students[1:]:
        MembershipFactory(classroom=classroom, student=s)
    # A which-one question: two subjects, one wrong attribution offered.
    which = document.questions.filter(type="which_model", difference__isnull=False, enabled=True).first()
    wrong = next(iter(which.distractor_reasons))
    now = timezone.now()
    picks = [wrong, wrong, which.answer, which.answer, which.answer]  # 2 of 5 confuse
    for student, pick in zip(students, picks, strict=True):
        attempt = Attempt.objects.create(
            quiz=quiz, student=student, question_ids=[which.pk], started_at=now, submitted_at=now, score=0, max_score=1
        )
        Answer.objects.create(
            attempt=attempt,
            question=which,
            answer=pick,
            correct=pick == which.answer,
            score=float(pick == which.answer),
            answered_at=now,
        )
    # Charlie's wrong answer is not the class's.
    attempt = Attempt.objects.create(
        quiz=quiz, student=charlie, question_ids=[which.pk], started_at=now, submitted_at=now
    )
    Answer.objects.create(attempt=attempt, question=which, answer=wrong, correct=False, score=0, answered_at=now)
    # One Learn answer by a classmate makes the same confusion: 3 of 6.
    session = LearnSession.objects.create(student=students[4], document=document, started_at=now, updated_at=now)
    LearnAnswer.objects.create(
        session=session,
        student=students[4],
        question=which,
        difference=which.difference,
        answer=wrong,
        correct=False,
        answered_at=now,
    )
    return document, quiz, which, wrong


def test_it_counts_each_choice_picked_in_the_quiz_statistics(api, client, alice, setup):
    _document, quiz, which, wrong = setup
    body = api(alice).get(f"/api/v1/quizzes/{quiz.pk}/statistics/").json()
    row = next(q for q in body["questions"] if q["question"] == which.pk)
    assert row["attempts"] == 5 and row["facility_index"] == 60.0
    choices = {c["id"]: c for c in row["choices"]}
    assert choices[wrong]["picked"] == 2 and choices[wrong]["percent"] == 40.0 and not choices[wrong]["correct"]
    assert choices[wrong]["reason"] == "subject_name"
    assert choices[which.answer]["picked"] == 3 and choices[which.answer]["percent"] == 60.0
    assert choices[which.answer]["correct"] and choices[which.answer]["reason"] == ""
    client.force_login(alice)
    page = client.get(f"/quizzes/{quiz.pk}/statistics/").content.decode()
    assert "<td>2</td><td>40,0%</td>" in page and "<td>3</td><td>60,0%</td>" in page  # Vietnamese decimals


def test_it_lists_the_class_confusions_with_a_link_to_the_sentence(api, client, alice, dave, classroom, setup):
    document, _quiz, which, wrong = setup
    reason = which.distractor_reasons[wrong]
    names = {s["key"]: s["name"] for s in document.subjects}
    body = api(alice).get(f"/api/v1/classes/{classroom.pk}/confusions/", {"document": document.slug}).json()
    assert body[0] == {
        "statement": reason["statement"],
        "subject": names[wrong],
        "picked": 3,
        "offered": 6,
        "percent": 50,
        "difference": which.difference_id,
        "difference_label": body[0]["difference_label"],
        "lesson_url": body[0]["lesson_url"],
    }
    assert body[0]["lesson_url"].startswith(f"/lessons/{which.difference.lesson_id}/#:~:text=")
    assert len(body) == 1
    assert api(dave).get(f"/api/v1/classes/{classroom.pk}/confusions/", {"document": document.slug}).status_code == 404
    assert api(alice).get(f"/api/v1/classes/{classroom.pk}/confusions/").status_code == 400

    client.force_login(alice)
    page = client.get(f"/classes/{classroom.pk}/mastery/", {"document": document.slug}).content.decode()
    assert 'id="confusions"' in page and 'data-percent="50"' in page
    assert names[wrong] in page and "(3 / 6" not in page
