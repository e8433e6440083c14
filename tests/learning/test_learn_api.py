"""Learn mode through the API: Bob practises the seed document until every difference is mastered.
Charlie must not see Bob's session."""

from learning.models import Answer, Attempt, LearnAnswer, LearnSession, Question
from learning.selectors.progress import MASTERED
from tests.factories_quizzes import seed_document


def _right(item) -> object:
    return Question.objects.get(pk=item["id"]).answer


def _wrong(item) -> object:
    q = Question.objects.get(pk=item["id"])
    if q.type == "multi_select":
        return [c["id"] for c in q.choices if c["id"] not in q.answer][:1]
    if q.type == "matching":
        return {k: next(c["id"] for c in q.choices if c["id"] != v) for k, v in q.answer.items()}
    return next(c["id"] for c in q.choices if c["id"] != q.answer)


def _answer(client, session_id, item, answer=None, rating="good"):
    body = (
        {"card": item["id"], "rating": rating} if item["kind"] == "card" else {"question": item["id"], "answer": answer}
    )
    response = client.post(f"/api/v1/learn/{session_id}/answer/", body, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_it_leads_a_student_to_mastery_returning_a_missed_difference_until_right_twice(api, bob, charlie):
    document = seed_document()
    client = api(bob)
    start = client.post(f"/api/v1/documents/{document.slug}/learn/", {}, format="json")
    assert start.status_code == 201, start.content
    session = start.json()
    total = session["progress"]["total"]
    assert total >= 5 and session["progress"]["mastered"] == 0
    first = session["item"]
    assert first["kind"] == "question" and first["level"] == "recognition"
    assert "answer" not in first and all(set(c) == {"id", "text"} for c in first["choices"])

    # Resuming (a second start, or reading the session) shows the same next item, and Charlie sees nothing.
    again = client.post(f"/api/v1/documents/{document.slug}/learn/", {}, format="json")
    assert again.status_code == 200 and again.json()["id"] == session["id"] and again.json()["item"] == first
    assert client.get(f"/api/v1/learn/{session['id']}/").json()["item"] == first
    assert api(charlie).get(f"/api/v1/learn/{session['id']}/").status_code == 404
    assert api(charlie).post(f"/api/v1/learn/{session['id']}/answer/", {}, format="json").status_code == 404

    # Bob gets the first difference wrong once.
    weak = first["difference"]
    missed = first["id"]
    out = _answer(client, session["id"], first, _wrong(first))
    fb = out["feedback"]
    assert fb["correct"] is False and fb["expected"] == _right(first) and fb["explanation"] and fb["source"]
    assert fb["lesson_url"].startswith("/lessons/") and "#:~:text=" in fb["lesson_url"]

    # The same difference keeps coming until it has two right answers; then others come.
    seen = []
    item = out["session"]["item"]
    right_on_weak = 0
    while right_on_weak < 2:
        assert item["difference"] == weak, seen
        seen.append(item)
        out = _answer(client, session["id"], item, _right(item))
        right_on_weak += item["kind"] == "question"
        item = out["session"]["item"]
    # The missed question comes back later in the session, and until it is right twice.
    returns, levels, cards = [], [], 0
    steps = 0
    while out["session"]["ended_at"] is None:
        steps += 1
        assert steps < 200
        if item["kind"] == "question":
            levels.append((item["difference"], item["level"]))
            if item["id"] == missed:
                returns.append(item["returning"])
            out = _answer(client, session["id"], item, _right(item))
        else:
            cards += 1  # a difference whose answers suffice reviews its flashcard (the mastery rule wants it)
            out = _answer(client, session["id"], item)
        item = out["session"]["item"]
    assert returns == [True, True]  # back after the other items, and again until right twice
    final = out["session"]
    assert cards == total  # every difference of the seed has a difference card
    assert final["end_reason"] == "mastered" and final["item"] is None
    assert final["progress"]["mastered"] == total
    mastery = client.get("/api/v1/progress/me/").json()
    doc = next(d for d in mastery["documents"] if d["slug"] == document.slug)
    covered = {x["id"] for x in final["progress"]["differences"]}
    assert {d["state"] for d in doc["mastery"]["differences"] if d["id"] in covered} == {MASTERED}
    # Recognition before recall on each difference.
    first_level = {}
    for difference, level in levels:
        first_level.setdefault(difference, level)
    assert set(first_level.values()) == {"recognition"}
    # Practised, never graded: no attempt, no graded answer.
    assert not Attempt.objects.filter(student=bob).exists() and not Answer.objects.exists()
    assert LearnAnswer.objects.filter(student=bob).count() == final["answered"]
    # A finished session is not answered again; a new start is a new session.
    assert (
        client.post(
            f"/api/v1/learn/{session['id']}/answer/", {"question": missed, "answer": "a"}, format="json"
        ).status_code
        == 400
    )
    assert client.post(f"/api/v1/documents/{document.slug}/learn/", {}, format="json").status_code == 201


def test_it_refuses_an_answer_for_an_item_it_is_not_asking_and_bad_input(api, bob):
    document = seed_document()
    client = api(bob)
    session = client.post(f"/api/v1/documents/{document.slug}/learn/", {}, format="json").json()
    other = Question.objects.filter(document=document).exclude(pk=session["item"]["id"]).first()
    url = f"/api/v1/learn/{session['id']}/answer/"
    assert client.post(url, {"question": other.pk, "answer": "a"}, format="json").status_code == 400
    assert client.post(url, {"question": session["item"]["id"], "answer": "zzz"}, format="json").status_code == 400
    assert client.post(url, {"question": 2**70, "answer": "a"}, format="json").status_code == 400
    assert client.post(url, {}, format="json").status_code == 400
    assert (
        client.post(f"/api/v1/documents/{document.slug}/learn/", {"difference": 10**9}, format="json").status_code
        == 400
    )
    assert client.post("/api/v1/documents/nope/learn/", {}, format="json").status_code == 404
    assert LearnSession.objects.get(pk=session["id"]).answered == 0


def test_it_focuses_a_session_on_one_difference_and_ends_when_it_is_mastered(api, bob):
    document = seed_document()
    client = api(bob)
    difference = document.differences.order_by("-position").first()
    session = client.post(
        f"/api/v1/documents/{document.slug}/learn/", {"difference": difference.pk}, format="json"
    ).json()
    assert session["focus"] == difference.pk and session["progress"]["total"] == 1
    out = {"session": session}
    for _ in range(20):
        item = out["session"]["item"]
        if item is None:
            break
        assert item["difference"] == difference.pk
        out = _answer(client, session["id"], item, _right(item) if item["kind"] == "question" else None)
    assert out["session"]["end_reason"] == "mastered"


def test_it_answers_in_a_fixed_number_of_queries(api, bob):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    document = seed_document()
    client = api(bob)
    session = client.post(f"/api/v1/documents/{document.slug}/learn/", {}, format="json").json()
    item, counts = session["item"], []
    for _ in range(6):
        with CaptureQueriesContext(connection) as ctx:
            out = _answer(client, session["id"], item, _right(item) if item["kind"] == "question" else None)
        counts.append(len(ctx.captured_queries))
        item = out["session"]["item"]
    assert max(counts) <= 16 and len(set(counts[1:])) <= 2, counts  # a card review costs its own few


def test_it_never_asks_a_question_the_teacher_edited_and_disabled_but_asks_generated_alternates(api, bob):
    document = seed_document()
    difference = document.differences.order_by("position").first()
    questions = list(difference.questions.filter(type__in=["which_model", "true_false", "multiple_choice"]))
    hidden = questions[0]
    hidden.edited, hidden.enabled = True, False
    hidden.save(update_fields=["edited", "enabled"])
    client = api(bob)
    out = {
        "session": client.post(
            f"/api/v1/documents/{document.slug}/learn/", {"difference": difference.pk}, format="json"
        ).json()
    }
    session_id, asked = out["session"]["id"], set()
    while out["session"]["item"] is not None:
        item = out["session"]["item"]
        if item["kind"] == "question":
            asked.add(item["id"])
            out = _answer(client, session_id, item, _right(item))
        else:
            out = _answer(client, session_id, item)
    assert hidden.pk not in asked
