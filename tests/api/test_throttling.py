"""The API throttles count requests per fixed window in one cache round trip."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import SimpleRateThrottle

from learning.api.throttling import window_hit

# 10:00:45 UTC: 15 seconds before the minute's window ends.
MID_WINDOW = dt.datetime(2026, 12, 2, 10, 0, 45, tzinfo=dt.UTC)


@pytest.fixture
def three_a_minute(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "3/min"})


def test_it_refuses_the_request_over_the_rate_until_the_window_ends(api, bob, three_a_minute):
    with time_machine.travel(MID_WINDOW, tick=False):
        statuses = [api(bob).get("/api/v1/progress/me/").status_code for _ in range(4)]
        refused = api(bob).get("/api/v1/progress/me/")

    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == 429
    assert refused.status_code == 429
    assert refused["Retry-After"] == "15"

    with time_machine.travel(MID_WINDOW + dt.timedelta(seconds=15), tick=False):
        assert api(bob).get("/api/v1/progress/me/").status_code == 200


def test_it_counts_each_user_apart(api, bob, charlie, three_a_minute):
    with time_machine.travel(MID_WINDOW, tick=False):
        for _ in range(3):
            api(bob).get("/api/v1/progress/me/")
        assert api(bob).get("/api/v1/progress/me/").status_code == 429
        assert api(charlie).get("/api/v1/progress/me/").status_code == 200


def test_it_counts_hits_and_forgets_them_after_their_window(db):
    assert [window_hit("t:key", 60) for _ in range(3)] == [1, 2, 3]
    caches["default"].delete("t:key")
    assert window_hit("t:key", 60) == 1


def test_it_gives_the_redis_counter_an_expiry():
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        pytest.skip("the configured cache is not Redis")
    window_hit("t:expiring", 61)
    full_key = backend.make_and_validate_key("t:expiring")
    client = backend._cache.get_client(full_key)
    assert 0 < client.ttl(full_key) <= 61


def _redis_round_trips(monkeypatch) -> list:
    """Spy on the Redis client: every single command and every pipeline sent (each is one round trip)."""
    import redis

    trips = []
    command, execute = redis.Redis.execute_command, redis.client.Pipeline.execute

    def single(self, *args, **kwargs):
        trips.append(args[0])
        return command(self, *args, **kwargs)

    def pipeline(self, *args, **kwargs):
        trips.append("PIPELINE " + " ".join(str(c[0][0]) for c in self.command_stack))
        return execute(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "execute_command", single)
    monkeypatch.setattr(redis.client.Pipeline, "execute", pipeline)
    return trips


def test_a_token_request_reads_its_account_and_counts_itself_in_one_round_trip(api, bob, monkeypatch):
    if not hasattr(caches["default"], "window_hit"):
        pytest.skip("the configured cache is not Redis")
    client = api(bob)
    assert client.get("/api/v1/classes/").status_code == 200  # the token's account is now cached
    trips = _redis_round_trips(monkeypatch)

    assert client.get("/api/v1/classes/").status_code == 200

    assert trips == ["PIPELINE GET INCRBY EXPIRE"]


def test_the_redis_cache_keeps_one_client_per_pool():
    backend = caches["default"]
    if not hasattr(backend, "window_hit"):
        pytest.skip("the configured cache is not Redis")
    assert backend._cache.get_client("a") is backend._cache.get_client("b", write=True)
