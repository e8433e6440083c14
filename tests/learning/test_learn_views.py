"""Learn mode pages: Bob starts from the document page, answers with the form, sees the feedback with why his
choice is wrong and the sentence in the lesson; Charlie cannot open Bob's session."""

from learning.models import LearnAnswer, LearnSession, Question
from tests.factories_quizzes import seed_document


def test_it_starts_answers_and_explains_on_the_pages(client, bob, charlie):
    document = seed_document()
    client.force_login(bob)
    assert 'id="learn-start"' in client.get(f"/documents/{document.slug}/").content.decode()
    response = client.post(f"/documents/{document.slug}/learn/")
    assert response.status_code == 302
    session = LearnSession.objects.get(student=bob)
    page = client.get(response["Location"]).content.decode()
    question = Question.objects.get(pk=session.current["id"])
    assert question.prompt.splitlines()[0] in page and 'id="learn-item"' in page
    wrong = next(c for c in sorted(question.distractor_reasons) if c != question.answer)
    answered = client.post(f"/learn/{session.pk}/answer/", {f"q{question.pk}": wrong}).content.decode()
    assert 'id="learn-feedback"' in answered and "learn-continue" in answered
    assert question.distractor_reasons[wrong]["text"] in answered
    assert "#:~:text=" in answered
    assert LearnAnswer.objects.get(student=bob).correct is False
    # An empty answer is a 400 page, not a record.
    session.refresh_from_db()
    assert client.post(f"/learn/{session.pk}/answer/", {}).status_code == 400
    assert LearnAnswer.objects.filter(student=bob).count() == 1
    client.force_login(charlie)
    assert client.get(f"/learn/{session.pk}/").status_code == 404
    assert client.post(f"/learn/{session.pk}/answer/", {}).status_code == 404
