"""Property-based run of the API against its own OpenAPI schema (schemathesis 4, WSGI, in-process).

For every operation, a bounded number of generated requests as a student and as a teacher:
no response is a 5xx, and every response's status, content type and body match the schema.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from tests.factories import flashcards_assign
from tests.factories_lti import DocumentFactory, LessonFactory, QuizFactory, question_bank

EXAMPLES_PER_OPERATION = 10
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Revoking the token would turn the rest of the run into 401s; it has its own test.
SKIPPED = {("DELETE", "/api/v1/auth/token/")}


@pytest.fixture
def study_material(classroom, alice):
    # Alice's own document, assigned to her class: she may edit its bank (the bank API answers her), Bob reads it.
    document = DocumentFactory(slug="client-server-vs-p2p", created_by=alice)
    LessonFactory(document=document)
    QuizFactory(document=document)
    question_bank(document)
    flashcards_assign(document, classroom)
    return document


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: the WSGI handler must not close the test transaction's connection per request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def summary(exc: BaseException) -> str:
    """The first lines of each distinct failure (schemathesis raises an exception group)."""
    found = []
    for sub in getattr(exc, "exceptions", [exc]):
        lines = [ln.strip() for ln in str(sub).splitlines() if ln.strip() and not ln.strip().startswith("-")]
        found.append(" | ".join(lines[:3])[:300])
    return "; ".join(dict.fromkeys(found))


def run_operation(operation, headers) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["bob", "alice"])
def test_it_answers_every_generated_request_without_5xx_and_as_its_schema_says(
    persona, request, study_material, keep_test_connection
):
    user = request.getfixturevalue(persona)
    token, _ = Token.objects.get_or_create(user=user)
    headers = {"Authorization": f"Token {token.key}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

    failures, count = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue
        count += 1
        try:
            run_operation(operation, headers)
        except (Exception, BaseExceptionGroup) as exc:  # collect every failing operation, report them together
            failures.append(f"{operation.method.upper()} {operation.path}: {summary(exc)}")
    assert count > 20
    assert not failures, f"{len(failures)} of {count} operations fail as {persona}:\n" + "\n\n".join(failures)
