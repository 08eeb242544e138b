import datetime as dt
from decimal import Decimal

import pytest

from pozytek.legal.models import LegalForm, LegalParameter, SphereOfPublicTasks
from pozytek.legal.selectors import (
    LegalParameterMissing,
    legal_days,
    legal_value,
    parameters_in_force,
    spheres_in_force,
)

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("key", "day", "expected"),
    [
        ("small_grant.max_amount", dt.date(2026, 8, 31), Decimal(10000)),
        ("small_grant.max_amount", dt.date(2026, 9, 1), Decimal(20000)),
        ("small_grant.max_per_organisation_year", dt.date(2025, 1, 1), Decimal(20000)),
        ("small_grant.max_per_organisation_year", dt.date(2027, 1, 1), Decimal(40000)),
        ("small_grant.max_budget_share_percent", dt.date(2026, 8, 31), Decimal(20)),
        ("small_grant.max_budget_share_percent", dt.date(2026, 9, 2), Decimal(30)),
        ("competition.offer_period_min_days", dt.date(2026, 11, 22), Decimal(21)),
        ("small_grant.comment_period_days", dt.date(2026, 11, 22), Decimal(7)),
        ("council.opinion_days", dt.date(2026, 11, 22), Decimal(14)),
        ("volunteer.written_agreement_threshold_days", dt.date(2026, 11, 22), Decimal(30)),
    ],
)
def test_legal_value_is_the_row_in_force_on_the_day(key, day, expected, db):
    assert legal_value(key, on=day) == expected


def test_amended_values_are_separate_rows_and_only_the_amendment_awaits_verification(db):
    rows = LegalParameter.objects.filter(key="small_grant.max_amount").order_by("effective_from")

    # The pre-2026 value is confirmed (DOMAIN.md §14); the 2026 amendment rests on secondary sources.
    assert [(r.value, r.effective_from, r.needs_verification) for r in rows] == [
        (Decimal(10000), dt.date(2003, 6, 29), False),
        (Decimal(20000), dt.date(2026, 9, 1), True),
    ]


def test_legal_value_before_the_act_is_missing(db):
    with pytest.raises(LegalParameterMissing):
        legal_value("competition.offer_period_min_days", on=dt.date(2000, 1, 1))


def test_legal_value_unknown_key_is_missing(db):
    with pytest.raises(LegalParameterMissing):
        legal_value("no.such.parameter")


def test_tenant_own_value_wins_over_national_value(tenant, other_tenant):
    LegalParameter.objects.create(
        key="consultation.min_days",
        value=Decimal(14),
        unit="days",
        effective_from=dt.date(2020, 1, 1),
        name="Minimalny czas konsultacji",
        tenant=None,
    )
    LegalParameter.objects.create(
        key="consultation.min_days",
        value=Decimal(21),
        unit="days",
        effective_from=dt.date(2021, 1, 1),
        name="Minimalny czas konsultacji",
        tenant=tenant,
    )

    assert legal_days("consultation.min_days", tenant=tenant) == 21
    assert legal_days("consultation.min_days", tenant=other_tenant) == 14
    assert legal_days("consultation.min_days") == 14


def test_parameters_in_force_lists_one_row_per_key(db):
    rows = parameters_in_force(on=dt.date(2026, 11, 22))
    keys = [r.key for r in rows]

    assert len(keys) == len(set(keys))
    assert {r.key: r.value for r in rows}["small_grant.max_amount"] == Decimal(20000)


def test_spheres_have_string_point_codes_in_the_order_of_the_act(db):
    codes = list(spheres_in_force(on=dt.date(2026, 1, 1)).values_list("code", flat=True))

    assert codes[:3] == ["1", "1a", "1b"]
    assert "32a" in codes
    assert "33" in codes
    assert SphereOfPublicTasks.objects.get(code="33").needs_verification is False


def test_legal_forms_distinguish_ngos_from_art_3_3_entities(db):
    assert LegalForm.objects.get(slug="fundacja").status == "ngo"
    assert LegalForm.objects.get(slug="spoldzielnia-socjalna").status == "art_3_3"
    assert LegalForm.objects.get(slug="stowarzyszenie-zwykle").register == "starosta"
