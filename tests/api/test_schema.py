"""The API contract: a valid, complete OpenAPI schema, offline docs, and throttling with Retry-After."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command
from openapi_spec_validator import validate
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_it_generates_the_schema_without_a_warning(tmp_path):
    # drf-spectacular's own validator (openapi 3 JSON schema) and --fail-on-warn: no guessed types.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"), stdout=io.StringIO()
    )


def test_it_serves_a_schema_that_an_independent_validator_accepts(schema):
    validate(schema)  # openapi-spec-validator raises on any error
    assert schema["openapi"].startswith("3.")


def test_it_documents_auth_and_the_token_endpoint(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"]["type"] == "apiKey" and schemes["tokenAuth"]["name"] == "Authorization"
    token = schema["paths"]["/api/v1/auth/token/"]
    assert token["post"].get("security", []) in ([], [{}])  # no auth needed to get a token
    assert "requestBody" in token["post"]
    assert "204" in token["delete"]["responses"]


def test_it_documents_request_bodies_success_and_error_responses_on_every_operation(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            success = [code for code in responses if code.startswith("2")]
            assert success, f"{method.upper()} {path} documents no success response"
            assert "429" in responses and "Retry-After" in responses["429"]["headers"], (method, path)
            if method in ("post", "put", "patch"):
                assert "400" in responses, f"{method.upper()} {path} documents no 400"
            if "{" in path:
                assert "404" in responses, f"{method.upper()} {path} documents no 404"
            if operation.get("security") and {} not in operation["security"]:
                assert "401" in responses, f"{method.upper()} {path} documents no 401"


DESIGNED_ROWS = [  # ../shared/DESIGN.md, "REST API v1"
    ("post", "/api/v1/auth/token/"),
    ("get", "/api/v1/documents/"),
    ("post", "/api/v1/documents/"),
    ("get", "/api/v1/documents/{}/"),
    ("get", "/api/v1/documents/{}/differences/"),
    ("get", "/api/v1/lessons/{}/"),
    ("post", "/api/v1/lessons/{}/complete/"),
    ("get", "/api/v1/quizzes/"),
    ("get", "/api/v1/quizzes/{}/"),
    ("post", "/api/v1/quizzes/{}/attempts/"),
    ("post", "/api/v1/attempts/{}/submit/"),
    ("get", "/api/v1/flashcards/due/"),
    ("post", "/api/v1/flashcards/{}/review/"),
    ("get", "/api/v1/simulations/kinds/"),
    ("post", "/api/v1/simulations/"),
    ("get", "/api/v1/simulations/{}/"),
    ("post", "/api/v1/simulations/{}/cancel/"),
    ("get", "/api/v1/exercises/"),
    ("post", "/api/v1/exercises/{}/submissions/"),
    ("post", "/api/v1/classes/"),
    ("post", "/api/v1/classes/join/"),
    ("post", "/api/v1/classes/{}/assignments/"),
    ("get", "/api/v1/assignments/"),
    ("get", "/api/v1/progress/me/"),
    ("get", "/api/v1/classes/{}/gradebook/"),
    ("get", "/api/v1/quizzes/{}/statistics/"),
]


def test_it_documents_every_row_of_the_designed_api(schema):
    documented = {(method, re.sub(r"{[^}]+}", "{}", path)) for path, ops in schema["paths"].items() for method in ops}
    missing = [f"{method.upper()} {path}" for method, path in DESIGNED_ROWS if (method, path) not in documented]
    assert not missing, f"designed but not in the schema: {missing}"


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_it_serves_the_interactive_docs_from_the_project_without_another_host(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, "the docs page loads its scripts from somewhere"
    for asset in assets:
        assert not re.match(r"^(https?:)?//", asset), f"{url} loads {asset} from another host"
    for asset in assets:
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), f"{asset} is not shipped with the project"
    assert "/api/schema/" in html


@pytest.fixture
def fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@time_machine.travel(dt.datetime(2026, 12, 2, 10, 0, 5, tzinfo=dt.UTC), tick=False)
def test_it_throttles_anonymous_clients_with_429_and_retry_after(api, fresh_throttles):
    anonymous = api(None)
    # An empty body fails validation before any password hashing: 60 fast requests, all counted.
    statuses = [anonymous.post("/api/v1/auth/token/", {}).status_code for _ in range(60)]
    assert set(statuses) == {400}  # 60/min allowed (settings API_THROTTLE_ANON)

    response = anonymous.post("/api/v1/auth/token/", {})

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert set(response.json()) == {"detail"}


@time_machine.travel(dt.datetime(2026, 12, 2, 10, 0, 5, tzinfo=dt.UTC), tick=False)
def test_it_throttles_a_user_per_user_not_per_address(api, bob, charlie, fresh_throttles, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "60/min", "user": "3/min"})
    for _ in range(3):
        assert api(bob).get("/api/v1/progress/me/").status_code != 429
    throttled = api(bob).get("/api/v1/progress/me/")
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert api(charlie).get("/api/v1/progress/me/").status_code != 429


def test_it_lets_a_user_revoke_their_token(api, bob):
    client = api(bob)
    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert client.get("/api/v1/progress/me/").status_code == 401
