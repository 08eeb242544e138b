"""Journeys of councils and teams in Chromium: an official schedules a meeting (a past date is refused
with a message next to the field) and records its minutes, which the public reads; the council's
secretary records the opinion asked for. Every page visited passes axe-core.

The body and its members are written through the services (tests/councils/helpers.py).
"""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from pozytek.accounts.models import Role
from pozytek.councils.models import BodyMeeting, OpinionRequest
from pozytek.councils.services import acts
from pozytek.councils.states import MeetingState, RequestState
from tests.conftest import with_totp
from tests.councils.helpers import balanced_council
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_evaluation_journey import english, log_in, one_h1
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.tenants import TenantFactory

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def tenant(transactional_db):
    return TenantFactory(name="Miasto Testowo", slug="testowo", email="urzad@testowo.example")


@pytest.fixture
def official(tenant):
    return with_totp(MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user)


def test_official_schedules_a_meeting_and_records_minutes(page, live_server, tenant, official):
    with scopes_disabled():
        body = balanced_council(tenant, official)
    log_in(page, live_server, official, "/testowo/urzad/rady/")
    one_h1(page)
    assert_accessible(page)
    page.get_by_role("link", name=body.name).click()
    expect(page.locator("#ngo-balance")).to_contain_text("2 of 4")
    assert_accessible(page)

    page.get_by_role("link", name="Schedule a meeting").click()
    assert_accessible(page)
    past = (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Title").fill("I posiedzenie Rady")
    page.get_by_label("Date and time (Warsaw time)").fill(past)
    page.get_by_label("Place").fill("Ratusz, sala 1")
    page.get_by_label("Agenda").fill("Otwarcie\nOpinia o programie współpracy")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.locator(".field--invalid")).to_contain_text("A meeting can only be scheduled in the future.")
    expect(page.get_by_label("Place")).to_have_value("Ratusz, sala 1")
    assert_accessible(page)
    future = (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Date and time (Warsaw time)").fill(future)
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.locator("#agenda")).to_contain_text("Opinia o programie współpracy")
    assert_accessible(page)
    page.get_by_role("button", name="Send the invitations by e-mail").click()
    expect(page.locator(".messages")).to_contain_text("Invitations have been sent to 4 members.")

    # A week later: the meeting took place.
    with scopes_disabled():
        meeting = BodyMeeting.objects.get(body=body)
        BodyMeeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=3))
    page.reload()
    page.get_by_role("link", name="Record the attendance and minutes").click()
    assert_accessible(page)
    page.get_by_label("Jan Urzędowy 1 (Mayor's office (executive))").uncheck()
    page.get_by_label("Minutes").fill("Rada zaopiniowała projekt programu pozytywnie.")
    page.get_by_role("button", name="Record and publish the minutes").click()
    expect(page.locator("#meeting-state")).to_contain_text("Held")
    with scopes_disabled():
        assert BodyMeeting.objects.get(pk=meeting.pk).state == MeetingState.HELD

    page.context.clear_cookies()
    english(page, live_server)
    page.goto(f"{live_server.url}/testowo/rady/{body.slug}/")
    one_h1(page)
    assert_accessible(page)
    page.locator("#meetings a", has_text="Minutes of I posiedzenie Rady").click()
    expect(page.locator("main")).to_contain_text("Rada zaopiniowała projekt programu pozytywnie.")
    assert_accessible(page)


def test_secretary_records_the_requested_opinion(page, live_server, tenant, official):
    secretary = with_totp(UserFactory(full_name="Sekretarz Rady"))
    with scopes_disabled():
        body = balanced_council(tenant, official, secretary_user=secretary)
        request = acts.request_opinion(
            body=body,
            actor=official,
            subject="Projekt programu współpracy na 2027 rok",
            delivered_on=timezone.localdate() - dt.timedelta(days=3),
        )
    log_in(page, live_server, secretary, "/testowo/rady/sekretariat/")
    one_h1(page)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Record the opinion on Projekt programu")).click()
    assert_accessible(page)
    page.get_by_label("Text").fill("")
    page.get_by_role("button", name="Record and publish the opinion").click()
    expect(page.locator(".field--invalid")).to_contain_text("This field is required.")
    assert_accessible(page)
    page.get_by_label("Text").fill("Rada opiniuje projekt pozytywnie.")
    page.get_by_role("button", name="Record and publish the opinion").click()
    one_h1(page)
    expect(page.locator("#requests")).to_contain_text("opinion no. 1/")
    assert_accessible(page)
    with scopes_disabled():
        assert OpinionRequest.objects.get(pk=request.pk).state == RequestState.ANSWERED
    page.locator("#acts a").first.click()
    expect(page.locator("main")).to_contain_text("Rada opiniuje projekt pozytywnie.")
    assert_accessible(page)


def test_every_office_page_of_a_body_is_accessible(page, live_server, tenant, official):
    with scopes_disabled():
        body = balanced_council(tenant, official)
        request = acts.request_opinion(
            body=body, actor=official, subject="Projekt uchwały", delivered_on=timezone.localdate()
        )
        from pozytek.councils.services import meetings, recruitment

        meeting = meetings.schedule_meeting(
            body=body, actor=official, title="P", starts_at=timezone.now() + dt.timedelta(days=2), place="Ratusz"
        )
        call = recruitment.open_call(
            body=body, actor=official, title="Nabór", seats=2, deadline=timezone.now() + dt.timedelta(days=2)
        )
        member = body.members.first()
    base = f"/testowo/urzad/rady/{body.pk}"
    log_in(page, live_server, official, f"{base}/")
    for path in (
        "/testowo/urzad/rady/nowa/",
        f"{base}/edycja/",
        f"{base}/czlonkowie/dodaj/",
        f"{base}/czlonkowie/{member.pk}/",
        f"{base}/czlonkowie/{member.pk}/koniec/",
        f"{base}/uchwaly/nowa/",
        f"{base}/wnioski/nowy/",
        f"{base}/nabory/nowy/",
        f"/testowo/urzad/rady/posiedzenia/{meeting.pk}/",
        f"/testowo/urzad/rady/wnioski/{request.pk}/opinia/",
        f"/testowo/urzad/rady/nabory/{call.pk}/",
        f"/testowo/rady/nabory/{call.pk}/",
    ):
        page.goto(live_server.url + path)
        one_h1(page)
        assert_accessible(page)
    # A form sent empty shows its errors accessibly too.
    page.goto(live_server.url + f"{base}/czlonkowie/dodaj/")
    page.get_by_role("button", name="Add the member").click()
    expect(page.locator(".field--invalid").first).to_be_visible()
    assert_accessible(page)
