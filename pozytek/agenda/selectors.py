"""Reads of the calendar: a municipality's public items, a person's own items, the secret of their feed."""

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils import timezone
from django_scopes import scope

from pozytek.accounts.selectors import office_roles_across_tenants
from pozytek.agenda.models import CalendarToken
from pozytek.core.deadlines import DatedItem, person_items, public_items, sort_key
from pozytek.core.record_kinds import WARSAW

# What a feed holds: a year back (a calendar keeps what was) and two years ahead.
FEED_DAYS_BACK = 365
FEED_DAYS_AHEAD = 730
# What the page lists: from today on, a year ahead.
PAGE_DAYS_AHEAD = 365


def today() -> dt.date:
    return timezone.now().astimezone(WARSAW).date()


def feed_range() -> tuple[dt.date, dt.date]:
    day = today()
    return day - dt.timedelta(days=FEED_DAYS_BACK), day + dt.timedelta(days=FEED_DAYS_AHEAD)


def page_range() -> tuple[dt.date, dt.date]:
    day = today()
    return day, day + dt.timedelta(days=PAGE_DAYS_AHEAD)


def tenant_calendar(tenant: Any) -> list[DatedItem]:
    """The municipality's public items of the feed's range (in the tenant's scope: a tenant page)."""
    return public_items(tenant, *feed_range())


def own_items(user: Any, start: dt.date, end: dt.date) -> list[DatedItem]:
    """A person's items: the public items of every municipality where they work in the office (each read in
    that municipality's scope), and what their organisations owe, across municipalities."""
    items: dict[str, DatedItem] = {}
    for membership in office_roles_across_tenants(user):
        with scope(tenant=membership.tenant):
            items.update((item.uid, item) for item in public_items(membership.tenant, start, end))
    items.update((item.uid, item) for item in person_items(user, start, end))
    return sorted(items.values(), key=sort_key)


def token_of(user: Any) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user).first()


def owner_of_token(token: str) -> Any:
    """The person whose feed this secret opens, or 404 (a reset secret is not found)."""
    found = CalendarToken.objects.filter(token=token).select_related("user").first()
    if found is None or not found.user.is_active:
        raise Http404
    return found.user
