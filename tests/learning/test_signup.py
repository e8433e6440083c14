"""Sign-up with a class join code, password reset by email, and a teacher's reset of a student's password."""

import re

import pytest
from django.core import mail
from rest_framework.authtoken.models import Token

from learning.api.signup import SignupRateThrottle
from learning.models import Membership, User
from tests.conftest import PASSWORD

NEW_PASSWORD = "mèo-con-2026-xanh"


def signup_data(**overrides):
    data = {
        "code": "code0001",
        "display_name": "Trần Văn An",
        "username": "an.tran",
        "email": "an@example.edu",
        "password": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


@pytest.fixture
def open_class(classroom):
    classroom.join_code = "CODE0001"
    classroom.save(update_fields=["join_code"])
    return classroom


# --- Page ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_signs_a_student_up_into_the_class_of_the_code(client, open_class):
    response = client.post("/accounts/signup/", signup_data(code=" code-0001 "))
    assert response.status_code == 302
    assert response["Location"] == f"/classes/{open_class.pk}/"
    user = User.objects.get(username="an.tran")
    assert user.is_student and user.display_name == "Trần Văn An" and user.email == "an@example.edu"
    assert user.check_password(NEW_PASSWORD)
    assert Membership.objects.filter(classroom=open_class, student=user).exists()
    # Signed in: the class page opens.
    assert client.get(f"/classes/{open_class.pk}/").status_code == 200


@pytest.mark.django_db
def test_it_says_the_class_is_closed(client, open_class):
    open_class.join_enabled = False
    open_class.save(update_fields=["join_enabled"])
    response = client.post("/accounts/signup/", signup_data())
    assert response.status_code == 400
    html = response.content.decode()
    assert "Lớp này đã đóng" in html or "closed" in html
    assert 'aria-describedby="id_code_error"' in html and 'id="id_code_error"' in html
    assert not User.objects.filter(username="an.tran").exists()


@pytest.mark.django_db
def test_it_names_a_wrong_code_a_taken_username_and_a_weak_password_at_once(client, open_class, bob):
    client.cookies["django_language"] = "en"
    response = client.post("/accounts/signup/", signup_data(code="NOPE9999", username="BOB", password="123"))
    assert response.status_code == 400
    form = response.context["form"]
    assert "No class has this code" in form.errors["code"][0]
    assert "taken" in form.errors["username"][0]
    assert form.errors["password"]
    assert User.objects.count() == 2  # alice and bob only


@pytest.mark.django_db
def test_it_bounds_every_field(client, open_class):
    response = client.post(
        "/accounts/signup/", signup_data(username="u" * 151, display_name="n" * 151, code="c" * 33)
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"username", "display_name", "code"}


# --- API -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_signs_up_and_the_new_student_gets_a_token(api, open_class):
    client = api(None)
    response = client.post("/api/v1/auth/signup/", signup_data(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["username"] == "an.tran" and body["classroom"] == {"id": open_class.pk, "name": open_class.name}
    token = client.post("/api/v1/auth/token/", {"username": "an.tran", "password": NEW_PASSWORD}, format="json")
    assert token.status_code == 200


@pytest.mark.django_db
def test_the_api_answers_400_per_field(api, open_class):
    open_class.join_enabled = False
    open_class.save(update_fields=["join_enabled"])
    response = api(None).post("/api/v1/auth/signup/", signup_data(password="x" * 129), format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"password"}
    response = api(None).post("/api/v1/auth/signup/", signup_data(), format="json")
    assert response.status_code == 400 and set(response.json()) == {"code"}


@pytest.mark.django_db
def test_the_api_throttles_sign_ups(api, open_class, monkeypatch):
    monkeypatch.setattr(SignupRateThrottle, "rate", "2/hour")
    client = api(None)
    codes = [
        client.post("/api/v1/auth/signup/", signup_data(username=f"s{i}"), format="json").status_code for i in range(3)
    ]
    assert codes == [201, 201, 429]
    assert User.objects.filter(username__in=["s0", "s1", "s2"]).count() == 2


# --- Password reset by email -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_student_resets_a_forgotten_password_through_the_emailed_link(client, api, bob):
    bob.email = "bob@example.edu"
    bob.save(update_fields=["email"])
    token = Token.objects.create(user=bob)
    response = client.post("/accounts/password/reset/", {"email": "bob@example.edu"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bob@example.edu"]
    assert message.subject == "Chọn mật khẩu mới"
    assert "bob" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)
    page = client.get(link, follow=True)
    assert page.status_code == 200 and page.context["validlink"]
    set_url = page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/accounts/password/reset/done/"
    bob.refresh_from_db()
    assert bob.check_password(NEW_PASSWORD)
    assert not Token.objects.filter(key=token.key).exists()  # the old API token died with the old password
    # The link works once.
    assert client.get(link, follow=True).context["validlink"] is False


@pytest.mark.django_db
def test_a_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.edu"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


# --- A teacher resets a student's password ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_teacher_hands_out_a_one_time_password_and_the_student_chooses_their_own(client, alice, bob, classroom):
    client.force_login(alice)
    response = client.post(f"/classes/{classroom.pk}/students/{bob.pk}/password/")
    assert response.status_code == 200
    one_time = response.context["one_time_password"]
    assert one_time in response.content.decode()
    bob.refresh_from_db()
    assert bob.check_password(one_time) and bob.must_change_password
    client.logout()

    client.post("/accounts/login/", {"username": "bob", "password": one_time})
    page = client.get("/dashboard/")
    assert page.status_code == 302 and page["Location"] == "/accounts/password/change/"
    changed = client.post(
        "/accounts/password/change/",
        {"old_password": one_time, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    bob.refresh_from_db()
    assert bob.check_password(NEW_PASSWORD) and not bob.must_change_password
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.django_db
def test_only_the_class_teacher_resets_and_only_a_student_of_the_class(client, alice, dave, bob, charlie, classroom):
    client.force_login(dave)
    assert client.post(f"/classes/{classroom.pk}/students/{bob.pk}/password/").status_code == 404
    client.force_login(alice)
    assert client.post(f"/classes/{classroom.pk}/students/{charlie.pk}/password/").status_code == 404
    client.force_login(bob)
    assert client.post(f"/classes/{classroom.pk}/students/{bob.pk}/password/").status_code == 403
    bob.refresh_from_db()
    assert bob.check_password(PASSWORD) and not bob.must_change_password


@pytest.mark.django_db
def test_the_api_reset_returns_the_one_time_password(api, alice, dave, bob, classroom):
    url = f"/api/v1/classes/{classroom.pk}/students/{bob.pk}/password-reset/"
    assert api(dave).post(url).status_code == 404
    response = api(alice).post(url)
    assert response.status_code == 200
    bob.refresh_from_db()
    assert bob.check_password(response.json()["password"]) and bob.must_change_password


@pytest.mark.django_db
def test_a_student_opts_out_of_the_digest_in_settings(client, bob):
    client.force_login(bob)
    assert client.get("/accounts/settings/").status_code == 200
    response = client.post("/accounts/settings/", {"email": "bob@example.edu"})
    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.email == "bob@example.edu" and bob.email_digest is False
    bad = client.post("/accounts/settings/", {"email": "not-an-email", "email_digest": "on"})
    assert bad.status_code == 200 and 'aria-invalid="true"' in bad.content.decode()


@pytest.mark.django_db
def test_a_staff_account_in_a_class_is_never_reset_by_its_teacher(client, api, alice, bob, classroom):
    bob.is_staff = True
    bob.save(update_fields=["is_staff"])
    client.force_login(alice)
    response = client.post(f"/classes/{classroom.pk}/students/{bob.pk}/password/")
    assert response.status_code == 302
    api_response = api(alice).post(f"/api/v1/classes/{classroom.pk}/students/{bob.pk}/password-reset/")
    assert api_response.status_code == 400 and "student" in api_response.json()
    bob.refresh_from_db()
    assert bob.check_password(PASSWORD) and not bob.must_change_password
