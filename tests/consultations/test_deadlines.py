"""The consultations' dated items (consultations/deadlines.py): the first and the last day of a published
consultation's period."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope

from pozytek.consultations.deadlines import consultation_items
from pozytek.consultations.states import ConsultationState
from pozytek.core.deadlines import deadline_sources
from tests.agenda.calendar_helpers import consultation

pytestmark = pytest.mark.integration


def span():
    today = timezone.localdate()
    return today, today + dt.timedelta(days=365)


def items_of(tenant):
    with scope(tenant=tenant):
        return consultation_items(tenant, *span())


def test_the_source_is_registered():
    assert "consultations" in {source.key for source in deadline_sources()}


def test_a_published_consultation_gives_its_first_and_last_day(tenant):
    held = consultation(tenant, title="Program współpracy")
    items = {item.uid: item for item in items_of(tenant)}
    assert set(items) == {f"consultation-start-{held.pk}@pozytek", f"consultation-end-{held.pk}@pozytek"}
    first, last = items[f"consultation-start-{held.pk}@pozytek"], items[f"consultation-end-{held.pk}@pozytek"]
    assert (first.start, last.start) == (held.starts_on, held.ends_on)
    assert first.all_day and last.all_day
    assert "Program współpracy" in last.title
    assert last.url == f"/testowo/konsultacje/{held.pk}/"


def test_an_open_consultation_that_started_before_the_range_still_gives_its_end(tenant):
    held = consultation(tenant, starts_in=-5)
    assert [item.uid for item in items_of(tenant)] == [f"consultation-end-{held.pk}@pozytek"]


@pytest.mark.parametrize("state", [ConsultationState.DRAFT, ConsultationState.CANCELLED])
def test_drafts_and_cancelled_consultations_are_left_out(tenant, state):
    consultation(tenant, state=state)
    assert items_of(tenant) == []


def test_another_tenants_consultations_are_left_out(tenant, other_tenant):
    consultation(other_tenant)
    assert items_of(tenant) == []


def test_the_queries_do_not_grow_with_the_consultations(tenant):
    consultation(tenant)
    with CaptureQueriesContext(connection) as one:
        assert len(items_of(tenant)) == 2
    for _ in range(3):
        consultation(tenant)
    with CaptureQueriesContext(connection) as four:
        assert len(items_of(tenant)) == 8
    assert len(four) == len(one) == 1
