"""Reads of annexes (aneksy): the agreement's annexes, the office's pending requests, and the terms an annex
proposes or froze, compared line by line with the terms before it.

`proposed_terms` applies a request to the terms in force (pure arithmetic, in Decimal): the grant never
changes; when the cost total falls, the organisation's own and other sources fall by the same amount
(own financial contribution first). An approved annex is read only from its frozen snapshot.
"""

import datetime as dt
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django_scopes import scopes_disabled

from pozytek.agreements.models import Agreement, Annex
from pozytek.agreements.selectors_terms import PlannedLine, PlannedResult, Terms, terms_from_json, terms_in_force
from pozytek.agreements.states import AnnexState

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
# Which of the organisation's sources absorb a lower cost total, in this order.
ABSORBING_SOURCES = ("own_financial", "beneficiary_fees", "other_public_funds", "own_in_kind", "own_personal")


def annexes_of(agreement: Agreement) -> list[Annex]:
    """Every annex request of the agreement, newest first (the agreement was found through its tenant or
    the user's membership)."""
    with scopes_disabled():
        return list(
            Annex.objects.filter(agreement_id=agreement.pk)
            .select_related("requested_by", "decided_by", "organisation")
            .order_by("-requested_at", "-pk")
        )


def annex_of(agreement: Agreement, pk: int) -> Annex:
    """One annex of this agreement, or 404 (an id of another agreement never leaks)."""
    with scopes_disabled():
        annex: Annex | None = (
            Annex.objects.filter(agreement_id=agreement.pk, pk=pk)
            .select_related("requested_by", "decided_by", "organisation", "tenant")
            .first()
        )
    if annex is None:
        raise Http404
    annex.agreement = agreement
    return annex


def pending_annex(agreement: Agreement) -> Annex | None:
    with scopes_disabled():
        annex: Annex | None = Annex.objects.filter(agreement_id=agreement.pk, state=AnnexState.REQUESTED).first()
    return annex


def annex_requests_of_tenant(tenant: Any, *, state: str = AnnexState.REQUESTED) -> QuerySet[Annex]:
    """The local government's annex requests in `state` across its agreements, oldest first."""
    annexes: QuerySet[Annex] = (
        Annex.objects.filter(tenant=tenant, state=state)
        .select_related("agreement", "agreement__grant", "organisation", "requested_by")
        .order_by("requested_at", "pk")
    )
    return annexes


# The terms an annex proposes ---------------------------------------------------------------------


def _years(line: PlannedLine, value: Decimal) -> tuple[Decimal, ...]:
    """The line's yearly values for its new total: proportionally, the rounding rest in the last year."""
    if len(line.years) <= 1:
        return (value,) if line.years else ()
    if line.planned == 0:
        return (*(ZERO for _ in line.years[:-1]), value)
    parts = [(y * value / line.planned).quantize(CENT, rounding=ROUND_DOWN) for y in line.years[:-1]]
    return (*parts, value - sum(parts, ZERO))


def apply_changes(
    base: Terms,
    *,
    start_date: dt.date | None,
    end_date: dt.date | None,
    lines: dict[str, Decimal],
    results: list[dict[str, Any]],
    annex_number: int = 0,
) -> Terms:
    """The terms after the changes: new dates, cost lines, results; the grant stays, the other sources
    absorb a lower cost total."""
    new_lines = tuple(
        replace(line, planned=lines[line.number], years=_years(line, lines[line.number]))
        if line.number in lines
        else line
        for line in base.lines
    )
    new_total = sum((line.planned for line in new_lines), ZERO)
    sources = dict(base.sources)
    shortfall = base.total - new_total
    for key in ABSORBING_SOURCES:
        if shortfall <= 0:
            break
        cut = min(sources.get(key, ZERO), shortfall)
        sources[key] = sources.get(key, ZERO) - cut
        shortfall -= cut
    by_index = {int(change["index"]): change for change in results}
    new_results = tuple(
        PlannedResult(by_index[i]["name"], by_index[i]["target"], result.monitoring) if i in by_index else result
        for i, result in enumerate(base.results)
    )
    return replace(
        base,
        start_date=start_date or base.start_date,
        end_date=end_date or base.end_date,
        lines=new_lines,
        sources=sources,
        results=new_results,
        annex_number=annex_number or base.annex_number,
    )


def requested_changes(annex: Annex) -> dict[str, Any]:
    """The annex request's changes as `apply_changes` takes them."""
    return {
        "start_date": annex.new_start_date,
        "end_date": annex.new_end_date,
        "lines": {str(row["number"]): Decimal(str(row["value"])) for row in annex.line_changes or []},
        "results": [dict(row) for row in annex.result_changes or []],
    }


def terms_before_and_after(annex: Annex) -> tuple[Terms, Terms]:
    """(before, after): frozen for an approved annex; otherwise the terms in force and what the request
    would make of them."""
    if annex.state == AnnexState.APPROVED and annex.snapshot:
        return terms_from_json(annex.snapshot["before"]), terms_from_json(annex.snapshot["terms"])
    base = terms_in_force(annex.agreement)
    return base, apply_changes(base, **requested_changes(annex))


# Before → after ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineChange:
    number: str
    name: str
    group: str
    before: Decimal
    after: Decimal

    @property
    def difference(self) -> Decimal:
        return self.after - self.before

    @property
    def percent(self) -> Decimal | None:
        """The change against the agreed value, in %, or None when the line was 0."""
        if self.before == 0:
            return None
        return (self.difference * HUNDRED / self.before).quantize(CENT)


@dataclass(frozen=True)
class ResultChange:
    before: PlannedResult
    after: PlannedResult


@dataclass(frozen=True)
class Comparison:
    dates_changed: bool
    before: Terms
    after: Terms
    lines: tuple[LineChange, ...]
    results: tuple[ResultChange, ...]
    sources: tuple[tuple[str, Decimal, Decimal], ...]

    @property
    def empty(self) -> bool:
        return not (self.dates_changed or self.lines or self.results)


def compare(before: Terms, after: Terms) -> Comparison:
    """What changed between two versions of the terms: dates, cost lines, results, sources."""
    old = {line.number: line for line in before.lines}
    lines = tuple(
        LineChange(line.number, line.name, line.group, old[line.number].planned, line.planned)
        for line in after.lines
        if line.number in old and old[line.number].planned != line.planned
    )
    results = tuple(
        ResultChange(a, b)
        for a, b in zip(before.results, after.results, strict=False)
        if (a.name, a.target) != (b.name, b.target)
    )
    sources = tuple(
        (key, before.sources.get(key, ZERO), after.sources.get(key, ZERO))
        for key in after.sources
        if before.sources.get(key, ZERO) != after.sources.get(key, ZERO)
    )
    dates_changed = (before.start_date, before.end_date) != (after.start_date, after.end_date)
    return Comparison(dates_changed, before, after, lines, results, sources)


def within_allowed_shift(comparison: Comparison, percent: Decimal) -> bool:
    """Only cost lines change, the total stays, and no line rises by more than the agreement allows
    (its cost-shift clause): such a change needs no annex."""
    if comparison.dates_changed or comparison.results or not comparison.lines:
        return False
    if comparison.before.total != comparison.after.total:
        return False
    for line in comparison.lines:
        if line.difference <= 0:
            continue
        if line.before == 0 or line.difference * HUNDRED > line.before * percent:
            return False
    return True
