import pytest

from tests.simulator.kinds import register_test_kinds


@pytest.fixture(autouse=True, scope="session")
def _test_kinds():
    register_test_kinds()
