"""Arithmetic of section V: Decimal to the grosz, half up; per-year values; shares; V.C split."""

import datetime as dt
from decimal import Decimal

import pytest

from pozytek.offers.budget import ZERO, Line, Sources, build_budget, money, share, task_years

pytestmark = pytest.mark.unit

D = Decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("0.005"), D("0.01")),
        (D("0.004"), D("0.00")),
        (D("2.675"), D("2.68")),
        (D("2.665"), D("2.67")),
        (D("-2.675"), D("-2.68")),
        (D("10"), D("10.00")),
        ("12.345", D("12.35")),
        (7, D("7.00")),
        (None, ZERO),
        ("", ZERO),
    ],
)
def test_money_rounds_half_up_to_the_grosz(value, expected):
    result = money(value)

    assert result == expected
    assert result.as_tuple().exponent == -2


def test_line_total_is_unit_cost_times_quantity_rounded_half_up():
    line = Line(name="Trener", unit="godz.", unit_cost=D("33.33"), quantity=D("0.5"))

    assert line.total == D("16.67")  # 16.665 half up
    assert Line(name="Sala", unit="godz.", unit_cost=D("80"), quantity=D("100")).total == D("8000.00")
    assert Line(name="Nic", unit="szt.", unit_cost=D("0"), quantity=D("3")).total == ZERO


def test_a_one_year_task_puts_the_whole_line_in_year_one_whatever_was_typed_per_year():
    line = Line(name="Sala", unit="godz.", unit_cost=D("100"), quantity=D("20"), years=(D("5"), D("7"), None))

    assert line.year_values(1) == [D("2000.00")]
    assert line.year_values(0) == [D("2000.00")]


def test_multi_year_values_are_taken_as_typed_and_padded_with_zero():
    line = Line(name="Sala", unit="godz.", unit_cost=D("100"), quantity=D("20"), years=(D("1200.004"), D("800")))

    assert line.year_values(2) == [D("1200.00"), D("800.00")]
    assert line.year_values(3) == [D("1200.00"), D("800.00"), ZERO]
    assert Line(name="x", unit="x", unit_cost=D(1), quantity=D(1)).year_values(3) == [ZERO, ZERO, ZERO]


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (D("500"), D("10500"), D("4.76")),  # 4.7619…
        (D("1"), D("3"), D("33.33")),
        (D("2"), D("3"), D("66.67")),
        (D("1"), D("8"), D("12.50")),
        (D("1"), D("800"), D("0.13")),  # 0.125 half up
        (D("10500"), D("10500"), D("100.00")),
        (D("5"), ZERO, ZERO),
    ],
)
def test_share_is_a_percentage_with_two_decimals_and_zero_without_a_whole(part, whole, expected):
    assert share(part, whole) == expected


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (dt.date(2027, 3, 1), dt.date(2027, 11, 30), [2027]),
        (dt.date(2027, 3, 1), dt.date(2028, 2, 28), [2027, 2028]),
        (dt.date(2027, 12, 31), dt.date(2030, 1, 1), [2027, 2028, 2029, 2030]),
        (dt.date(2028, 1, 1), dt.date(2027, 1, 1), [2028]),  # reversed: one year
        (dt.date(2027, 5, 1), None, [2027]),
        (None, dt.date(2028, 5, 1), [2028]),
        (None, None, []),
    ],
)
def test_task_years_are_the_calendar_years_the_task_spans(start, end, years):
    assert task_years(start, end) == years


def _lines():
    return [
        Line("Trener", "godz.", D("80"), D("100"), (D("5000"), D("3000")), "action", "Zajęcia", "Lider"),
        Line("Sala", "godz.", D("100"), D("20"), (D("1000"), D("1000")), "action", "Zajęcia", "Partner"),
        Line("Wyjazd", "szt.", D("1500"), D("1"), (None, D("1500")), "action", "Obóz", ""),
        Line("Koordynacja", "usługa", D("500"), D("1"), (D("250"), D("250")), "admin", "", "Lider"),
    ]


def _sources(**values):
    return Sources(**{k: D(v) for k, v in values.items()})


def test_build_budget_groups_costs_by_action_in_the_plan_order_with_admin_apart():
    budget = build_budget(
        years=[2027, 2028],
        lines=_lines(),
        sources=_sources(grant="9000"),
        action_labels=["Obóz", "Zajęcia", "Bez kosztów"],
    )

    assert [g.label for g in budget.action_groups] == ["Obóz", "Zajęcia"]  # empty actions left out
    assert [g.total() for g in budget.action_groups] == [D("1500.00"), D("10000.00")]
    assert budget.actions_total == D("11500.00")
    assert budget.admin_total == D("500.00")
    assert budget.total == D("12000.00")
    assert budget.year_count == 2
    assert budget.year_totals() == [D("6250.00"), D("5750.00")]
    assert budget.action_groups[1].year_totals(2) == [D("6000.00"), D("4000.00")]


def test_lines_of_an_action_missing_from_the_plan_still_count_after_the_known_ones():
    budget = build_budget(years=[2027], lines=_lines(), sources=Sources(), action_labels=["Zajęcia"])

    assert [g.label for g in budget.action_groups] == ["Zajęcia", "Obóz"]
    assert budget.total == D("12000.00")


def test_a_one_year_budget_puts_every_cost_in_year_one():
    budget = build_budget(years=[2027], lines=_lines(), sources=Sources())

    assert budget.year_totals() == [D("12000.00")]
    assert build_budget(years=[], lines=_lines(), sources=Sources()).year_totals() == [D("12000.00")]


def test_sources_add_own_contributions_and_every_source():
    sources = _sources(
        grant="9000",
        own_financial="1000",
        own_personal="300",
        own_in_kind="200",
        beneficiary_fees="1000",
        other_public_funds="500",
    )

    assert sources.own_non_financial == D("500")
    assert sources.own_total == D("1500")
    assert sources.total == D("12000")


def test_source_rows_follow_the_template_with_shares_of_the_total():
    sources = _sources(
        grant="9000", own_financial="1000", own_personal="300", own_in_kind="200", beneficiary_fees="1500"
    )
    budget = build_budget(years=[2027], lines=_lines(), sources=sources)

    rows = {key: (number, value, pct) for number, key, value, pct in budget.source_rows()}

    assert [number for number, *_ in budget.source_rows()] == ["1", "2", "3", "3.1", "3.2", "3.2.1", "3.2.2", "4", "5"]
    assert rows["total"] == ("1", D("12000.00"), D("100.00"))
    assert rows["grant"] == ("2", D("9000"), D("75.00"))
    assert rows["own_total"] == ("3", D("1500"), D("12.50"))
    assert rows["own_non_financial"] == ("3.2", D("500"), D("4.17"))
    assert rows["own_in_kind"][2] == D("1.67")
    assert rows["other_public_funds"] == ("5", ZERO, ZERO)


def test_source_rows_of_an_empty_budget_have_zero_shares():
    budget = build_budget(years=[], lines=[], sources=_sources(grant="100"))

    assert all(pct == ZERO for *_, pct in budget.source_rows())


def test_offeror_split_per_year_with_lines_without_offeror_counted_for_the_lead():
    budget = build_budget(years=[2027, 2028], lines=_lines(), sources=Sources(), offerors=["Lider", "Partner"])

    split = budget.offeror_split()

    assert split == [
        ("Lider", D("10000.00"), [D("5250.00"), D("4750.00")]),
        ("Partner", D("2000.00"), [D("1000.00"), D("1000.00")]),
    ]
    assert sum(total for _, total, _ in split) == budget.total


def test_offeror_split_of_a_one_year_joint_offer_uses_line_totals():
    budget = build_budget(years=[2027], lines=_lines(), sources=Sources(), offerors=["Lider", "Partner"])

    assert budget.offeror_split() == [
        ("Lider", D("10000.00"), [D("10000.00")]),
        ("Partner", D("2000.00"), [D("2000.00")]),
    ]


def test_there_is_no_split_for_a_single_offeror():
    assert build_budget(years=[2027], lines=_lines(), sources=Sources(), offerors=["Lider"]).offeror_split() == []
    assert build_budget(years=[2027], lines=_lines(), sources=Sources()).offeror_split() == []
