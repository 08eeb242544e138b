"""Dated items as an iCalendar (RFC 5545) document, written by the `icalendar` library."""

import datetime as dt
from collections.abc import Callable, Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from pozytek.core.deadlines import DatedItem
from pozytek.core.record_kinds import WARSAW

PRODID = "-//Pozytek//Terminarz//PL"


def calendar_bytes(items: Iterable[DatedItem], *, name: str, absolute: Callable[[str], str]) -> bytes:
    """A VCALENDAR with one VEVENT per item: its stable UID, DTSTAMP (now, UTC), the start in
    Europe/Warsaw (a whole day as a DATE, ending the next day), the page's absolute URL (`absolute(path)`)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Warsaw")
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", item.title)
        if item.all_day:
            day = item.start if not isinstance(item.start, dt.datetime) else item.start.astimezone(WARSAW).date()
            last = item.end or day
            if isinstance(last, dt.datetime):
                last = last.astimezone(WARSAW).date()
            event.add("dtstart", day)
            event.add("dtend", last + dt.timedelta(days=1))
        else:
            event.add("dtstart", _local(item.start))
            if item.end is not None:
                event.add("dtend", _local(item.end))
        if item.url:
            link = absolute(item.url)
            event.add("url", link)
            event.add("description", f"{item.description}\n{link}".strip() if item.description else link)
        elif item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.tenant_name:
            event.add("categories", [item.tenant_name])
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def _local(moment: dt.datetime | dt.date) -> dt.datetime | dt.date:
    if isinstance(moment, dt.datetime):
        return moment.astimezone(WARSAW).replace(microsecond=0)
    return moment
