"""Fixtures shared by the classes/progress test modules (imported by them, so they apply there only)."""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Personas and imported accounts hash passwords; PBKDF2's default cost makes each test seconds long."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
