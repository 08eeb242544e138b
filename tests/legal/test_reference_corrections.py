"""Legal parameters corrected from the sources (DOMAIN.md §14): article, verification state, kind."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from pozytek.legal.models import LegalParameter, ParameterKind
from pozytek.legal.selectors import LegalParameterMissing, legal_value

pytestmark = pytest.mark.integration

ACT_IN_FORCE = dt.date(2003, 6, 29)
OLD_ACT = "ustawa z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie"


def row(key: str, effective_from: dt.date = ACT_IN_FORCE) -> LegalParameter:
    return LegalParameter.objects.get(key=key, effective_from=effective_from, tenant=None)


@pytest.mark.parametrize(
    ("key", "basis", "needs_verification"),
    [
        ("agreement.final_report_days", "art. 18 ust. 1 ustawy z dnia 24 kwietnia 2003 r.", False),
        ("agreement.unused_return_days", "art. 251 ust. 3 ustawy o finansach publicznych", False),
        ("agreement.year_unused_return_days", "art. 251 ust. 1 ustawy o finansach publicznych", False),
        ("small_grant.max_amount", "art. 19a ust. 1 pkt 1 ustawy", False),
        ("small_grant.max_duration_days", "art. 19a ust. 1 pkt 2 ustawy", False),
        ("small_grant.comment_period_days", "art. 19a ust. 4 ustawy", False),
        ("volunteer.written_agreement_threshold_days", "art. 44 ust. 4 ustawy", False),
        ("volunteer.accident_insurance_max_days", "art. 46 ust. 3 ustawy", False),
        ("competition.offer_period_min_days", "art. 13 ust. 1 ustawy", False),
        ("competition.justification_request_days", "art. 15 ust. 2j ustawy", True),
    ],
)
def test_parameter_has_the_article_and_verification_state_of_the_sources(db, key, basis, needs_verification):
    parameter = row(key)

    assert parameter.legal_basis.startswith(basis)
    assert parameter.needs_verification is needs_verification


def test_return_of_unused_grant_cites_only_the_public_finance_act(db):
    assert "pożytku publicznego" not in row("agreement.unused_return_days").legal_basis


def test_unconfirmed_paragraphs_are_not_cited_and_stay_to_be_verified(db):
    per_organisation = row("small_grant.max_per_organisation_year")
    amended = row("small_grant.max_amount", dt.date(2026, 9, 1))

    assert "ust. 4" not in per_organisation.legal_basis  # ust. 4 is the comment period
    assert per_organisation.needs_verification is True
    assert amended.needs_verification is True


def test_the_90_day_limit_of_small_grants_ends_with_the_2026_amendment(db):
    assert legal_value("small_grant.max_duration_days", on=dt.date(2026, 8, 31)) == Decimal(90)
    with pytest.raises(LegalParameterMissing):
        legal_value("small_grant.max_duration_days", on=dt.date(2026, 9, 1))


def test_consultation_length_is_a_tenant_default_not_a_statutory_number(db):
    parameter = row("consultation.min_days")

    assert parameter.kind == ParameterKind.TENANT_DEFAULT
    assert parameter.needs_verification is False
    assert "domyślny" in parameter.name.lower()
    assert parameter.legal_basis.startswith("art. 5 ust. 5 ustawy")
    assert row("competition.offer_period_min_days").kind == ParameterKind.STATUTORY


def test_data_migration_corrects_rows_loaded_by_an_earlier_version(db):
    """An existing installation still has the rows as 0002–0005 loaded them."""
    LegalParameter.objects.filter(key="small_grant.comment_period_days").update(
        legal_basis=f"art. 19a ust. 5 {OLD_ACT}"
    )
    LegalParameter.objects.filter(key="agreement.unused_return_days").update(
        legal_basis=f"art. 251 ust. 1 ustawy o finansach publicznych {OLD_ACT}", needs_verification=True
    )
    LegalParameter.objects.filter(key="consultation.min_days").update(
        name="Minimalny czas trwania konsultacji projektu aktu", kind=ParameterKind.STATUTORY, needs_verification=True
    )
    LegalParameter.objects.filter(key="small_grant.max_duration_days").update(valid_to=None)
    LegalParameter.objects.filter(key="council.opinion_days").update(legal_basis=f"art. 41i ust. 2 {OLD_ACT}")
    migration = importlib.import_module("pozytek.legal.migrations.0007_correct_parameters_from_sources")

    migration.correct(apps, None)

    assert row("small_grant.comment_period_days").legal_basis.startswith("art. 19a ust. 4 ustawy z dnia")
    assert row("agreement.unused_return_days").legal_basis == "art. 251 ust. 3 ustawy o finansach publicznych"
    assert row("agreement.unused_return_days").needs_verification is False
    assert row("consultation.min_days").kind == ParameterKind.TENANT_DEFAULT
    assert row("consultation.min_days").needs_verification is False
    assert row("small_grant.max_duration_days").valid_to == dt.date(2026, 8, 31)
    assert row("council.opinion_days").legal_basis.startswith("art. 41i ust. 2 ustawy z dnia 24 kwietnia 2003 r.")
