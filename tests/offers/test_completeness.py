"""Completeness: every rule of the 2018 template and of the call gives a problem in its own section.

Messages are not translated yet, so the tests read only the data in them (amounts, dates, names).
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import formats, timezone
from django_scopes import scopes_disabled

from pozytek.offers import completeness
from pozytek.offers.models import Action, Attachment, CostLine, Offer, Offeror, Result
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import complete_offer, start

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

NBSP = "\xa0"


def pln(amount: str) -> str:
    """An amount as the messages print it in Polish: "10 500,00 zł" (non-breaking space groups)."""
    value = Decimal(amount)
    whole, _sep, cents = f"{value:,.2f}".partition(".")
    return f"{whole.replace(',', NBSP)},{cents} zł"


def day(value: dt.date) -> str:
    return str(formats.date_format(value, "j E Y"))


def problems_of(offer: Offer) -> list:
    with scopes_disabled():
        return completeness.problems(Offer.objects.select_related("call").get(pk=offer.pk))


def section(offer: Offer, name: str) -> list[str]:
    return [p.message for p in problems_of(offer) if p.section == name]


def sections(offer: Offer) -> set[str]:
    return {p.section for p in problems_of(offer)}


def change(offer: Offer, **fields) -> None:
    with scopes_disabled():
        Offer.objects.filter(pk=offer.pk).update(**fields)


def next_year() -> int:
    return timezone.localdate().year + 1


def two_year_call(tenant, **kwargs):
    year = next_year()
    return PublishedCallFactory(
        tenant=tenant, delivery_start=dt.date(year, 9, 1), delivery_end=dt.date(year + 1, 6, 30), **kwargs
    )


# --- complete offers ------------------------------------------------------------------------------------------


def test_a_complete_offer_has_no_problems(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant))

    assert problems_of(offer) == []


def test_a_complete_joint_offer_has_no_problems(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant), joint=True)

    with scopes_disabled():
        assert offer.offerors.count() == 2
    assert problems_of(offer) == []


def test_a_complete_multi_year_offer_has_no_problems(tenant):
    offer, _actor = complete_offer(two_year_call(tenant), multi_year=True)

    with scopes_disabled():
        assert sorted(offer.actions.values_list("year", flat=True)) == [next_year(), next_year() + 1]
    assert problems_of(offer) == []


def test_a_complete_joint_multi_year_offer_with_every_call_rule_has_no_problems(tenant):
    call = two_year_call(
        tenant,
        requires_results_table=True,
        admin_costs_cap=Decimal("5"),
        min_own_total=Decimal("14"),
        min_own_financial=Decimal("9"),
        min_own_personal=Decimal("4"),
        min_grant=Decimal("9000"),
        max_grant=Decimal("9000"),
    )

    offer, _actor = complete_offer(call, joint=True, multi_year=True)

    assert problems_of(offer) == []


def test_a_new_offer_has_problems_in_every_section_in_template_order(tenant):
    offer, _actor = start(PublishedCallFactory(tenant=tenant, requires_results_table=True))

    found = problems_of(offer)

    order = [
        "offerors",
        "task",
        "actions",
        "results",
        "characteristics",
        "costs",
        "sources",
        "other",
        "statements",
        "attachments",
    ]
    assert list(dict.fromkeys(p.section for p in found)) == order


# --- II. offerors -------------------------------------------------------------------------------------------


def test_offeror_without_address_and_missing_contact_person(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant))
    with scopes_disabled():
        lead = offer.offerors.get()
        Offeror.objects.filter(pk=lead.pk).update(address="")
    change(offer, contact_name="")

    messages = section(offer, "offerors")

    assert len(messages) == 2
    assert any(lead.name in m for m in messages)
    assert sections(offer) == {"offerors"}


def test_a_contact_person_needs_a_telephone_or_an_e_mail(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant))
    change(offer, contact_phone="", contact_email="")
    assert len(section(offer, "offerors")) == 1

    change(offer, contact_email="anna@example.org")
    assert section(offer, "offerors") == []


# --- III. task ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["title", "summary", "expected_results"])
def test_missing_text_of_the_task(tenant, field):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant))
    change(offer, **{field: ""})

    assert len(section(offer, "task")) == 1
    assert sections(offer) == {"task"}


def test_missing_dates_of_the_task(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant))
    change(offer, start_date=None, end_date=None)

    assert len(section(offer, "task")) == 2


def test_task_ending_before_it_starts(tenant):
    call = PublishedCallFactory(tenant=tenant)
    offer, _actor = complete_offer(call)
    change(
        offer,
        start_date=call.delivery_start + dt.timedelta(days=5),
        end_date=call.delivery_start + dt.timedelta(days=1),
    )

    assert len(section(offer, "task")) == 1


def test_task_starting_before_the_calls_bounds_names_the_first_allowed_day(tenant):
    call = PublishedCallFactory(tenant=tenant)
    offer, _actor = complete_offer(call)
    change(offer, start_date=call.delivery_start - dt.timedelta(days=1))

    messages = section(offer, "task")

    assert len(messages) == 1
    assert day(call.delivery_start) in messages[0]


def test_task_ending_after_the_calls_bounds_names_the_last_allowed_day(tenant):
    year = next_year()
    call = PublishedCallFactory(tenant=tenant, delivery_start=dt.date(year, 3, 1), delivery_end=dt.date(year, 10, 31))
    offer, _actor = complete_offer(call)
    change(offer, end_date=dt.date(year, 11, 1))

    messages = section(offer, "task")

    assert len(messages) == 1
    assert day(dt.date(year, 10, 31)) in messages[0]


def test_the_first_and_last_day_of_the_calls_bounds_are_allowed(tenant):
    year = next_year()
    call = PublishedCallFactory(tenant=tenant, delivery_start=dt.date(year, 3, 1), delivery_end=dt.date(year, 10, 31))
    offer, _actor = complete_offer(call)

    assert problems_of(offer) == []
    with scopes_disabled():
        saved = Offer.objects.get(pk=offer.pk)
    assert (saved.start_date, saved.end_date) == (dt.date(year, 3, 1), dt.date(year, 10, 31))


def test_a_task_over_more_than_three_calendar_years(tenant):
    year = next_year()
    call = PublishedCallFactory(
        tenant=tenant, delivery_start=dt.date(year, 1, 1), delivery_end=dt.date(year + 5, 12, 31)
    )
    offer, _actor = complete_offer(call)
    change(offer, start_date=dt.date(year, 12, 1), end_date=dt.date(year + 3, 1, 31))

    messages = section(offer, "task")

    assert len(messages) == 1
    assert "3" in messages[0]


def test_three_calendar_years_are_allowed(tenant):
    year = next_year()
    call = PublishedCallFactory(
        tenant=tenant, delivery_start=dt.date(year, 1, 1), delivery_end=dt.date(year + 5, 12, 31)
    )
    offer, _actor = complete_offer(call)
    change(offer, start_date=dt.date(year, 12, 1), end_date=dt.date(year + 2, 1, 31))

    assert section(offer, "task") == []


# --- III.4 actions ------------------------------------------------------------------------------------------


def test_every_year_of_the_task_needs_an_action(tenant):
    offer, _actor = complete_offer(two_year_call(tenant), multi_year=True)
    with scopes_disabled():
        Action.objects.filter(offer=offer, year=next_year() + 1).delete()

    messages = section(offer, "actions")

    assert len(messages) == 1
    assert str(next_year() + 1) in messages[0]


def test_an_offer_without_actions_or_dates_asks_for_an_action(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant))
    with scopes_disabled():
        Action.objects.filter(offer=offer).delete()
    change(offer, start_date=None, end_date=None)

    assert len(section(offer, "actions")) == 1


def test_an_action_in_a_year_outside_the_task(tenant):
    call = PublishedCallFactory(tenant=tenant)
    offer, _actor = complete_offer(call)
    with scopes_disabled():
        Action.objects.filter(offer=offer).update(year=call.delivery_start.year + 1)

    messages = section(offer, "actions")

    assert len(messages) == 2  # the task's year has no action, and one is outside it
    assert any(str(call.delivery_start.year) in m for m in messages)


def test_a_joint_offer_names_the_offeror_of_every_action(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant), joint=True)
    with scopes_disabled():
        Action.objects.filter(offer=offer).update(offeror=None)

    assert len(section(offer, "actions")) == 1
    assert sections(offer) == {"actions"}


def test_a_single_offer_needs_no_offeror_on_actions_and_costs(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant))

    with scopes_disabled():
        assert not offer.actions.exclude(offeror=None).exists()
        assert not offer.cost_lines.exclude(offeror=None).exists()
    assert problems_of(offer) == []


# --- III.6 results ------------------------------------------------------------------------------------------


def test_results_table_required_by_the_call(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant, requires_results_table=True))
    assert problems_of(offer) == []

    with scopes_disabled():
        Result.objects.filter(offer=offer).delete()

    assert len(section(offer, "results")) == 1
    assert sections(offer) == {"results"}


def test_results_table_not_required_by_the_call(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant, requires_results_table=False))

    with scopes_disabled():
        assert not offer.results.exists()
    assert section(offer, "results") == []


# --- IV. characteristics ----------------------------------------------------------------------------------


def test_missing_characteristics(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant))
    change(offer, previous_activity="", resources="")

    assert len(section(offer, "characteristics")) == 2
    assert sections(offer) == {"characteristics"}


# --- V.A costs ----------------------------------------------------------------------------------------------


def test_an_offer_needs_a_cost_of_an_action(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant))
    with scopes_disabled():
        CostLine.objects.filter(offer=offer, category="action").delete()

    assert len(section(offer, "costs")) == 1


def test_a_cost_of_an_action_must_belong_to_an_action(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant))
    with scopes_disabled():
        CostLine.objects.filter(offer=offer, category="action", name="Wynajem sali").update(action=None)

    assert len(section(offer, "costs")) == 1
    assert sections(offer) == {"costs"}


def test_multi_year_values_of_a_cost_must_add_up_to_its_total(tenant):
    offer, _actor = complete_offer(two_year_call(tenant), multi_year=True)
    with scopes_disabled():
        CostLine.objects.filter(offer=offer, name="Wynajem sali").update(year2=Decimal("999.99"))

    messages = section(offer, "costs")

    assert len(messages) == 1
    assert "Wynajem sali" in messages[0]
    assert pln("2000") in messages[0]


def test_a_joint_offer_names_the_offeror_of_every_cost(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant), joint=True)
    with scopes_disabled():
        CostLine.objects.filter(offer=offer, category="admin").update(offeror=None)

    assert len(section(offer, "costs")) == 1
    assert sections(offer) == {"costs"}


def test_administrative_costs_above_the_calls_cap_show_the_amounts(tenant):
    # 500 of 10 500 zł is 4.76 %; a 4 % cap allows 420 zł.
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant, admin_costs_cap=Decimal("4")))

    messages = section(offer, "costs")

    assert len(messages) == 1
    assert pln("500") in messages[0]
    assert pln("420") in messages[0]
    assert "4.76" in messages[0] or "4,76" in messages[0]
    assert sections(offer) == {"costs"}


@pytest.mark.parametrize(("cap", "blocked"), [("4.76", True), ("4.77", False), ("5", False)])
def test_administrative_costs_cap_boundary(tenant, cap, blocked):
    # 4.76 % of 10 500 = 499.80 < 500; 4.77 % = 500.85 ≥ 500.
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant, admin_costs_cap=Decimal(cap)))

    assert bool(section(offer, "costs")) is blocked


# --- V.B sources --------------------------------------------------------------------------------------------


def test_grant_below_the_calls_minimum(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant, min_grant=Decimal("9500")))

    messages = section(offer, "sources")

    assert len(messages) == 1
    assert pln("9500") in messages[0]


def test_grant_above_the_calls_maximum(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant, max_grant=Decimal("8000")))

    messages = section(offer, "sources")

    assert len(messages) == 1
    assert pln("8000") in messages[0]


def test_grant_equal_to_the_calls_limits_is_accepted(tenant):
    offer, _actor = complete_offer(
        PublishedCallFactory(tenant=tenant, min_grant=Decimal("9000"), max_grant=Decimal("9000"))
    )

    assert section(offer, "sources") == []


def test_a_missing_grant(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant, min_grant=None))
    change(offer, requested_grant=None, own_financial=Decimal("10000"))

    assert len(section(offer, "sources")) == 1


def test_sources_not_adding_up_to_the_costs_show_the_difference(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant))
    change(offer, own_financial=Decimal("876.55"))  # sources 10 376.55 zł, costs 10 500 zł

    messages = section(offer, "sources")

    assert len(messages) == 1
    assert pln("123.45") in messages[0]
    assert pln("10376.55") in messages[0]
    assert pln("10500") in messages[0]


def test_sources_above_the_costs_show_a_negative_difference(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant))
    change(offer, other_public_funds=Decimal("100"))

    messages = section(offer, "sources")

    assert len(messages) == 1
    assert "100,00 zł" in messages[0]


@pytest.mark.parametrize(
    ("rule", "minimum", "required"),
    [
        ("min_own_total", "20", "2100"),  # own 1 500 zł
        ("min_own_financial", "15", "1575"),  # own financial 1 000 zł
        ("min_own_personal", "5", "525"),  # own personal 500 zł
    ],
)
def test_own_contribution_below_the_calls_minimum_shows_the_required_amount(tenant, rule, minimum, required):
    offer, _actor = complete_offer(
        PublishedCallFactory(tenant=tenant, **{"min_own_total": None, rule: Decimal(minimum)})
    )

    messages = section(offer, "sources")

    assert len(messages) == 1
    assert pln(required) in messages[0]
    assert minimum in messages[0]


@pytest.mark.parametrize(("minimum", "blocked"), [("4.77", True), ("4.76", False)])
def test_own_personal_contribution_boundary(tenant, minimum, blocked):
    # 500 of 10 500 zł: 4.76 % requires 499.80 zł, 4.77 % requires 500.85 zł.
    offer, _actor = complete_offer(
        PublishedCallFactory(tenant=tenant, min_own_total=None, min_own_personal=Decimal(minimum))
    )

    assert bool(section(offer, "sources")) is blocked


def test_beneficiary_fees_with_a_free_of_charge_task(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant))
    change(offer, requested_grant=Decimal("8500"), beneficiary_fees=Decimal("500"))

    assert len(section(offer, "sources")) == 1

    change(offer, paid_activity="paid")
    assert section(offer, "sources") == []


@pytest.mark.parametrize(("minimum", "shown"), [("10.00", "10"), ("12.50", "12,5"), ("0.25", "0,25")])
def test_percentages_in_messages_are_plain_numbers(tenant, minimum, shown):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant, min_own_total=Decimal(minimum)))
    change(offer, requested_grant=Decimal("10500"), own_financial=None, own_personal=None)

    messages = section(offer, "sources")

    assert len(messages) == 1
    assert f"{shown}%" in messages[0]
    assert "E+" not in messages[0]
    assert "E-" not in messages[0]


def test_administrative_cap_percentages_are_plain_numbers(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant, admin_costs_cap=Decimal("0.00")))

    messages = section(offer, "costs")

    assert len(messages) == 1
    assert "E+" not in messages[0]
    assert "E-" not in messages[0]
    assert "0%" in messages[0]
    assert pln("0") in messages[0]


# --- VI. other ----------------------------------------------------------------------------------------------


def test_paid_or_free_delivery_must_be_declared(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant))
    change(offer, paid_activity="")

    assert len(section(offer, "other")) == 1


def test_a_joint_offer_describes_the_arrangements_between_offerors(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant), joint=True)
    change(offer, joint_arrangements="")

    assert len(section(offer, "other")) == 1
    assert sections(offer) == {"other"}


# --- VII. statements ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field", ["statement_public_benefit", "statement_fees", "statement_register", "statement_true", "statement_gdpr"]
)
def test_every_statement_must_be_confirmed(tenant, field):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant))
    change(offer, **{field: False})

    assert len(section(offer, "statements")) == 1
    assert sections(offer) == {"statements"}


@pytest.mark.parametrize("field", ["tax_arrears", "social_insurance_arrears"])
def test_arrears_statements_must_be_answered(tenant, field):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant))
    change(offer, **{field: None})
    assert len(section(offer, "statements")) == 1

    change(offer, **{field: True})  # an answer, even "yes", is an answer
    assert section(offer, "statements") == []


# --- attachments --------------------------------------------------------------------------------------------


def test_required_attachments_missing_are_named(tenant):
    offer, _actor = complete_offer(
        PublishedCallFactory(tenant=tenant, required_attachments="Statut\nSprawozdanie finansowe")
    )
    with scopes_disabled():
        Attachment.objects.filter(offer=offer, label="Statut").delete()

    messages = section(offer, "attachments")

    assert len(messages) == 1
    assert "Statut" in messages[0]
    assert sections(offer) == {"attachments"}


def test_no_attachment_problem_when_the_call_requires_none(tenant):
    offer, _actor = complete_offer(PublishedCallFactory(tenant=tenant, required_attachments=""))

    with scopes_disabled():
        assert not Attachment.objects.filter(offer=offer).exists()
    assert problems_of(offer) == []
