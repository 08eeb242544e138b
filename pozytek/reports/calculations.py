"""The report's arithmetic: deviations per cost line and source, the own-contribution share and the amount
to return. Pure functions over plain values (Decimal to the grosz), shared by the form preview, the
submission's checks, the office's review, the PDF and the settlement.

The rules (framework agreement, DOMAIN.md §5d):
- a cost line counts as compliant if it grew by no more than the agreement's allowed percentage
  (`cost_shift_percent`) against the calculation; beyond that ceiling, the part of the overrun paid from
  the grant is grant spent against the rules (pobranie dotacji w nadmiernej wysokości). The overrun is
  charged to the grant first (min(grant on the line, cost − ceiling)), the reading least favourable to
  the organisation, as the office would apply it in an inspection;
- a line planned at 0 has a ceiling of 0: any grant spent on it is against the rules;
- the unused grant is the grant paid less the grant spent (what the report says was spent);
- the own-contribution share is compared with the agreement's; a lower share is flagged for the official
  (whether it leads to a return depends on the agreement's clause, so it is not added to the amount).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pozytek.offers.budget import ZERO, money, share

HUNDRED = Decimal(100)
SOURCE_KEYS = ("grant", "own_financial", "own_personal", "own_in_kind", "beneficiary_fees", "other_public_funds")
OWN_KEYS = ("own_financial", "own_personal", "own_in_kind")


@dataclass(frozen=True)
class LineInput:
    number: str
    name: str
    planned: Decimal
    actual: Decimal
    actual_grant: Decimal


@dataclass(frozen=True)
class LineFigures:
    number: str
    name: str
    planned: Decimal
    actual: Decimal
    actual_grant: Decimal
    ceiling: Decimal
    deviation: Decimal
    deviation_percent: Decimal | None  # None when nothing was planned
    over_limit: bool
    grant_against_rules: Decimal


@dataclass(frozen=True)
class SourceFigures:
    key: str
    planned: Decimal
    planned_share: Decimal
    actual: Decimal
    actual_share: Decimal


@dataclass(frozen=True)
class Figures:
    lines: tuple[LineFigures, ...]
    sources: tuple[SourceFigures, ...]
    planned_total: Decimal
    actual_total: Decimal
    sources_total: Decimal
    lines_grant_total: Decimal
    own_share_planned: Decimal
    own_share_actual: Decimal
    grant_paid: Decimal
    grant_spent: Decimal
    unused_grant: Decimal
    grant_against_rules: Decimal
    other_revenue: Decimal

    @property
    def own_share_lower(self) -> bool:
        return self.own_share_actual < self.own_share_planned

    @property
    def sums_match(self) -> bool:
        return self.sources_total == self.actual_total

    @property
    def grant_lines_match(self) -> bool:
        return self.lines_grant_total == self.grant_spent

    @property
    def over_limit_lines(self) -> tuple[LineFigures, ...]:
        return tuple(line for line in self.lines if line.over_limit)

    @property
    def amount_to_return(self) -> Decimal:
        """Unused grant plus grant spent against the rules, never more than was paid."""
        return min(self.unused_grant + self.grant_against_rules, self.grant_paid)


def line_figures(line: LineInput, cost_shift_percent: Decimal) -> LineFigures:
    ceiling = money(line.planned * (HUNDRED + cost_shift_percent) / HUNDRED)
    deviation = line.actual - line.planned
    over = line.actual > ceiling
    against = min(line.actual_grant, line.actual - ceiling) if over else ZERO
    return LineFigures(
        number=line.number,
        name=line.name,
        planned=line.planned,
        actual=line.actual,
        actual_grant=line.actual_grant,
        ceiling=ceiling,
        deviation=deviation,
        deviation_percent=share(deviation, line.planned) if line.planned else None,
        over_limit=over,
        grant_against_rules=max(against, ZERO),
    )


def compute(
    *,
    lines: Sequence[LineInput],
    planned_sources: dict[str, Decimal],
    actual_sources: dict[str, Decimal],
    cost_shift_percent: Decimal,
    grant_paid: Decimal,
    other_revenue: Decimal = ZERO,
) -> Figures:
    """Every figure of the report's financial part and the review."""
    figures = tuple(line_figures(line, cost_shift_percent) for line in lines)
    planned_total = sum((planned_sources.get(k, ZERO) for k in SOURCE_KEYS), ZERO)
    sources_total = sum((actual_sources.get(k, ZERO) for k in SOURCE_KEYS), ZERO)
    actual_total = sum((line.actual for line in lines), ZERO)
    sources = tuple(
        SourceFigures(
            key=key,
            planned=planned_sources.get(key, ZERO),
            planned_share=share(planned_sources.get(key, ZERO), planned_total),
            actual=actual_sources.get(key, ZERO),
            actual_share=share(actual_sources.get(key, ZERO), sources_total),
        )
        for key in SOURCE_KEYS
    )
    grant_spent = actual_sources.get("grant", ZERO)
    return Figures(
        lines=figures,
        sources=sources,
        planned_total=planned_total,
        actual_total=actual_total,
        sources_total=sources_total,
        lines_grant_total=sum((line.actual_grant for line in lines), ZERO),
        own_share_planned=share(sum((planned_sources.get(k, ZERO) for k in OWN_KEYS), ZERO), planned_total),
        own_share_actual=share(sum((actual_sources.get(k, ZERO) for k in OWN_KEYS), ZERO), sources_total),
        grant_paid=grant_paid,
        grant_spent=grant_spent,
        unused_grant=max(grant_paid - grant_spent, ZERO),
        grant_against_rules=sum((line.grant_against_rules for line in figures), ZERO),
        other_revenue=other_revenue,
    )
