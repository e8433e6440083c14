"""Personas and clients shared by every test.

Alice teaches; Bob is her student; Charlie is a student of nobody's class and
must see nothing of Bob's; Dave is another teacher who must see nothing of Alice's.
"""

import os
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import ClassroomFactory, MembershipFactory, StudentFactory, TeacherFactory

PASSWORD = "pass-2026-word"
SEED_DOCUMENT = Path(__file__).resolve().parent.parent / "content" / "client-server-vs-p2p.vi.md"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def alice(db):
    return TeacherFactory(username="alice", first_name="Alice")


@pytest.fixture
def dave(db):
    return TeacherFactory(username="dave", first_name="Dave")


@pytest.fixture
def bob(db):
    return StudentFactory(username="bob", first_name="Bob")


@pytest.fixture
def charlie(db):
    return StudentFactory(username="charlie", first_name="Charlie")


@pytest.fixture
def classroom(alice, bob):
    room = ClassroomFactory(teacher=alice, name="10A1")
    MembershipFactory(classroom=room, student=bob)
    return room


def api_client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api():
    """api(user) -> an APIClient authenticated with that user's token (None: anonymous)."""
    return api_client_for


@pytest.fixture
def seed_text():
    return SEED_DOCUMENT.read_text(encoding="utf-8")


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request that switched to English must not leak."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 costs ~0.3 s per persona on these cores; the tests are not about hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached lesson payloads and throttle counters never carry over from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
