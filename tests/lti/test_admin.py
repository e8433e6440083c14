"""Staff register platforms in the admin; the tool's private key never shows there."""

import pytest

from learning.lti.keys import tool_key_active
from learning.models import LtiDeployment, LtiPlatform
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_it_registers_a_platform_with_its_deployment_in_the_admin(staff_client):
    response = staff_client.post(
        "/admin/learning/ltiplatform/add/",
        {
            "name": "Moodle",
            "issuer": "https://moodle.school.vn",
            "client_id": "abc123",
            "auth_login_url": "https://moodle.school.vn/mod/lti/auth.php",
            "auth_token_url": "https://moodle.school.vn/mod/lti/token.php",
            "auth_audience": "",
            "key_set_url": "https://moodle.school.vn/mod/lti/certs.php",
            "key_set": "null",
            "deployments-TOTAL_FORMS": "1",
            "deployments-INITIAL_FORMS": "0",
            "deployments-0-deployment_id": "1",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    platform = LtiPlatform.objects.get(client_id="abc123")
    assert list(LtiDeployment.objects.filter(platform=platform).values_list("deployment_id", flat=True)) == ["1"]


def test_it_never_shows_the_private_key(staff_client):
    key = tool_key_active()
    page = staff_client.get(f"/admin/learning/ltitoolkey/{key.pk}/change/")
    assert page.status_code == 200
    assert "PRIVATE KEY" not in page.content.decode()
    assert "PUBLIC KEY" in page.content.decode()
