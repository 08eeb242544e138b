"""The calendar (agenda app): a municipality's public iCal feed, a person's page and private feed."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from icalendar import Calendar

from pozytek.agenda.models import CalendarToken
from pozytek.agenda.selectors import own_items, page_range
from pozytek.agreements.models import AgreementYear, Tranche
from pozytek.consultations.states import ConsultationState
from pozytek.core.deadlines import item_uid
from pozytek.core.models import AuditEvent
from pozytek.core.record_kinds import WARSAW
from pozytek.organisations.models import OrganisationMember
from pozytek.organisations.states import MemberRole
from tests.agenda.calendar_helpers import body, call, consultation, events, meeting
from tests.agreements.agreement_helpers import awarded_grant, signed
from tests.factories.offers import ngo_member, start
from tests.matrix_support import official_of

pytestmark = pytest.mark.integration

FEED = "/testowo/kalendarz.ics"
_BODIES = itertools.count(1)


def everything_of(tenant):
    """One call, one consultation, one meeting, and one of each left out: a draft call, a draft
    consultation, a cancelled meeting."""
    return {
        "call": call(tenant),
        "consultation": consultation(tenant),
        "meeting": meeting(body(tenant, slug=f"rada-{next(_BODIES)}")),
        "draft_call": call(tenant, published=False),
        "draft_consultation": consultation(tenant, state=ConsultationState.DRAFT),
    }


def expected_uids(records) -> set[str]:
    return {
        item_uid("call-deadline", records["call"].pk),
        item_uid("call-choice", records["call"].pk),
        item_uid("consultation-start", records["consultation"].pk),
        item_uid("consultation-end", records["consultation"].pk),
        item_uid("council-meeting", records["meeting"].pk),
    }


# The public feed ------------------------------------------------------------------------------------------


def test_the_public_feed_is_valid_ical_with_the_tenants_public_items_only(client, tenant, other_tenant):
    ours, theirs = everything_of(tenant), everything_of(other_tenant)
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response.content)
    assert set(found) == expected_uids(ours)
    assert not set(found) & expected_uids(theirs)


def test_the_public_feed_carries_what_rfc_5545_requires(client, tenant):
    records = everything_of(tenant)
    content = client.get(FEED).content
    assert content.startswith(b"BEGIN:VCALENDAR\r\n") and content.endswith(b"END:VCALENDAR\r\n")
    calendar = Calendar.from_ical(content)
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"])
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Warsaw"]
    for event in calendar.walk("VEVENT"):
        assert event["DTSTAMP"].dt.tzinfo is not None
        assert event["SUMMARY"]
        assert str(event["URL"]).startswith("http://testserver/testowo/")
    found = events(content)
    deadline = found[item_uid("call-deadline", records["call"].pk)]
    assert str(deadline["DTSTART"].params["TZID"]) == "Europe/Warsaw"
    assert deadline["DTSTART"].dt == records["call"].offer_deadline.replace(microsecond=0)
    end = found[item_uid("consultation-end", records["consultation"].pk)]
    assert end["DTSTART"].dt == records["consultation"].ends_on
    assert end["DTEND"].dt == records["consultation"].ends_on + dt.timedelta(days=1)
    assert found[item_uid("council-meeting", records["meeting"].pk)]["LOCATION"] == "Ratusz, sala 12"
    # Every line is at most 75 octets (folded by the library).
    assert max(len(line) for line in content.split(b"\r\n")) <= 75


def test_the_uids_are_stable_between_requests(client, tenant):
    everything_of(tenant)
    assert set(events(client.get(FEED).content)) == set(events(client.get(FEED).content))


def test_the_public_feed_of_an_unknown_tenant_is_not_found(client, db):
    assert client.get("/nikt/kalendarz.ics").status_code == 404


def test_the_public_feeds_queries_do_not_grow_with_the_items(client, tenant):
    everything_of(tenant)
    with CaptureQueriesContext(connection) as few:
        client.get(FEED)
    for _ in range(3):
        everything_of(tenant)
    with CaptureQueriesContext(connection) as more:
        assert len(events(client.get(FEED).content)) == 20
    assert len(more) == len(few)


# The person's page and private feed -------------------------------------------------------------------------


def new_token(client, user) -> str:
    client.force_login(user)
    assert client.post(reverse("agenda:reset")).status_code == 302
    client.logout()
    with scopes_disabled():
        return CalendarToken.objects.get(user=user).token


def test_an_official_sees_the_items_of_their_own_municipality_only(client, tenant, other_tenant, official):
    ours, theirs = everything_of(tenant), everything_of(other_tenant)
    client.force_login(official)
    html = client.get(reverse("agenda:own")).content.decode()
    assert f'href="/testowo/konkursy/{ours["call"].pk}/"' in html
    assert f'href="/testowo/konsultacje/{ours["consultation"].pk}/"' in html
    assert f"/testowo/rady/{ours['meeting'].body.slug}/posiedzenia/{ours['meeting'].pk}/" in html
    assert "/inna/" not in html
    assert f"/testowo/konkursy/{ours['draft_call'].pk}/" not in html
    token = new_token(client, official)
    found = events(client.get(reverse("agenda:private_feed", kwargs={"token": token})).content)
    assert set(found) == expected_uids(ours)
    assert not set(found) & expected_uids(theirs)


def test_a_members_own_items_take_the_same_queries_however_many_offers_they_keep(tenant):
    first_offer, member = start(call(tenant))
    first, last = page_range()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            found = own_items(member, first, last)
        assert sum(item.uid.startswith("offer-deadline") for item in found) == offers
        return len(queries)

    offers = 1
    one = count()
    for _n in range(3):
        start(call(tenant), organisation=first_offer.organisation, actor=member)
    offers = 4

    assert count() == one


def test_a_member_of_an_organisation_sees_its_draft_offers_deadline_and_agreement_dates(tenant, other_tenant, official):
    open_call = call(tenant)
    offer, member = start(open_call)
    stranger_offer, _stranger = start(call(other_tenant))
    agreement = signed(awarded_grant(tenant, official), official)
    with scopes_disabled():
        OrganisationMember.objects.create(organisation=agreement.offer.organisation, user=member, role=MemberRole.OWNER)
    first, last = page_range()
    found = {item.uid for item in own_items(member, first, last)}
    assert item_uid("offer-deadline", offer.pk) in found
    assert item_uid("offer-deadline", stranger_offer.pk) not in found
    dates = {
        "agreement-grant-use": agreement.grant_use_deadline,
        "agreement-return": agreement.return_deadline,
        "agreement-final-report": agreement.final_report_due,
    }
    with scopes_disabled():
        tranches = list(Tranche.objects.filter(agreement=agreement, paid_on__isnull=True))
        years = list(AgreementYear.objects.filter(agreement=agreement, partial_report_due__isnull=False))
    expected = {item_uid(kind, agreement.pk) for kind, day in dates.items() if first <= day <= last}
    expected |= {item_uid("agreement-tranche", t.pk) for t in tranches if first <= t.due_date <= last}
    expected |= {item_uid("agreement-partial-report", y.pk) for y in years if first <= y.partial_report_due <= last}
    assert expected == {uid for uid in found if uid.startswith("agreement-")}
    assert any(uid.startswith("agreement-") for uid in found)
    # No office role: no municipality's public items.
    assert item_uid("call-deadline", open_call.pk) not in found


def test_the_private_feed_needs_the_right_token_and_a_reset_retires_the_old_one(client, tenant, official):
    everything_of(tenant)
    first = new_token(client, official)
    url = reverse("agenda:private_feed", kwargs={"token": first})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert client.get(reverse("agenda:private_feed", kwargs={"token": first[:-2] + "xx"})).status_code == 404
    second = new_token(client, official)
    assert second != first
    assert client.get(url).status_code == 404
    assert client.get(reverse("agenda:private_feed", kwargs={"token": second})).status_code == 200


def test_a_token_opens_its_owners_calendar_only(client, tenant, other_tenant, official):
    theirs = everything_of(other_tenant)
    ours = everything_of(tenant)
    stranger = official_of(other_tenant)
    mine, their_token = new_token(client, official), new_token(client, stranger)
    assert set(events(client.get(reverse("agenda:private_feed", kwargs={"token": mine})).content)) == expected_uids(
        ours
    )
    assert set(
        events(client.get(reverse("agenda:private_feed", kwargs={"token": their_token})).content)
    ) == expected_uids(theirs)


def test_the_page_shows_the_private_address_once_made(client, tenant, official):
    client.force_login(official)
    assert "/konto/terminarz/" not in client.get(reverse("agenda:own")).content.decode().split("<form")[0]
    token = new_token(client, official)
    client.force_login(official)
    assert f"http://testserver/konto/terminarz/{token}.ics" in client.get(reverse("agenda:own")).content.decode()


def test_a_reset_is_in_the_audit_trail(client, official):
    new_token(client, official)
    assert AuditEvent.objects.filter(actor=official, action="agenda.calendar_token_reset").count() == 1


def test_a_persons_queries_do_not_grow_with_their_offers(tenant, official):
    member, organisation = ngo_member(tenant=tenant)
    start(call(tenant), organisation=organisation, actor=member)
    with CaptureQueriesContext(connection) as one:
        assert len(own_items(member, *page_range())) == 1
    for _ in range(3):
        start(call(tenant), organisation=organisation, actor=member)
    with CaptureQueriesContext(connection) as four:
        assert len(own_items(member, *page_range())) == 4
    assert len(four) == len(one)


def test_the_page_lists_the_items_in_polish_time(client, tenant, official):
    published = call(tenant)
    client.force_login(official)
    html = client.get(reverse("agenda:own"), HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    local = timezone.localtime(published.offer_deadline, timezone=WARSAW)
    assert f"{local:%H:%M}" in html
    assert f'href="/testowo/konkursy/{published.pk}/"' in html


def test_a_members_calendar_has_the_tranches_to_be_paid_and_the_partial_reports_due(tenant, official):
    agreement = signed(awarded_grant(tenant, official), official)
    member = agreement.offer.created_by
    with scopes_disabled():
        tranche = Tranche.objects.filter(agreement=agreement).order_by("number").first()
        year = AgreementYear.objects.filter(agreement=agreement).first()
        AgreementYear.objects.filter(pk=year.pk).update(partial_report_due=tranche.due_date)
    found = {item.uid: item for item in own_items(member, tranche.due_date, tranche.due_date)}
    assert item_uid("agreement-tranche", tranche.pk) in found
    assert item_uid("agreement-partial-report", year.pk) in found
    assert str(agreement) in found[item_uid("agreement-tranche", tranche.pk)].title
    with scopes_disabled():
        Tranche.objects.filter(pk=tranche.pk).update(paid_on=tranche.due_date, paid_amount=tranche.amount)
    again = {item.uid for item in own_items(member, tranche.due_date, tranche.due_date)}
    assert item_uid("agreement-tranche", tranche.pk) not in again
