import pytest
from django.core.management import call_command

from learning.models import Classroom, Membership, User


@pytest.mark.django_db
def test_create_account_creates_then_updates():
    call_command("create_account", "minh", "--role", "student", "--password", "first-pass-123")
    user = User.objects.get(username="minh")
    assert user.is_student and user.check_password("first-pass-123")
    call_command("create_account", "minh", "--role", "teacher", "--password", "second-pass-456")
    user.refresh_from_db()
    assert User.objects.filter(username="minh").count() == 1
    assert user.is_teacher and user.check_password("second-pass-456")


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    call_command("seed_demo")
    assert User.objects.filter(username__in=["teacher", "student", "student2"]).count() == 3
    classroom = Classroom.objects.get()
    assert classroom.teacher.username == "teacher"
    assert Membership.objects.filter(classroom=classroom).count() == 2


@pytest.mark.django_db
def test_login_and_logout(client, bob):
    response = client.post("/accounts/login/", {"username": "bob", "password": "pass-2026-word"})
    assert response.status_code == 302
    assert client.get("/").context["user"] == bob
    client.post("/accounts/logout/")
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_a_wrong_password_is_refused_with_a_message(client, bob):
    response = client.post("/accounts/login/", {"username": "bob", "password": "nope"})
    assert response.status_code == 200
    assert "không khớp" in response.content.decode() or "didn't match" in response.content.decode()


@pytest.mark.django_db
def test_token_is_issued_and_revoked(api, bob):
    anonymous = api(None)
    response = anonymous.post("/api/v1/auth/token/", {"username": "bob", "password": "pass-2026-word"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert anonymous.delete("/api/v1/auth/token/").status_code == 204
    assert anonymous.delete("/api/v1/auth/token/").status_code == 401


@pytest.mark.django_db
def test_token_with_bad_credentials_is_a_400_naming_the_problem(api, bob):
    response = api(None).post("/api/v1/auth/token/", {"username": "bob"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()


@pytest.mark.django_db
def test_home_page_speaks_vietnamese_by_default_and_english_on_request(client):
    assert '<html lang="vi">' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_seed_demo_assigns_the_seed_documents_work_once(seed_text):
    from learning.models import Assignment
    from learning.services.documents import document_import

    document_import(text=seed_text)
    call_command("seed_demo")
    call_command("seed_demo")
    kinds = sorted(Assignment.objects.values_list("target_type", flat=True))
    assert kinds == ["flashcards", "lesson", "quiz"]
