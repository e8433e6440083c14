import pytest

from learning.models import WorkerHeartbeat
from tests.celery_worker import running_worker


@pytest.mark.django_db
def test_healthz_is_ok_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["database"] == "ok"
    assert response.json()["broker"] == "ok"


@pytest.mark.django_db
def test_healthz_names_the_broker_when_it_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable: broker"
    assert body["broker"].startswith("down:")
    assert body["database"] == "ok"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_task_dispatched_from_a_request_runs_in_a_worker_and_writes_to_the_database(client, django_db_blocker):
    from tests.factories import UserFactory

    UserFactory(username="ops", is_staff=True)
    client.login(username="ops", password="pass-2026-word")
    with running_worker(django_db_blocker):
        response = client.post("/api/v1/ops/heartbeats/")
        assert response.status_code == 202
        beat_id = response.json()["id"]
        import time

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            beat = WorkerHeartbeat.objects.get(pk=beat_id)
            if beat.received_at:
                break
            time.sleep(0.05)
    beat = WorkerHeartbeat.objects.get(pk=beat_id)
    assert beat.received_at is not None and beat.received_at >= beat.sent_at
    assert beat.hostname  # stamped by the worker, not by the web process


@pytest.mark.django_db
def test_heartbeats_are_for_staff_only(api, bob):
    assert api(bob).post("/api/v1/ops/heartbeats/").status_code == 403
    assert api(None).post("/api/v1/ops/heartbeats/").status_code == 401
