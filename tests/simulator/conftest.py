import pytest

from tests.simulator.kinds import register_test_kinds


@pytest.fixture(autouse=True, scope="session")
def _test_kinds():
    register_test_kinds()


@pytest.fixture
def web(client):
    """web(user) -> the test client signed in as that user (pages, not the API)."""
    from tests.conftest import PASSWORD

    def login(user):
        client.login(username=user.username, password=PASSWORD)
        return client

    return login
