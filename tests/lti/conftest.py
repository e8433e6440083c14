"""Fixtures for the LTI tests: a registered test platform whose HTTP endpoints are intercepted."""

import io

import pytest
import responses
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from tests.factories_lti import DocumentFactory, LessonFactory, QuizFactory
from tests.lti.platform import Platform


@pytest.fixture
def lms():
    """The test LMS, its endpoints served through `responses` for the test's duration."""
    cache.clear()  # access tokens and launch state of earlier tests
    platform = Platform()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        platform.serve(rsps, Client())
        platform.rsps = rsps
        yield platform


@pytest.fixture
def registered(db, lms):
    call_command("lti_add_platform", *lms.register_command_args(), stdout=io.StringIO())
    return lms


@pytest.fixture
def document(db):
    return DocumentFactory(title="Client-server và P2P")


@pytest.fixture
def quiz(document):
    return QuizFactory(document=document, title="Kiểm tra tổng hợp")


@pytest.fixture
def lesson(document):
    return LessonFactory(document=document, title="Định nghĩa Client-Server")
