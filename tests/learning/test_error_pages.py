"""403, 404 and 500 pages: in the site's layout and the reader's language, saying what to do next."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error


def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.django_db
def test_the_403_page_shows_the_reason_in_vietnamese(client, bob):
    client.force_login(bob)
    response = client.post("/classes/", {"name": "Lớp mới"})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Bạn không thể làm việc này ở đây" in html  # the page's own heading
    assert "Chỉ giáo viên mới làm được việc này." in html  # the PermissionDenied message, translated
    assert 'href="/dashboard/"' in html and 'class="topbar"' in html  # a way on, inside the site's layout


@pytest.mark.django_db
def test_the_403_page_in_english(client, bob):
    english(client).force_login(bob)
    html = client.post("/classes/", {"name": "New class"}).content.decode()
    assert '<html lang="en">' in html
    assert "You cannot do this here" in html and "Only teachers can do this." in html
    assert "Forbidden" not in html


@pytest.mark.django_db
def test_the_404_page_in_both_languages(client, alice):
    client.force_login(alice)
    response = client.get("/classes/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html and 'href="/classes/"' in html
    english(client)
    html = client.get("/no-such-page/").content.decode()
    assert "Page not found" in html and "Go to my classes" in html


@pytest.mark.django_db
def test_the_404_page_offers_a_log_in_to_a_visitor(client):
    html = client.get("/no-such-page/").content.decode()
    assert 'href="/accounts/login/?next=/no-such-page/"' in html


@pytest.mark.parametrize(
    ("language", "heading"), [("vi", "Đã có lỗi ở phía chúng tôi"), ("en", "Something went wrong on our side")]
)
def test_the_500_page_renders_without_a_request_context(language, heading):
    request = RequestFactory().get("/")
    with translation.override(language):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html and 'href="/"' in html
