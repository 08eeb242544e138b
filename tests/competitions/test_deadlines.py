"""The calls' dated items (competitions/deadlines.py): a public call's offer deadline and choice deadline."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope

from pozytek.competitions.deadlines import call_items
from pozytek.competitions.states import CallState
from pozytek.core.deadlines import deadline_sources
from tests.agenda.calendar_helpers import call

pytestmark = pytest.mark.integration


def span():
    today = timezone.localdate()
    return today - dt.timedelta(days=1), today + dt.timedelta(days=365)


def items_of(tenant):
    with scope(tenant=tenant):
        return call_items(tenant, *span())


def test_the_source_is_registered():
    assert "competitions" in {source.key for source in deadline_sources()}


def test_a_public_call_gives_its_offer_deadline_and_its_choice_deadline(tenant):
    published = call(tenant, number="7/2027", title="Sport dla dzieci")
    items = {item.uid: item for item in items_of(tenant)}
    deadline = items[f"call-deadline-{published.pk}@pozytek"]
    assert deadline.start == published.offer_deadline and not deadline.all_day
    assert "7/2027 Sport dla dzieci" in deadline.title
    assert deadline.url == f"/testowo/konkursy/{published.pk}/"
    choice = items[f"call-choice-{published.pk}@pozytek"]
    assert choice.start == published.choice_deadline and choice.all_day


@pytest.mark.parametrize("state", [CallState.DRAFT, CallState.CANCELLED])
def test_drafts_and_cancelled_calls_are_left_out(tenant, state):
    call(tenant, published=False, state=state)
    assert items_of(tenant) == []


def test_another_tenants_calls_are_left_out(tenant, other_tenant):
    call(other_tenant)
    assert items_of(tenant) == []


def test_a_deadline_outside_the_range_is_left_out(tenant):
    call(tenant, days=400)
    assert items_of(tenant) == []


def test_the_queries_do_not_grow_with_the_calls(tenant):
    call(tenant)
    with CaptureQueriesContext(connection) as one:
        assert len(items_of(tenant)) == 2
    for _ in range(3):
        call(tenant)
    with CaptureQueriesContext(connection) as four:
        assert len(items_of(tenant)) == 8
    assert len(four) == len(one) == 1
