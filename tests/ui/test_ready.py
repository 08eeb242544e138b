"""/readyz: ready when the database and the cache answer and the task worker keeps up; 503 names what fails.
/healthz stays the liveness check."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def waiting_task(*, enqueued_ago: dt.timedelta, run_after: dt.datetime | None = None) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="pozytek.notifications.tasks.deliver_email",
        backend_name="default",
        run_after=run_after or get_date_max(),
        exception_class_path="",
        traceback="",
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - enqueued_ago)
    return task


def test_ready_when_the_database_and_the_cache_answer_and_no_task_waits(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "failing": [],
        "database": "ok",
        "cache": "ok",
        "tasks": "ok",
        "oldest_pending_task_age_s": None,
    }
    assert "no-cache" in response["Cache-Control"]


def test_ready_gives_the_age_of_the_oldest_waiting_task(client):
    waiting_task(enqueued_ago=dt.timedelta(seconds=90))
    waiting_task(enqueued_ago=dt.timedelta(seconds=30))

    response = client.get("/readyz")

    assert response.status_code == 200
    assert 90 <= response.json()["oldest_pending_task_age_s"] < 600


def test_not_ready_when_a_task_has_waited_longer_than_the_limit(client, settings):
    settings.POZYTEK_READY_MAX_TASK_AGE_S = 600
    waiting_task(enqueued_ago=dt.timedelta(minutes=15))

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["failing"], body["database"], body["cache"]) == ("unavailable", ["tasks"], "ok", "ok")
    assert body["oldest_pending_task_age_s"] >= 900


def test_a_task_scheduled_for_later_or_already_done_is_not_waiting(client):
    waiting_task(enqueued_ago=dt.timedelta(hours=2), run_after=timezone.now() + dt.timedelta(hours=1))
    done = waiting_task(enqueued_ago=dt.timedelta(hours=2))
    DBTaskResult.objects.filter(pk=done.pk).update(status="SUCCESSFUL")

    response = client.get("/readyz")

    assert (response.status_code, response.json()["oldest_pending_task_age_s"]) == (200, None)


def test_a_scheduled_task_waits_from_the_time_it_was_due(client):
    waiting_task(enqueued_ago=dt.timedelta(hours=2), run_after=timezone.now() - dt.timedelta(minutes=20))

    response = client.get("/readyz")

    assert response.status_code == 503
    assert 1200 <= response.json()["oldest_pending_task_age_s"] < 7200


def test_not_ready_when_the_cache_does_not_answer(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]


def test_healthz_stays_the_liveness_check(client):
    response = client.get("/healthz")

    assert (response.status_code, response.content) == (200, b"ok")
