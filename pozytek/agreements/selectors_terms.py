"""The agreement's terms in force: the cost plan, funding sources, results and dates a report is held to.

They come from the frozen offer version the agreement was concluded on (including an accepted update,
aktualizacja) and, once annexes are approved, from the latest approved annex. Reports, the audit dossier
and the agreement's pages read the terms only through `terms_in_force`.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pozytek.agreements.models import Agreement

SOURCE_KEYS = ("grant", "own_financial", "own_personal", "own_in_kind", "beneficiary_fees", "other_public_funds")


@dataclass(frozen=True)
class PlannedLine:
    """One cost line of the calculation (V.A) as agreed: its number (I.1.2, II.1), name and value."""

    number: str
    name: str
    category: str  # "action" or "admin"
    group: str  # the action's name for action costs, "" for administrative costs
    unit: str
    planned: Decimal
    years: tuple[Decimal, ...] = ()


@dataclass(frozen=True)
class PlannedResult:
    name: str
    target: str
    monitoring: str


@dataclass(frozen=True)
class Terms:
    """What the agreement holds the organisation to, as of the latest approved annex (0 = none)."""

    start_date: dt.date
    end_date: dt.date
    grant: Decimal
    lines: tuple[PlannedLine, ...]
    sources: dict[str, Decimal]
    results: tuple[PlannedResult, ...]
    actions: tuple[dict[str, Any], ...] = ()
    years: tuple[int, ...] = ()
    annex_number: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def total(self) -> Decimal:
        return sum((line.planned for line in self.lines), Decimal("0.00"))

    @property
    def own_total(self) -> Decimal:
        return self.sources["own_financial"] + self.sources["own_personal"] + self.sources["own_in_kind"]

    def line(self, number: str) -> PlannedLine | None:
        return next((line for line in self.lines if line.number == number), None)


def _d(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal("0.00")


def lines_from_snapshot(snapshot: dict[str, Any]) -> tuple[PlannedLine, ...]:
    """Cost lines of a frozen offer version in the template's numbering (I.n.m for actions, II.m admin)."""
    costs = snapshot.get("costs") or {}
    lines: list[PlannedLine] = []
    for group in costs.get("groups") or []:
        for line in group.get("lines") or []:
            lines.append(_planned(line, "action", group.get("label") or ""))
    for line in (costs.get("admin") or {}).get("lines") or []:
        lines.append(_planned(line, "admin", ""))
    return tuple(lines)


def _planned(line: dict[str, Any], category: str, group: str) -> PlannedLine:
    return PlannedLine(
        number=line["no"],
        name=line.get("name") or "",
        category=category,
        group=group,
        unit=line.get("unit") or "",
        planned=_d(line.get("total")),
        years=tuple(_d(v) for v in line.get("years") or []),
    )


def sources_from_snapshot(snapshot: dict[str, Any]) -> dict[str, Decimal]:
    values = {row["key"]: _d(row.get("value")) for row in snapshot.get("sources") or []}
    return {key: values.get(key, Decimal("0.00")) for key in SOURCE_KEYS}


def terms_in_force(agreement: Agreement) -> Terms:
    """The agreement's terms from its offer version (annexes, once approved, replace parts of them)."""
    snapshot = agreement.version.snapshot
    return Terms(
        start_date=agreement.start_date,
        end_date=agreement.end_date,
        grant=agreement.grant_amount,
        lines=lines_from_snapshot(snapshot),
        sources=sources_from_snapshot(snapshot),
        results=tuple(
            PlannedResult(r.get("name") or "", r.get("target") or "", r.get("monitoring") or "")
            for r in snapshot.get("results") or []
        ),
        actions=tuple(snapshot.get("actions") or []),
        years=tuple(snapshot.get("years") or []),
    )
