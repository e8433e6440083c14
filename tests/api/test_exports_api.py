"""GET /api/v1/documents/{slug}/export/?type=moodle|gift (teachers only: the files hold the answer keys)."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories_lti import DocumentFactory, question_bank
from tests.lti.gift_reader import read_gift

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    document = DocumentFactory(slug="cs-p2p")
    question_bank(document)
    return document


def test_it_exports_moodle_xml_by_default_and_gift_on_request(api, alice, document):
    moodle = api(alice).get("/api/v1/documents/cs-p2p/export/")
    assert moodle.status_code == 200
    assert moodle["Content-Type"].startswith("application/xml")
    assert len(ET.fromstring(moodle.content)) == 1 + 7

    gift = api(alice).get("/api/v1/documents/cs-p2p/export/?type=gift")
    assert gift.status_code == 200
    assert len(read_gift(gift.content.decode())) == 7


def test_it_names_the_bad_field(api, alice, document):
    response = api(alice).get("/api/v1/documents/cs-p2p/export/?type=pdf")
    assert response.status_code == 400
    assert "type" in response.json()


def test_it_is_404_for_students_and_401_for_anonymous(api, bob, document):
    assert api(bob).get("/api/v1/documents/cs-p2p/export/").status_code == 404
    assert api(None).get("/api/v1/documents/cs-p2p/export/").status_code == 401
