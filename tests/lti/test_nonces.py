"""Nonces: consumed once even under concurrent replays, purged once their tokens are long expired."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from learning.models import LtiNonce, LtiPlatform, LtiUser
from tests.conftest import on_postgres
from tests.lti.platform import ROLE_LEARNER, new_sub


def test_it_purges_nonces_of_long_expired_tokens_on_the_next_launch(client, registered, quiz):
    platform = LtiPlatform.objects.get()
    old = LtiNonce.objects.create(platform=platform, nonce="old")
    LtiNonce.objects.filter(pk=old.pk).update(used_at=timezone.now() - timedelta(days=3))
    recent = LtiNonce.objects.create(platform=platform, nonce="recent")

    registered.launch(
        client, sub=new_sub(), roles=[ROLE_LEARNER], custom={"target_type": "quiz", "target_id": str(quiz.pk)}
    )

    assert set(LtiNonce.objects.values_list("nonce", flat=True)) - {recent.nonce} != set()
    assert not LtiNonce.objects.filter(pk=old.pk).exists()
    assert LtiNonce.objects.filter(pk=recent.pk).exists()


def test_it_bounds_the_queries_of_a_launch(client, registered, quiz, django_assert_max_num_queries):
    custom = {"target_type": "quiz", "target_id": str(quiz.pk)}
    auth = registered.login(client)
    token = registered.id_token(nonce=auth["nonce"], sub=new_sub(), roles=[ROLE_LEARNER], custom=custom)
    # First launch: user (its name checked free), context, link (with its target's document), grade link.
    with django_assert_max_num_queries(36):
        response = client.post("/lti/launch/", {"id_token": token, "state": auth["state"]})
    assert response.status_code == 302


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_accepts_a_token_once_when_it_is_replayed_concurrently(registered, quiz):
    if not on_postgres():
        pytest.skip("needs PostgreSQL (concurrent writers)")
    first = Client()
    auth = registered.login(first)
    custom = {"target_type": "quiz", "target_id": str(quiz.pk)}
    token = registered.id_token(nonce=auth["nonce"], sub=new_sub(), roles=[ROLE_LEARNER], custom=custom)
    clients = [first] + [Client() for _ in range(5)]
    for other in clients[1:]:
        other.cookies = first.cookies  # the same browser state, six times at once
    barrier = threading.Barrier(len(clients))
    statuses = []

    def replay(browser):
        barrier.wait()
        try:
            statuses.append(browser.post("/lti/launch/", {"id_token": token, "state": auth["state"]}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=replay, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [302, 403, 403, 403, 403, 403]
    assert LtiNonce.objects.count() == 1
    assert LtiUser.objects.count() == 1
