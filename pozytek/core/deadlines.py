"""Dated items: how every module puts its deadlines and meetings into one calendar.

A municipality's public calendar (the iCal feed of calls, consultations and council meetings) and a
person's own calendar (their office's items, their organisations' deadlines) are put together here from
what the modules register; the calendar app reads this registry and never imports the modules.

A module registers a :class:`DeadlineSource` in its `AppConfig.ready()` (its own `<app>/deadlines.py`):

* ``public_items(tenant, start, end)`` (optional) lists the tenant's public dated items (drafts, unpublished and
  cancelled records aside) whose start falls in ``[start, end]`` (dates, Europe/Warsaw), as
  :class:`DatedItem` rows. It runs inside the tenant's scope and must take a fixed number of queries
  whatever the number of items.
* ``person_items(user, start, end)`` (optional) lists what concerns that person across every local
  government (e.g. their organisations' deadlines). It runs with no scope: it reads through a selector
  named for crossing tenants, with a fixed number of queries too.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from pozytek.core.record_kinds import WARSAW

# The domain part of every item's UID: stable across hosts and deployments, so a calendar keeps the event.
UID_DOMAIN = "pozytek"


@dataclass(frozen=True)
class DatedItem:
    """One dated item of a calendar: a deadline (a moment or a whole day) or a meeting."""

    kind: str
    # Stable and unique: "<kind>-<pk>@pozytek" (see `item_uid`); a calendar client updates the event by it.
    uid: str
    title: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date | None = None
    all_day: bool = False
    url: str = ""
    tenant_name: str = ""
    description: str = ""
    location: str = ""

    @property
    def day(self) -> dt.date:
        """The item's (first) day in Polish time, to sort and to group a page by day."""
        return start_day(self.start)


def start_day(moment: dt.datetime | dt.date) -> dt.date:
    if isinstance(moment, dt.datetime):
        return moment.astimezone(WARSAW).date()
    return moment


def item_uid(kind: str, pk: int) -> str:
    return f"{kind}-{pk}@{UID_DOMAIN}"


def sort_key(item: DatedItem) -> tuple[dt.datetime, str]:
    start = item.start
    moment = (
        start.astimezone(WARSAW)
        if isinstance(start, dt.datetime)
        else dt.datetime(start.year, start.month, start.day, tzinfo=WARSAW)
    )
    return moment, item.uid


@dataclass(frozen=True)
class DeadlineSource:
    """What one module puts into calendars (see the module docstring)."""

    key: str
    label: str | Promise
    public_items: Callable[[Any, dt.date, dt.date], Sequence[DatedItem]] | None = None
    person_items: Callable[[Any, dt.date, dt.date], Sequence[DatedItem]] | None = None
    order: int = 100


@dataclass
class _Registry:
    sources: dict[str, DeadlineSource] = field(default_factory=dict)


_REGISTRY = _Registry()


def register_source(source: DeadlineSource) -> None:
    """Add a module's dated items to the calendars (idempotent for the same definition)."""
    existing = _REGISTRY.sources.get(source.key)
    if existing is not None and existing != source:
        raise ValueError(f"Deadline source {source.key!r} is already registered differently.")
    _REGISTRY.sources[source.key] = source


def deadline_sources() -> list[DeadlineSource]:
    return sorted(_REGISTRY.sources.values(), key=lambda s: (s.order, s.key))


def public_items(tenant: Any, start: dt.date, end: dt.date) -> list[DatedItem]:
    """Every source's public items of a tenant starting in [start, end], in time order (tenant scope)."""
    items = [
        item
        for source in deadline_sources()
        if source.public_items is not None
        for item in source.public_items(tenant, start, end)
    ]
    return sorted(items, key=sort_key)


def person_items(user: Any, start: dt.date, end: dt.date) -> list[DatedItem]:
    """Every source's items for a person starting in [start, end], in time order (no scope needed)."""
    items = [
        item
        for source in deadline_sources()
        if source.person_items is not None
        for item in source.person_items(user, start, end)
    ]
    return sorted(items, key=sort_key)


def day_span(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From the first moment of `start` to the first moment after `end`, Polish time: filter a timestamp
    with `__gte`, `__lt`."""
    return (
        dt.datetime(start.year, start.month, start.day, tzinfo=WARSAW),
        dt.datetime(end.year, end.month, end.day, tzinfo=WARSAW) + dt.timedelta(days=1),
    )
