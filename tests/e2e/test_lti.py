"""An LMS course page frames the tool: deep-link the seed quiz as a teacher, then take it as a student.

The LMS is a small HTTP server the test runs on loopback (its own origin): it frames the tool's
login URL, answers the OIDC auth request with an id_token it signs (tests/lti/platform.py),
serves its JWKS over real HTTP, and receives the deep-linking response.
"""

import html
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
from django.core.management import call_command

from learning.models import Attempt, LtiResourceLink, Question
from learning.services.documents import document_import
from tests.celery_worker import running_worker
from tests.e2e.conftest import answer_question, screenshot
from tests.lti.platform import ROLE_INSTRUCTOR, ROLE_LEARNER, Platform


class LmsHandler(BaseHTTPRequestHandler):
    platform: Platform
    tool_url: str
    launch: dict = {}
    received: list = []
    scores: list = []

    def log_message(self, *args):
        pass

    def _send(self, body: str, status=200, content_type="text/html; charset=utf-8"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/jwks":
            return self._send(json.dumps(self.platform.jwks()), content_type="application/json")
        if url.path == "/course":
            login = f"{self.tool_url}/lti/login/?" + urlencode(
                {
                    "iss": self.platform.issuer,
                    "login_hint": "hint",
                    "target_link_uri": f"{self.tool_url}/lti/launch/",
                    "client_id": self.platform.client_id,
                }
            )
            return self._send(
                "<!doctype html><html><body style='font-family:sans-serif;margin:0'>"
                "<header style='background:#f98012;color:#fff;padding:12px 20px'><b>Moodle (test)</b> · "
                f"{html.escape(self.platform.context_title)}</header>"
                f"<iframe id='tool' src='{html.escape(login)}' style='width:100%;height:760px;border:0'></iframe>"
                "</body></html>"
            )
        if url.path == "/embed":  # any page of this server framing one of the tool's LTI pages
            return self._send(f"<iframe id='tool' src='{html.escape(query['src'])}'></iframe>")
        if url.path == "/auth":
            token = self.platform.id_token(nonce=query["nonce"], **self.launch)
            return self._send(
                f"<form id='f' method='post' action='{html.escape(query['redirect_uri'])}'>"
                f"<input type='hidden' name='id_token' value='{token}'>"
                f"<input type='hidden' name='state' value='{html.escape(query['state'])}'></form>"
                "<script>document.getElementById('f').submit()</script>"
            )
        return self._send("not found", status=404)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        raw = self.rfile.read(length).decode()
        if self.path.endswith("/scores"):
            assert self.headers["Authorization"] == "Bearer t-1"
            self.scores.append(json.loads(raw))
            return self._send("", content_type="application/json")
        form = {k: v[0] for k, v in parse_qs(raw).items()}
        if self.path == "/deep-link-return":
            self.received.append(form["JWT"])
            return self._send("<p id='added'>Activity added to the course.</p>")
        if self.path == "/token":  # OAuth2 client credentials with the tool's signed assertion
            assert form["grant_type"] == "client_credentials" and form["client_assertion"]
            return self._send(json.dumps({"access_token": "t-1", "expires_in": 3600}), content_type="application/json")
        return self._send("not found", status=404)


@pytest.fixture
def lms(live_server):
    server = ThreadingHTTPServer(("127.0.0.1", 0), LmsHandler)
    # Same site as live_server (localhost): over plain HTTP, a cross-site iframe cannot keep cookies
    # (SameSite=None needs Secure); in production both sides are HTTPS and pylti1p3 sets SameSite=None; Secure.
    origin = f"http://localhost:{server.server_port}"
    platform = Platform(issuer=origin)
    handler = type(
        "Handler", (LmsHandler,), {"platform": platform, "tool_url": live_server.url, "received": [], "scores": []}
    )
    server.RequestHandlerClass = handler
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    call_command(
        "lti_add_platform",
        "--issuer", origin, "--client-id", platform.client_id, "--deployment-id", platform.deployment_id,
        "--auth-login-url", f"{origin}/auth", "--auth-token-url", f"{origin}/token", "--keyset-url", f"{origin}/jwks",
    )  # fmt: skip
    yield handler
    server.shutdown()
    server.server_close()


def tool_frame(page):
    return page.frame_locator("#tool")


@pytest.mark.e2e
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_teacher_deep_links_the_seed_quiz_and_a_student_takes_it_inside_the_lms(
    live_server, page, lms, seed_text, django_db_blocker
):
    document = document_import(text=seed_text)  # the seed, a site document: every teacher may link it
    quiz = document.quizzes.order_by("id").first()
    assert quiz is not None, "the seed document generates a quiz"

    lms.launch = {"sub": "teacher-1", "roles": [ROLE_INSTRUCTOR], "message_type": "LtiDeepLinkingRequest"}
    page.goto(f"{lms.platform.issuer}/course")
    frame = tool_frame(page)
    frame.get_by_role("heading", name="Thêm hoạt động vào khoá học").wait_for()
    screenshot(page, "lti-deep-link-picker")
    frame.get_by_label(quiz.title).first.check()
    frame.get_by_role("button", name="Thêm vào khoá học").click()
    frame.locator("#added").wait_for()

    [token] = lms.received
    item = jwt.decode(token, options={"verify_signature": False})[
        "https://purl.imsglobal.org/spec/lti-dl/claim/content_items"
    ][0]
    assert item["custom"] == {"target_type": "quiz", "target_id": str(quiz.pk)}

    lms.launch = {"sub": "student-1", "roles": [ROLE_LEARNER], "custom": item["custom"], "resource_link_id": "rl-9"}
    page.goto(f"{lms.platform.issuer}/course")
    frame = tool_frame(page)
    page.wait_for_timeout(2000)
    screenshot(page, "lti-quiz-in-lms")
    frame.get_by_role("heading", name=quiz.title).wait_for()
    assert LtiResourceLink.objects.get(resource_link_id="rl-9").target_id == quiz.pk

    # The student takes the quiz inside the LMS frame; the grade goes back to the LMS line item.
    with running_worker(django_db_blocker):
        frame.get_by_role("button", name="Bắt đầu làm bài").click()
        frame.locator("fieldset.question").first.wait_for()
        attempt = Attempt.objects.get(student__lti_links__sub="student-1")
        answer_everything(frame, attempt)
        frame.get_by_role("button", name="Nộp bài").click()
        frame.locator("#score").wait_for()
        screenshot(page, "lti-quiz-result-in-lms")
        for _ in range(100):
            if lms.scores:
                break
            page.wait_for_timeout(100)
    [score] = lms.scores
    assert score["userId"] == "student-1"
    assert score["scoreGiven"] == score["scoreMaximum"] == len(attempt.question_ids)
    assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")


def answer_everything(frame, attempt):
    questions = Question.objects.in_bulk(attempt.question_ids)
    for qid in attempt.question_ids:
        answer_question(frame, questions[qid])


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_only_the_registered_lms_origin_can_frame_the_tools_pages(live_server, page, lms):
    tool_page = f"{live_server.url}/lti/login/?iss=unknown"  # an LTI page (its error page), framable by platforms
    port = urlsplit(lms.platform.issuer).port

    page.goto(f"{lms.platform.issuer}/embed?" + urlencode({"src": tool_page}))
    page.wait_for_load_state("networkidle")
    assert page.frames[1].url.startswith(live_server.url)
    assert "LMS" in page.frame_locator("#tool").locator("h1").inner_text()

    # Same server, another origin (127.0.0.1 instead of the registered localhost): the browser refuses.
    page.goto(f"http://127.0.0.1:{port}/embed?" + urlencode({"src": tool_page}))
    page.wait_for_load_state("networkidle")
    assert not page.frames[1].url.startswith(live_server.url)
    screenshot(page, "lti-frame-refused")
