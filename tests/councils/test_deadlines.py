"""The councils' dated items (councils/deadlines.py): the meetings of public bodies."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope

from pozytek.core.deadlines import deadline_sources
from pozytek.councils.deadlines import meeting_items
from pozytek.councils.states import BodyState, MeetingState
from tests.agenda.calendar_helpers import body, meeting

pytestmark = pytest.mark.integration


def span():
    today = timezone.localdate()
    return today, today + dt.timedelta(days=365)


def items_of(tenant):
    with scope(tenant=tenant):
        return meeting_items(tenant, *span())


def test_the_source_is_registered():
    assert "councils" in {source.key for source in deadline_sources()}


def test_a_meeting_of_a_public_body_is_listed_with_its_place(tenant):
    held = meeting(body(tenant, name="Rada Pożytku", slug="rada"), title="Posiedzenie I")
    [item] = items_of(tenant)
    assert item.uid == f"council-meeting-{held.pk}@pozytek"
    assert (item.start, item.all_day, item.location) == (held.starts_at, False, "Ratusz, sala 12")
    assert item.title == "Rada Pożytku: Posiedzenie I"
    assert item.url == f"/testowo/rady/rada/posiedzenia/{held.pk}/"


def test_a_cancelled_meeting_and_a_body_being_formed_are_left_out(tenant):
    meeting(body(tenant), state=MeetingState.CANCELLED)
    meeting(body(tenant, state=BodyState.FORMING, slug="zespol"))
    assert items_of(tenant) == []


def test_another_tenants_meetings_are_left_out(tenant, other_tenant):
    meeting(body(other_tenant))
    assert items_of(tenant) == []


def test_the_queries_do_not_grow_with_the_meetings(tenant):
    council = body(tenant)
    meeting(council)
    with CaptureQueriesContext(connection) as one:
        assert len(items_of(tenant)) == 1
    for n in range(3):
        meeting(body(tenant, slug=f"zespol-{n}"))
    with CaptureQueriesContext(connection) as four:
        assert len(items_of(tenant)) == 4
    assert len(four) == len(one) == 1
