"""pozytek.core.sessions: Django's database sessions read by a prepared query, with the same answers."""

import datetime as dt

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from pozytek.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_session_reads_what_django_wrote_and_the_other_way_round():
    written = DjangoStore()
    written["answer"] = 42
    written.create()
    assert SessionStore(written.session_key).load() == {"answer": 42}
    ours = SessionStore()
    ours["question"] = "?"
    ours.save()
    assert DjangoStore(ours.session_key).load() == {"question": "?"}


@pytest.mark.parametrize("key", [None, "", "x" * 40, "no-such-session-key-at-all-000000"])
def test_a_missing_session_is_empty_and_forgets_its_key(key):
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None


def test_an_expired_session_is_not_read():
    store = SessionStore()
    store["answer"] = 42
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    expired = SessionStore(store.session_key)
    assert expired.load() == {} and expired.session_key is None


@override_settings(SESSION_ENGINE="pozytek.core.sessions")
def test_signing_in_keeps_the_person_signed_in(client, resident):
    client.force_login(resident)
    response = client.get(reverse("offers_member:list"))
    assert response.status_code == 200
    assert response.wsgi_request.user == resident
