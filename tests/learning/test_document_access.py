"""Who sees and who changes a document (learning.access), "use a copy", and a retitled re-import.

Alice teaches Bob's class; Dave teaches Charlie's class. The seed imported from the command line is a
site document: everyone reads it, staff change it, a teacher who wants other settings uses a copy.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from learning.access import access_document_by_slug, documents_visible_to
from learning.models import Assignment, Document, Flashcard, LessonRead, Question, Quiz
from learning.services.assignments import assignment_create
from learning.services.documents import document_import, lesson_mark_read
from tests.conftest import FIXTURES, PASSWORD
from tests.factories import ClassroomFactory, MembershipFactory, TeacherFactory, document_assign
from tests.factories_quizzes import full_quiz, right_answers

pytestmark = pytest.mark.django_db

SQL_NOSQL = (FIXTURES / "sql-vs-nosql.en.md").read_text(encoding="utf-8")
HTTP_FTP = (FIXTURES / "http-vs-ftp.vi.md").read_text(encoding="utf-8")


@pytest.fixture
def site(seed_text):
    return document_import(text=seed_text)  # manage.py import_document: no owner


@pytest.fixture
def daves_class(dave, charlie):
    room = ClassroomFactory(teacher=dave, name="11B2")
    MembershipFactory(classroom=room, student=charlie)
    return room


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def slugs(user) -> set[str]:
    return set(documents_visible_to(user).values_list("slug", flat=True))


# ---------------------------------------------------------------- visibility, per class


def test_a_teachers_document_is_seen_by_her_and_the_classes_it_is_assigned_to(
    alice, bob, charlie, dave, classroom, daves_class, site
):
    alices = document_import(text=SQL_NOSQL, user=alice)
    daves = document_import(text=HTTP_FTP, user=dave)
    staff = TeacherFactory(username="root", is_staff=True)
    assert slugs(alice) == {site.slug, alices.slug}
    assert slugs(dave) == {site.slug, daves.slug}
    assert slugs(bob) == slugs(charlie) == {site.slug}
    assert slugs(staff) == {site.slug, alices.slug, daves.slug}

    # Assigning any target of the document (here its quiz) opens it to that class only.
    quiz = daves.quizzes.get(mode=Quiz.Mode.FULL)
    due = timezone.now() + timezone.timedelta(days=3)
    assignment_create(classroom=daves_class, target_type="quiz", target_id=quiz.pk, due_at=due)
    assert slugs(charlie) == {site.slug, daves.slug}
    assert slugs(bob) == {site.slug}
    # Any assignment that names the document counts (an exercise's is filled from its target).
    Assignment.objects.create(
        classroom=classroom, target_type="exercise", target_id=1, title="Bài mô phỏng", document=alices, due_at=due
    )
    assert slugs(bob) == {site.slug, alices.slug}
    # A draft stays with its teacher even when assigned.
    alices.published = False
    alices.save()
    assert slugs(bob) == {site.slug}


def test_pages_and_api_answer_404_for_a_document_of_another_class(client, api, alice, bob, charlie, classroom):
    alices = document_import(text=SQL_NOSQL, user=alice)
    document_assign(alices, alice, bob)
    lesson = alices.lessons.first()
    quiz = alices.quizzes.get(mode=Quiz.Mode.FULL)
    card = alices.flashcards.first()
    assert api(bob).get(f"/api/v1/documents/{alices.slug}/").status_code == 200
    assert login(client, bob).get(f"/lessons/{lesson.pk}/").status_code == 200
    outsider = api(charlie)
    assert outsider.get(f"/api/v1/documents/{alices.slug}/").status_code == 404
    assert outsider.get(f"/api/v1/lessons/{lesson.pk}/").status_code == 404
    assert outsider.get(f"/api/v1/quizzes/{quiz.pk}/").status_code == 404
    assert outsider.get(f"/api/v1/documents/{alices.slug}/differences/").status_code == 404
    assert outsider.post(f"/api/v1/flashcards/{card.pk}/review/", {"rating": "good"}).status_code == 404
    assert alices.slug not in [d["slug"] for d in outsider.get("/api/v1/documents/").json()["results"]]
    client.logout()
    assert login(client, charlie).get(f"/documents/{alices.slug}/").status_code == 404


def test_a_teacher_cannot_assign_what_she_cannot_see(alice, bob, dave, classroom, site):
    daves = document_import(text=HTTP_FTP, user=dave)
    quiz = daves.quizzes.get(mode=Quiz.Mode.FULL)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        assignment_create(
            classroom=classroom, target_type="quiz", target_id=quiz.pk, due_at=timezone.now() + timezone.timedelta(1)
        )
    assert "target_id" in error.value.message_dict
    # The site document's quiz is assigned as it is: the assignment points at what she picked.
    site_quiz = site.quizzes.get(mode=Quiz.Mode.FULL)
    assignment = assignment_create(
        classroom=classroom, target_type="quiz", target_id=site_quiz.pk, due_at=timezone.now() + timezone.timedelta(1)
    )
    assert (assignment.target_id, assignment.document_id) == (site_quiz.pk, site.pk)


def test_one_access_document_by_slug_serves_every_area():
    import learning.exports.selectors
    import learning.selectors.documents
    import learning.selectors.flashcards

    for module in (learning.selectors.documents, learning.selectors.flashcards, learning.exports.selectors):
        assert not hasattr(module, "access_document_by_slug") and not hasattr(module, "visible_documents")
    assert access_document_by_slug.__module__ == "learning.access.documents"


# ---------------------------------------------------------------- site documents: staff change, teachers copy


def test_another_teacher_cannot_change_a_site_documents_quiz_or_bank(client, api, dave, site, seed_text):
    quiz = full_quiz(site)
    question = site.questions.filter(enabled=True).first()
    login(client, dave)
    assert client.get(f"/documents/{site.slug}/questions/").status_code == 404
    assert client.get(f"/documents/{site.slug}/questions/new/").status_code == 404
    assert client.get(f"/questions/{question.pk}/edit/").status_code == 404
    assert client.post(f"/questions/{question.pk}/toggle/").status_code == 404
    settings = {"attempts_allowed": 1, "feedback": "immediate", "published": ""}
    assert client.post(f"/quizzes/{quiz.pk}/", settings).status_code == 403
    page = client.get(f"/quizzes/{quiz.pk}/").content.decode()
    assert f'action="/documents/{site.slug}/copy/"' in page and 'name="attempts_allowed"' not in page
    assert "Dùng một bản sao" in page  # Vietnamese by default
    # Through the API: not its settings, not its bank, neither a re-import of its text nor one that names it.
    teacher = api(dave)
    assert teacher.patch(f"/api/v1/quizzes/{quiz.pk}/", {"attempts_allowed": 1}, format="json").status_code == 403
    assert teacher.get(f"/api/v1/documents/{site.slug}/questions/").status_code == 404
    assert teacher.get(f"/api/v1/questions/{question.pk}/").status_code == 404
    assert teacher.patch(f"/api/v1/questions/{question.pk}/", {"enabled": False}, format="json").status_code == 404
    new = {"type": "cloze", "prompt": "Một ___", "answer": "node"}
    assert teacher.post(f"/api/v1/documents/{site.slug}/questions/", new, format="json").status_code == 404
    edited = seed_text.replace("đắt hơn", "rẻ hơn")
    assert teacher.post("/api/v1/documents/", {"text": edited}, format="json").status_code == 400
    named = teacher.post("/api/v1/documents/", {"text": edited, "document": site.slug}, format="json")
    assert named.status_code == 400 and "document" in named.json()
    quiz.refresh_from_db()
    question.refresh_from_db()
    assert quiz.published and quiz.attempts_allowed != 1 and question.enabled
    assert "đắt hơn" in Document.objects.get(pk=site.pk).source


def test_staff_change_a_site_documents_bank(client, site):
    staff = TeacherFactory(username="root", is_staff=True)
    question = site.questions.filter(enabled=True).first()
    login(client, staff)
    assert client.get(f"/documents/{site.slug}/questions/").status_code == 200
    assert client.post(f"/questions/{question.pk}/toggle/").status_code == 302
    question.refresh_from_db()
    assert question.enabled is False


def test_a_teacher_uses_a_copy_changes_it_and_only_her_students_see_it(client, api, alice, bob, charlie, dave, site):
    edited_key = site.questions.filter(type="multiple_choice").first().key
    login(client, dave)
    assert f'action="/documents/{site.slug}/copy/"' in client.get(f"/documents/{site.slug}/").content.decode()
    response = client.post(f"/documents/{site.slug}/copy/")
    copy = Document.objects.get(copied_from=site)
    assert response.status_code == 302 and response["Location"] == f"/documents/{copy.slug}/"
    assert copy.created_by == dave and copy.slug != site.slug and copy.title == site.title
    for relation in ("lessons", "differences", "glossary", "questions", "quizzes", "flashcards"):
        assert getattr(copy, relation).count() == getattr(site, relation).count(), relation
    assert copy.differences.first().statements.count() == site.differences.first().statements.count()
    assert Flashcard.objects.filter(document=copy, difference__document=site).count() == 0  # links remapped
    # Dave changes his copy's quiz settings and one question: the site document does not move.
    copy_quiz = full_quiz(copy)
    settings = {"attempts_allowed": 1, "feedback": "immediate", "published": "on", "shuffle_questions": "on"}
    assert client.post(f"/quizzes/{copy_quiz.pk}/", settings).status_code == 302
    mine = copy.questions.get(key=edited_key)
    edit = {"prompt": "Câu của Dave?", "explanation": "", "choices": "\n".join(c["text"] for c in mine.choices)}
    assert client.post(f"/questions/{mine.pk}/edit/", {**edit, "answer": "1"}).status_code == 302
    assert full_quiz(site).attempts_allowed != 1
    assert site.questions.get(key=edited_key).prompt != "Câu của Dave?"
    # He assigns his copy's quiz; Charlie (his class) takes it end to end, Bob never sees it.
    room = ClassroomFactory(teacher=dave)
    MembershipFactory(classroom=room, student=charlie)
    assignment_create(
        classroom=room, target_type="quiz", target_id=copy_quiz.pk, due_at=timezone.now() + timezone.timedelta(1)
    )
    student = api(charlie)
    started = student.post(f"/api/v1/quizzes/{copy_quiz.pk}/attempts/")
    assert started.status_code == 201
    from learning.models import Attempt

    attempt = Attempt.objects.get(pk=started.json()["id"])
    body = {"responses": right_answers(attempt)}
    submitted = student.post(f"/api/v1/attempts/{attempt.pk}/submit/", body, format="json")
    assert submitted.status_code == 200 and submitted.json()["score"] == submitted.json()["max_score"]
    assert api(bob).get(f"/api/v1/documents/{copy.slug}/").status_code == 404
    assert api(alice).get(f"/api/v1/documents/{copy.slug}/").status_code == 404


def test_the_copy_api(api, bob, dave, site):
    response = api(dave).post(f"/api/v1/documents/{site.slug}/copy/")
    assert response.status_code == 201
    body = response.json()
    assert body["copied_from"] == site.slug and body["editable"] is True and len(body["lessons"]) == 3
    assert api(dave).get(f"/api/v1/documents/{site.slug}/").json()["editable"] is False
    assert api(bob).post(f"/api/v1/documents/{site.slug}/copy/").status_code == 403
    assert api(dave).post("/api/v1/documents/nope/copy/").status_code == 404
    assert Question.objects.filter(document__slug=body["slug"]).count() == site.questions.count()


# ---------------------------------------------------------------- a retitled re-import is the same document


def retitled(text: str, title: str) -> str:
    first, rest = text.split("\n", 1)
    return f"## {title} ##\n{rest}"


def test_a_retitled_reimport_updates_the_same_document_and_keeps_progress(api, alice, bob, seed_text):
    teacher = api(alice)
    upload = SimpleUploadedFile("p2p.md", seed_text.encode(), content_type="text/markdown")
    created = teacher.post("/api/v1/documents/", {"file": upload}, format="multipart").json()
    document = Document.objects.get(slug=created["slug"])
    document_assign(document, alice, bob)
    lesson = document.lessons.get(key="dinh-nghia-client-server")
    lesson_mark_read(student=bob, lesson=lesson)

    # Named explicitly: the title changes, the slug and the students' progress stay.
    text = retitled(seed_text, "So sánh mô hình peer to peer và client-server")
    named = teacher.post("/api/v1/documents/", {"text": text, "document": document.slug}, format="json")
    assert named.status_code == 200 and named.json()["status"] == "updated"
    assert named.json()["slug"] == document.slug and named.json()["title"].startswith("So sánh")
    assert named.json()["report"]["lessons"]["kept"] == 3
    # The same file again with another title: matched by its file name.
    text = retitled(seed_text, "Client-server và peer to peer")
    upload = SimpleUploadedFile("p2p.md", text.encode(), content_type="text/markdown")
    by_file = teacher.post("/api/v1/documents/", {"file": upload}, format="multipart")
    assert by_file.status_code == 200 and by_file.json()["slug"] == document.slug
    assert Document.objects.count() == 1
    document.refresh_from_db()
    assert document.title == "Client-server và peer to peer"
    assert LessonRead.objects.filter(student=bob, lesson=lesson).exists()
    assert api(bob).get(f"/api/v1/lessons/{lesson.pk}/").json()["read"] is True


def test_a_retitled_reimport_through_the_import_page(client, alice, bob, seed_text):
    document = document_import(text=seed_text, user=alice)
    document_assign(document, alice, bob)
    lesson_mark_read(student=bob, lesson=document.lessons.first())
    login(client, alice)
    form = client.get("/documents/import/").content.decode()
    assert f'<option value="{document.slug}">' in form
    text = retitled(seed_text.replace("- Client-Server thì mô hình đắt hơn so với ngang hàng.\n", ""), "Tiêu đề mới")
    preview = client.post("/documents/import/", {"action": "preview", "text": text, "document": document.slug})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Client-Server thì mô hình đắt hơn so với ngang hàng." in page  # listed as retired
    assert f'name="document" value="{document.slug}"' in page
    published = client.post(
        "/documents/import/", {"action": "publish", "source": text, "publish": "on", "document": document.slug}
    )
    assert published.status_code == 302 and published["Location"] == f"/documents/{document.slug}/"
    document.refresh_from_db()
    assert document.title == "Tiêu đề mới" and Document.objects.count() == 1
    assert LessonRead.objects.filter(student=bob, lesson__document=document).count() == 1
    # A document the teacher may not change cannot be named.
    other = document_import(text=SQL_NOSQL)
    refused = client.post("/documents/import/", {"action": "preview", "text": text, "document": other.slug})
    assert refused.status_code in (400, 404)


def test_the_assignment_picker_and_the_home_page_list_only_visible_documents(client, alice, bob, dave, site):
    from learning.selectors.classes import assignable_targets

    alices = document_import(text=SQL_NOSQL, user=alice)
    targets = assignable_targets(teacher=dave)
    assert {d.slug for d in targets["documents"]} == {site.slug}
    assert (
        {q.document_id for q in targets["quizzes"]}
        == {lesson.document_id for lesson in targets["lessons"]}
        == {site.pk}
    )
    assert alices.slug in {d.slug for d in assignable_targets(teacher=alice)["documents"]}
    page = login(client, bob).get("/").content.decode()
    assert site.title in page and alices.title not in page
