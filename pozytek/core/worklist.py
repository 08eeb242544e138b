"""Work waiting: how every module tells the dashboards what to do next.

The office dashboard (`/<tenant>/urzad/`) and the organisations' dashboard (`/moje-organizacje/`) are put
together here from what the modules register; neither dashboard imports a module.

A module registers a :class:`WorkSource` in its `AppConfig.ready()` (its own `<app>/worklist.py`):

* ``office_items(tenant, user)`` (optional) lists the work waiting in a local government's office as
  :class:`WorkItem` rows: a count, the page where the work is done and the first few records. It runs inside
  the tenant's scope, returns only items the user may act on (the permission of the page it links to,
  ``user.has_perm(perm, tenant)``) and takes a fixed number of queries whatever the number of records.
* ``member_items(user)`` (optional) lists what the person's organisations have to do or may join, across every
  local government. It runs with no scope: it reads through selectors named for crossing tenants, with a
  fixed number of queries too.

An item with nothing waiting is left out (``count == 0``), so a dashboard shows only what needs doing.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext

# How many records an item lists under its count (the page it links to lists them all).
MAX_ENTRIES = 5


@dataclass(frozen=True)
class WorkEntry:
    """One record waiting: what it is, where to open it, when it is due, its state."""

    title: str
    url: str = ""
    due: dt.date | dt.datetime | None = None
    state: str = ""
    overdue: bool = False
    # Where the record lives (the municipality on the organisations' dashboard; the organisation in an office).
    context: str = ""
    # "3 days 4 hours" to a moment (see `time_left`), computed when the item is built: server-rendered.
    countdown: str = ""

    @property
    def due_at_time(self) -> bool:
        """The deadline is a moment (a call's deadline), not a whole day: the page shows its hour."""
        return isinstance(self.due, dt.datetime)


@dataclass(frozen=True)
class Progress:
    """How far a piece of shared work has got (e.g. score cards submitted out of those expected)."""

    done: int
    expected: int

    @property
    def percent(self) -> int:
        if self.expected <= 0:
            return 100
        return min(100, self.done * 100 // self.expected)


@dataclass(frozen=True)
class WorkItem:
    """One kind of work waiting: how many, where it is done, the first few records."""

    kind: str
    label: str | Promise
    count: int
    url: str = ""
    entries: tuple[WorkEntry, ...] = ()
    progress: Progress | None = None
    # How many of `count` are past their deadline (shown next to the count).
    overdue: int = 0
    hint: str | Promise = ""

    @property
    def more(self) -> int:
        """Records counted but not listed under the item."""
        return max(0, self.count - len(self.entries))


@dataclass(frozen=True)
class WorkSource:
    """What one module puts on the dashboards (see the module docstring)."""

    key: str
    label: str | Promise
    office_items: Callable[[Any, Any], Sequence[WorkItem]] | None = None
    member_items: Callable[[Any], Sequence[WorkItem]] | None = None
    order: int = 100


@dataclass(frozen=True)
class WorkGroup:
    """A source's items with something waiting, as a dashboard shows them."""

    key: str
    label: str | Promise
    items: tuple[WorkItem, ...]

    @property
    def count(self) -> int:
        return sum(item.count for item in self.items)


@dataclass
class _Registry:
    sources: dict[str, WorkSource] = field(default_factory=dict)


_REGISTRY = _Registry()


def register_source(source: WorkSource) -> None:
    """Add a module's work to the dashboards (idempotent for the same definition)."""
    existing = _REGISTRY.sources.get(source.key)
    if existing is not None and existing != source:
        raise ValueError(f"Work source {source.key!r} is already registered differently.")
    _REGISTRY.sources[source.key] = source


def work_sources() -> list[WorkSource]:
    return sorted(_REGISTRY.sources.values(), key=lambda s: (s.order, s.key))


def _groups(pairs: Sequence[tuple[WorkSource, Sequence[WorkItem]]]) -> list[WorkGroup]:
    groups = []
    for source, items in pairs:
        waiting = tuple(item for item in items if item.count > 0)
        if waiting:
            groups.append(WorkGroup(key=source.key, label=source.label, items=waiting))
    return groups


def office_work(tenant: Any, user: Any) -> list[WorkGroup]:
    """The office's work waiting that this user may act on, by module (inside the tenant's scope)."""
    return _groups([(s, s.office_items(tenant, user)) for s in work_sources() if s.office_items is not None])


def member_work(user: Any) -> list[WorkGroup]:
    """What the person's organisations have to do or may join, by module (no scope needed)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return _groups([(s, s.member_items(user)) for s in work_sources() if s.member_items is not None])


def entries(rows: Sequence[WorkEntry]) -> tuple[WorkEntry, ...]:
    """The first `MAX_ENTRIES` entries of a list, as an item keeps them."""
    return tuple(rows[:MAX_ENTRIES])


def time_left(deadline: dt.datetime | None, *, now: dt.datetime | None = None) -> str:
    """'3 days 4 hours' to `deadline` (hours and minutes under a day; 'passed' after it), in the active
    language with its plural forms."""
    if deadline is None:
        return ""
    left = deadline - (now or timezone.now())
    if left.total_seconds() <= 0:
        return gettext("deadline passed")
    days, seconds = left.days, left.seconds
    hours, minutes = seconds // 3600, (seconds % 3600) // 60
    day_text = ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    hour_text = ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    if days:
        return f"{day_text} {hour_text}"
    minute_text = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return f"{hour_text} {minute_text}" if hours else minute_text


def is_past(due: dt.date | dt.datetime | None, *, today: dt.date | None = None) -> bool:
    """Past its deadline: a day before today (Polish time) or a moment before now."""
    if due is None:
        return False
    if isinstance(due, dt.datetime):
        return due < timezone.now()
    return due < (today or timezone.localdate())
