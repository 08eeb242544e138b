"""The agreement's terms in force: the cost plan, funding sources, results and dates a report is held to.

They come from the frozen offer version the agreement was concluded on (including an accepted update,
aktualizacja) and, once annexes are approved, from the latest approved annex. Reports, the audit dossier
and the agreement's pages read the terms only through `terms_in_force`.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django_scopes import scopes_disabled

from pozytek.agreements.models import Agreement, Annex
from pozytek.agreements.states import AnnexState

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


def offer_terms(agreement: Agreement) -> Terms:
    """The agreement's terms as concluded: from its offer version, before any annex."""
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


def terms_to_json(terms: Terms) -> dict[str, Any]:
    """The terms as plain JSON (amounts as strings with two decimals, dates in ISO format)."""
    return {
        "start_date": terms.start_date.isoformat(),
        "end_date": terms.end_date.isoformat(),
        "grant": f"{terms.grant:.2f}",
        "lines": [
            {
                "number": line.number,
                "name": line.name,
                "category": line.category,
                "group": line.group,
                "unit": line.unit,
                "planned": f"{line.planned:.2f}",
                "years": [f"{v:.2f}" for v in line.years],
            }
            for line in terms.lines
        ],
        "sources": {key: f"{terms.sources.get(key, Decimal(0)):.2f}" for key in SOURCE_KEYS},
        "results": [{"name": r.name, "target": r.target, "monitoring": r.monitoring} for r in terms.results],
        "actions": [dict(a) for a in terms.actions],
        "years": list(terms.years),
        "annex_number": terms.annex_number,
        "notes": list(terms.notes),
    }


def terms_from_json(data: dict[str, Any]) -> Terms:
    """The inverse of `terms_to_json` (an approved annex's frozen terms)."""
    return Terms(
        start_date=dt.date.fromisoformat(data["start_date"]),
        end_date=dt.date.fromisoformat(data["end_date"]),
        grant=_d(data["grant"]),
        lines=tuple(
            PlannedLine(
                number=line["number"],
                name=line.get("name") or "",
                category=line.get("category") or "action",
                group=line.get("group") or "",
                unit=line.get("unit") or "",
                planned=_d(line.get("planned")),
                years=tuple(_d(v) for v in line.get("years") or []),
            )
            for line in data.get("lines") or []
        ),
        sources={key: _d((data.get("sources") or {}).get(key)) for key in SOURCE_KEYS},
        results=tuple(
            PlannedResult(r.get("name") or "", r.get("target") or "", r.get("monitoring") or "")
            for r in data.get("results") or []
        ),
        actions=tuple(data.get("actions") or []),
        years=tuple(data.get("years") or []),
        annex_number=int(data.get("annex_number") or 0),
        notes=tuple(data.get("notes") or []),
    )


def latest_approved_annex(agreement: Agreement) -> Annex | None:
    """The agreement's approved annex with the highest number (read for this agreement only)."""
    with scopes_disabled():  # the agreement itself was found through its tenant or the user's membership
        annex: Annex | None = (
            Annex.objects.filter(agreement_id=agreement.pk, state=AnnexState.APPROVED).order_by("-number").first()
        )
    return annex


def terms_in_force(agreement: Agreement) -> Terms:
    """The agreement's terms: from the latest approved annex (`annex_number` set), else from its offer version."""
    annex = latest_approved_annex(agreement)
    if annex is not None and annex.snapshot.get("terms"):
        return terms_from_json(annex.snapshot["terms"])
    return offer_terms(agreement)
