"""Dated records of every registered source, in the states the calendar tests need."""

import datetime as dt

from django.utils import timezone
from django_scopes import scopes_disabled
from icalendar import Calendar

from pozytek.consultations.models import Consultation
from pozytek.consultations.states import ConsultationState
from pozytek.councils.models import Body, BodyMeeting
from pozytek.councils.states import BodyKind, BodyState, MeetingState
from tests.factories.competitions import CallFactory, PublishedCallFactory


def call(tenant, *, published=True, days=10, **extra):
    factory = PublishedCallFactory if published else CallFactory
    return factory(
        tenant=tenant,
        offer_deadline=timezone.now() + dt.timedelta(days=days),
        choice_deadline=timezone.localdate() + dt.timedelta(days=days + 20),
        **extra,
    )


def consultation(tenant, *, state=ConsultationState.PUBLISHED, title="Konsultacje programu", starts_in=2, days=14):
    start = timezone.localdate() + dt.timedelta(days=starts_in)
    with scopes_disabled():
        return Consultation.objects.create(
            tenant=tenant,
            title=title,
            state=state,
            starts_on=start,
            ends_on=start + dt.timedelta(days=days),
            contact_name="Jan Kowalski",
            contact_email="jan@urzad.example",
        )


def body(tenant, *, state=BodyState.ACTIVE, name="Rada Pożytku", slug="rada"):
    today = timezone.localdate()
    with scopes_disabled():
        return Body.objects.create(
            tenant=tenant,
            kind=BodyKind.PUBLIC_BENEFIT_COUNCIL,
            name=name,
            slug=slug,
            term_start=today - dt.timedelta(days=30),
            term_end=today + dt.timedelta(days=1000),
            state=state,
        )


def meeting(of_body, *, title="Posiedzenie", days=7, state=MeetingState.SCHEDULED):
    with scopes_disabled():
        return BodyMeeting.objects.create(
            tenant=of_body.tenant,
            body=of_body,
            title=title,
            starts_at=timezone.now().replace(microsecond=0) + dt.timedelta(days=days),
            place="Ratusz, sala 12",
            state=state,
        )


def events(content: bytes) -> dict[str, object]:
    """The VEVENTs of an iCal document by UID (parsed by icalendar: the document must be valid)."""
    calendar = Calendar.from_ical(content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}
