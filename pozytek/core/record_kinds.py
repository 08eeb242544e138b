"""Record kinds and measures: how every module reports into the cooperation programme.

The cooperation programme (program współpracy, art. 5a) names *forms of cooperation* (formy współpracy)
and binds each one to the kinds of record the platform keeps: an open competition, a consultation, a
council opinion, and later a small grant, a patronage, a booking, a training… The realisation report
(sprawozdanie z realizacji programu) and the quality index are written from those records. This module
is the one place where a module says what it keeps; the programme app reads it and never imports the
modules (they sit above it in the layers).

A module registers in its `AppConfig.ready()`:

* a :class:`RecordKind` — what a form can be bound to. ``list_records(tenant, year)`` returns the
  kind's records of that year as :class:`Record` rows (title, date, link, public funds, spheres,
  priority task). It must run a fixed number of queries whatever the number of records: the report
  calls it once per kind. A kind with many records of little note each also gives ``public_list``: the
  printed report counts them and points to that page instead of printing a line per record.
* any number of :class:`Measure` — one named figure for a tenant and year (``compute(tenant, year)``,
  one aggregate query): "offers submitted", "grants awarded (PLN)", "comments answered". A
  programme's indicator may be bound to a measure; the report prints every measure, financial and
  non-financial apart.

Where a record belongs in a programme (which goal, which form) is decided by the programme app: the
official's choice when there is one, otherwise the first form bound to the record's kind.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Cooperation(models.TextChoices):
    """The Act's two sides of cooperation (art. 5 ust. 2): with public money, and without it."""

    FINANCIAL = "financial", _("Financial cooperation")
    NON_FINANCIAL = "non_financial", _("Non-financial cooperation")


class MeasureUnit(models.TextChoices):
    COUNT = "count", _("number")
    PLN = "pln", _("PLN")
    PERCENT = "percent", _("percent")


@dataclass(frozen=True)
class Record:
    """One record of a kind as the programme's report lists it."""

    kind: str
    pk: int
    title: str
    on: dt.date | None
    url: str = ""
    amount: Decimal | None = None
    spheres: tuple[int, ...] = ()
    priority_task_id: int | None = None
    # A kind whose records are filed under a programme's form by nature (the programme's own activities).
    form_id: int | None = None
    goal_id: int | None = None


@dataclass(frozen=True)
class RecordKind:
    """A kind of record a form of cooperation can be bound to (see the module docstring)."""

    key: str
    label: str | Promise
    cooperation: str
    list_records: Callable[[Any, int], Sequence[Record]]
    description: str | Promise = ""
    # The model whose rows these are (an official attributing a record picks it by primary key).
    model_label: str = ""
    order: int = 100
    # For a kind with many records a year, each of little note (organisations added to the directory):
    # `public_list(tenant)` gives the title and path of the public page listing them, and the printed report
    # (PDF, DOCX) gives their number per form and points there instead of a line per record. The report's
    # web page lists every record all the same.
    public_list: Callable[[Any], tuple[str | Promise, str]] | None = None


@dataclass(frozen=True)
class Measure:
    """One figure for a tenant and a year, computed from a module's records by one aggregate query."""

    key: str
    label: str | Promise
    cooperation: str
    compute: Callable[[Any, int], Decimal | int]
    unit: str = MeasureUnit.COUNT
    kind: str = ""
    order: int = 100
    help_text: str | Promise = ""


@dataclass
class _Registry:
    kinds: dict[str, RecordKind] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)


_REGISTRY = _Registry()


def register_kind(kind: RecordKind) -> None:
    """Make a kind of record available to programmes (idempotent for the same definition)."""
    existing = _REGISTRY.kinds.get(kind.key)
    if existing is not None and existing != kind:
        raise ValueError(f"Record kind {kind.key!r} is already registered differently.")
    _REGISTRY.kinds[kind.key] = kind


def register_measure(measure: Measure) -> None:
    """Make a figure available to programmes' indicators and the realisation report (idempotent)."""
    existing = _REGISTRY.measures.get(measure.key)
    if existing is not None and existing != measure:
        raise ValueError(f"Measure {measure.key!r} is already registered differently.")
    if measure.kind and measure.kind not in _REGISTRY.kinds:
        raise ValueError(f"Measure {measure.key!r} names an unknown record kind {measure.kind!r}.")
    _REGISTRY.measures[measure.key] = measure


def record_kinds() -> list[RecordKind]:
    """Every registered kind, in the order the report prints them."""
    return sorted(_REGISTRY.kinds.values(), key=lambda k: (k.order, k.key))


def record_kind(key: str) -> RecordKind | None:
    return _REGISTRY.kinds.get(key)


def measures() -> list[Measure]:
    return sorted(_REGISTRY.measures.values(), key=lambda m: (m.order, m.key))


def measure(key: str) -> Measure | None:
    return _REGISTRY.measures.get(key)


def kind_choices() -> list[tuple[str, str]]:
    """(key, label) of every kind, for a form's choices."""
    return [(k.key, str(k.label)) for k in record_kinds()]


def measure_choices() -> list[tuple[str, str]]:
    return [(m.key, str(m.label)) for m in measures()]


def count_records(tenant: Any, year: int, keys: Iterable[str] | None = None) -> dict[str, int]:
    """How many records of each kind (or of `keys`) a tenant has in a year."""
    wanted = set(keys) if keys is not None else None
    return {k.key: len(k.list_records(tenant, year)) for k in record_kinds() if wanted is None or k.key in wanted}


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a calendar (budget) year."""
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# A Polish local government's budget year runs in Polish time, whatever the server's zone.
WARSAW = ZoneInfo("Europe/Warsaw")


def year_span(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of a year and of the next one in Europe/Warsaw: filter a timestamp of the year
    with `__gte=start, __lt=end` (a range the database can take from an index, unlike `__year`)."""
    return dt.datetime(year, 1, 1, tzinfo=WARSAW), dt.datetime(year + 1, 1, 1, tzinfo=WARSAW)


def local_date(moment: dt.datetime | None) -> dt.date | None:
    """The day of a timestamp in Europe/Warsaw (a record's date in the report)."""
    return None if moment is None else moment.astimezone(WARSAW).date()
