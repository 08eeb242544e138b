"""Arithmetic of section V (cost calculation): every sum on the server, in Decimal, to the grosz.

Works on plain values so that the same code totals a saved offer, a form being typed (htmx
preview) and a frozen snapshot.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def money(value: Decimal | int | str | None) -> Decimal:
    """A value rounded to the grosz (half up, as accountants do); None counts as zero."""
    if value is None or value == "":
        return ZERO
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def share(part: Decimal, whole: Decimal) -> Decimal:
    """`part` as a percentage of `whole`, two decimals; 0 when there is no whole."""
    if not whole:
        return ZERO
    return (part * 100 / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def task_years(start: dt.date | None, end: dt.date | None) -> list[int]:
    """Calendar years the task spans (Rok 1, Rok 2, …); one year when dates are missing or reversed."""
    if start and end and end.year > start.year:
        return list(range(start.year, end.year + 1))
    if start:
        return [start.year]
    return [end.year] if end else []


@dataclass(frozen=True)
class Line:
    """One cost line as typed: category ("action"/"admin"), group key (action), offeror key."""

    name: str
    unit: str
    unit_cost: Decimal
    quantity: Decimal
    years: tuple[Decimal | None, ...] = ()
    category: str = "action"
    action: str = ""
    offeror: str = ""
    grant: Decimal | None = None  # the simplified offer's "of which from the grant"

    @property
    def total(self) -> Decimal:
        return money(self.unit_cost * self.quantity)

    @property
    def grant_part(self) -> Decimal:
        return money(self.grant)

    def year_values(self, year_count: int) -> list[Decimal]:
        """Values per year; a one-year task puts the whole line in year 1."""
        if year_count <= 1:
            return [self.total]
        values = list(self.years) + [None] * year_count
        return [money(v) for v in values[:year_count]]


@dataclass
class Group:
    label: str
    lines: list[Line] = field(default_factory=list)

    def total(self) -> Decimal:
        return sum((line.total for line in self.lines), ZERO)

    def year_totals(self, year_count: int) -> list[Decimal]:
        totals = [ZERO] * max(year_count, 1)
        for line in self.lines:
            for i, value in enumerate(line.year_values(year_count)):
                totals[i] += value
        return totals


@dataclass
class Sources:
    """V.B: funding sources as typed."""

    grant: Decimal = ZERO
    own_financial: Decimal = ZERO
    own_personal: Decimal = ZERO
    own_in_kind: Decimal = ZERO
    beneficiary_fees: Decimal = ZERO
    other_public_funds: Decimal = ZERO

    @property
    def own_non_financial(self) -> Decimal:
        return self.own_personal + self.own_in_kind

    @property
    def own_total(self) -> Decimal:
        return self.own_financial + self.own_non_financial

    @property
    def total(self) -> Decimal:
        return self.grant + self.own_total + self.beneficiary_fees + self.other_public_funds


@dataclass
class Budget:
    """The whole of section V computed from lines and sources."""

    years: list[int]
    action_groups: list[Group]
    admin: Group
    sources: Sources
    offerors: list[str] = field(default_factory=list)

    @property
    def year_count(self) -> int:
        return max(len(self.years), 1)

    @property
    def actions_total(self) -> Decimal:
        return sum((g.total() for g in self.action_groups), ZERO)

    @property
    def admin_total(self) -> Decimal:
        return self.admin.total()

    @property
    def total(self) -> Decimal:
        return self.actions_total + self.admin_total

    @property
    def lines(self) -> list[Line]:
        """Every cost line in the template's order (actions, then administration)."""
        return [line for group in [*self.action_groups, self.admin] for line in group.lines]

    @property
    def lines_grant_total(self) -> Decimal:
        """The simplified offer: the sum of the grant's parts of the costs (must equal the planned grant)."""
        return sum((line.grant_part for line in self.lines), ZERO)

    def year_totals(self) -> list[Decimal]:
        totals = [ZERO] * self.year_count
        for group in [*self.action_groups, self.admin]:
            for i, value in enumerate(group.year_totals(self.year_count)):
                totals[i] += value
        return totals

    def source_rows(self) -> list[tuple[str, str, Decimal, Decimal]]:
        """(number, key, value, share %) rows of V.B, in the template's order."""
        s, total = self.sources, self.total
        rows = [
            ("1", "total", total),
            ("2", "grant", s.grant),
            ("3", "own_total", s.own_total),
            ("3.1", "own_financial", s.own_financial),
            ("3.2", "own_non_financial", s.own_non_financial),
            ("3.2.1", "own_personal", s.own_personal),
            ("3.2.2", "own_in_kind", s.own_in_kind),
            ("4", "beneficiary_fees", s.beneficiary_fees),
            ("5", "other_public_funds", s.other_public_funds),
        ]
        return [(number, key, value, share(value, total)) for number, key, value in rows]

    def simplified_source_rows(self) -> list[tuple[str, str, Decimal, Decimal]]:
        """IV.2 of the simplified offer: the same rows without other public funds."""
        return [row for row in self.source_rows() if row[1] != "other_public_funds"]

    def offeror_split(self) -> list[tuple[str, Decimal, list[Decimal]]]:
        """V.C: (offeror, total, per year) for a joint offer; lines without an offeror count for the first."""
        if len(self.offerors) < 2:
            return []
        split = {name: [ZERO] * self.year_count for name in self.offerors}
        for group in [*self.action_groups, self.admin]:
            for line in group.lines:
                key = line.offeror if line.offeror in split else self.offerors[0]
                for i, value in enumerate(line.year_values(self.year_count)):
                    split[key][i] += value
        return [(name, sum(values, ZERO), values) for name, values in split.items()]


def build_budget(
    *,
    years: list[int],
    lines: Iterable[Line],
    sources: Sources,
    action_labels: Sequence[str] = (),
    offerors: Sequence[str] = (),
) -> Budget:
    """Group lines under their actions in the order of `action_labels` (then any others), admin apart."""
    groups: dict[str, Group] = {label: Group(label) for label in action_labels}
    admin = Group("admin")
    for line in lines:
        if line.category == "admin":
            admin.lines.append(line)
        else:
            groups.setdefault(line.action, Group(line.action)).lines.append(line)
    action_groups = [g for g in groups.values() if g.lines]
    return Budget(years=years, action_groups=action_groups, admin=admin, sources=sources, offerors=list(offerors))
