"""Reports through their services: start, fill in, submit, review, settle, remind."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pozytek.accounts.models import Role
from pozytek.agreements.models import Agreement
from pozytek.agreements.states import AgreementState
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.grants.models import Grant
from pozytek.grants.states import GrantStatus
from pozytek.reports.models import ReportReminder, ReportVersion
from pozytek.reports.selectors import lines_of, report_figures
from pozytek.reports.services import (
    accept_report,
    reject_report,
    request_corrections,
    save_report,
    send_report_reminders,
    settle_grant,
    start_report,
    submit_report,
)
from pozytek.reports.states import ReportState
from tests.conftest import with_totp
from tests.factories.accounts import MembershipFactory
from tests.reports.report_helpers import filled, fresh, money, report_input, signed_and_paid, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(tenant, official):
    agreement, author = signed_and_paid(tenant, official)
    return agreement, author


def test_start_copies_the_agreements_cost_plan_sources_and_results(case):
    agreement, author = case
    report = started(agreement, author)
    with scopes_disabled():
        lines = {line.number: line.planned for line in lines_of(report)}
    assert lines == {"I.1.1": money("8000"), "I.1.2": money("2000"), "II.1": money("500")}
    assert report.planned_grant == money("9000")
    assert report.planned_own_financial == money("1000")
    assert report.cost_shift_percent == agreement.cost_shift_percent
    assert report.due_date == agreement.final_report_due
    # A second click starts nothing new.
    assert started(agreement, author).pk == report.pk


def test_only_a_party_member_starts_a_report(case, official, resident):
    agreement, _author = case
    with scope(tenant=agreement.tenant), pytest.raises(PermissionDenied):
        start_report(agreement=agreement, kind="final", year=None, actor=resident)
    with scope(tenant=agreement.tenant), pytest.raises(PermissionDenied):
        start_report(agreement=agreement, kind="final", year=None, actor=official)


def test_a_partial_report_the_agreement_does_not_ask_for_is_refused(case):
    agreement, author = case
    with scope(tenant=agreement.tenant), pytest.raises(ValidationError) as error:
        start_report(agreement=agreement, kind="partial", year=2031, actor=author)
    assert "does not ask for this report" in str(error.value)


def test_submission_freezes_a_version_and_informs_the_office(case, official, django_capture_on_commit_callbacks):
    agreement, author = case
    report = filled(started(agreement, author), author)
    mail.outbox.clear()
    with scope(tenant=agreement.tenant), django_capture_on_commit_callbacks(execute=True):
        submitted = submit_report(report=report, actor=author)
        again = submit_report(report=submitted, actor=author)  # double click
    assert submitted.state == ReportState.SUBMITTED
    assert again.version == submitted.version == 1
    assert len(submitted.checksum) == 64
    assert submitted.snapshot["lines"][0]["actual"] == "8000.00"
    assert [m.to for m in mail.outbox] == [[official.email]]  # the office's staff, once
    assert agreement.number in mail.outbox[0].subject


def test_sums_that_do_not_match_block_submission_and_lose_nothing(case):
    agreement, author = case
    report = filled(started(agreement, author), author, sources={"grant": "9000", "own_financial": "900"})
    with scope(tenant=agreement.tenant), pytest.raises(TransitionBlocked) as blocked:
        submit_report(report=report, actor=author)
    sections = {p.section for p in blocked.value.problems}
    assert "sources" in sections
    assert any("must be equal" in p.message for p in blocked.value.problems)
    kept = fresh(report)
    assert kept.state == ReportState.DRAFT
    assert kept.actual_own_financial == money("900")
    assert kept.results_summary


def test_unconfirmed_statements_and_missing_narrative_block_submission(case):
    agreement, author = case
    report = filled(started(agreement, author), author, statements=False, results_summary="")
    with scope(tenant=agreement.tenant), pytest.raises(TransitionBlocked) as blocked:
        submit_report(report=report, actor=author)
    assert {"statements", "narrative"} <= {p.section for p in blocked.value.problems}


def test_grant_on_a_line_above_its_cost_is_refused_when_saving(case):
    agreement, author = case
    report = started(agreement, author)
    with pytest.raises(ValidationError) as error:
        filled(report, author, lines={"I.1.1": ("100", "200")})
    assert any(key.endswith("_grant") for key in error.value.message_dict)


@pytest.mark.parametrize("bad", ["-5", "12.345", "abc", "NaN", "1e400"])
def test_malformed_amounts_are_refused_with_a_message(case, bad):
    agreement, author = case
    report = started(agreement, author)
    with pytest.raises(ValidationError) as error:
        filled(report, author, sources={"grant": bad})
    assert "source_grant" in error.value.message_dict
    assert fresh(report).actual_grant == money("0")


def test_a_line_beyond_the_allowed_increase_and_unused_grant_give_the_amount_to_return(
    case, official, django_capture_on_commit_callbacks
):
    agreement, author = case
    # Allowed increase 10%: the hall (2000) may reach 2200; 2600 is 400 over, all paid from the grant.
    lines = {"I.1.1": ("6000", "5000"), "I.1.2": ("2600", "2600"), "II.1": ("500", "400")}
    sources = {"grant": "8000", "own_financial": "600", "own_personal": "500"}
    report = filled(started(agreement, author), author, lines=lines, sources=sources)
    with scope(tenant=agreement.tenant):
        figures = report_figures(fresh(report))
        assert [line.number for line in figures.over_limit_lines] == ["I.1.2"]
        assert figures.grant_against_rules == money("400")
        assert figures.unused_grant == money("1000")
        assert figures.own_share_lower  # 1100 of 9100 against 1500 of 10500
        submit_report(report=report, actor=author)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            accepted = accept_report(report=fresh(report), actor=official)
    assert accepted.amount_to_return == money("1400")
    assert accepted.return_deadline == max(agreement.return_deadline, timezone.localdate() + dt.timedelta(days=1))
    assert any("1400" in m.body for m in mail.outbox)


def test_corrections_come_back_with_a_deadline_and_a_new_version(case, official):
    agreement, author = case
    report = filled(started(agreement, author), author)
    with scope(tenant=agreement.tenant):
        submit_report(report=report, actor=author)
        with pytest.raises(ValidationError):
            request_corrections(report=fresh(report), actor=official, reason="  ")
        returned = request_corrections(report=fresh(report), actor=official, reason="Brak listy faktur.")
    assert returned.state == ReportState.CORRECTIONS
    assert returned.corrections_deadline == timezone.localdate() + dt.timedelta(days=7)
    filled(returned, author)
    with scope(tenant=agreement.tenant):
        resubmitted = submit_report(report=fresh(report), actor=author)
    assert resubmitted.version == 2
    assert resubmitted.state == ReportState.SUBMITTED
    with scopes_disabled():
        versions = list(ReportVersion.objects.filter(report=report).order_by("number"))
    assert [v.number for v in versions] == [1, 2]  # the version before corrections is kept
    assert versions[1].checksum == resubmitted.checksum
    assert [v.snapshot["version"] for v in versions] == [1, 2]


def test_a_rejected_report_can_be_filed_again(case, official):
    agreement, author = case
    report = filled(started(agreement, author), author)
    with scope(tenant=agreement.tenant):
        submit_report(report=report, actor=author)
        rejected = reject_report(report=fresh(report), actor=official, reason="Sprawozdanie dotyczy innego zadania.")
    assert rejected.state == ReportState.REJECTED
    assert started(agreement, author).pk != report.pk


def test_the_organisation_cannot_review_and_the_office_cannot_submit(case, official):
    agreement, author = case
    report = filled(started(agreement, author), author)
    with scope(tenant=agreement.tenant):
        with pytest.raises(PermissionDenied):
            submit_report(report=report, actor=official)
        submit_report(report=report, actor=author)
        with pytest.raises(PermissionDenied):
            accept_report(report=fresh(report), actor=author)


def test_a_submitted_report_can_no_longer_be_changed(case):
    agreement, author = case
    report = filled(started(agreement, author), author)
    with scope(tenant=agreement.tenant):
        submit_report(report=report, actor=author)
    with pytest.raises(ValidationError):
        filled(fresh(report), author)


def test_settlement_closes_the_agreement_and_the_register_row(case, official):
    agreement, author = case
    lines = {"I.1.1": ("8000", "6500"), "I.1.2": ("2000", "1600"), "II.1": ("500", "400")}
    sources = {"grant": "8500", "own_financial": "1500", "own_personal": "500"}
    report = filled(started(agreement, author), author, lines=lines, sources=sources)
    with scope(tenant=agreement.tenant):
        with pytest.raises(ValidationError):  # nothing accepted yet
            settle_grant(agreement=agreement, actor=official, returned_amount="0", returned_on=None)
        submit_report(report=report, actor=author)
        accept_report(report=fresh(report), actor=official)
        with pytest.raises(ValidationError) as error:
            settle_grant(agreement=agreement, actor=official, returned_amount="100", returned_on=timezone.localdate())
        assert "returned_amount" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            settle_grant(agreement=agreement, actor=official, returned_amount="500", returned_on=None)
        assert "returned_on" in error.value.message_dict
        settlement = settle_grant(
            agreement=agreement,
            actor=official,
            returned_amount="500,00".replace(",", "."),
            returned_on=timezone.localdate(),
        )
        with pytest.raises((ValidationError, TransitionNotAllowed)):
            settle_grant(agreement=agreement, actor=official, returned_amount="500", returned_on=timezone.localdate())
    assert settlement.amount_settled == money("8500")
    with scopes_disabled():
        assert Agreement.objects.get(pk=agreement.pk).state == AgreementState.SETTLED
        grant = Grant.objects.get(pk=agreement.grant_id)
    assert grant.status == GrantStatus.SETTLED
    assert grant.amount_settled == money("8500")


def test_reminders_are_sent_before_the_due_date_and_when_late_once_each(
    case, settings, django_capture_on_commit_callbacks
):
    agreement, _author = case
    settings.POZYTEK_REPORT_REMINDER_DAYS = 7
    due = agreement.final_report_due
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_report_reminders(today=due - dt.timedelta(days=20)) == 0
        assert send_report_reminders(today=due - dt.timedelta(days=5)) == 1
        assert send_report_reminders(today=due - dt.timedelta(days=4)) == 0  # once
        assert send_report_reminders(today=due + dt.timedelta(days=1)) == 1
        assert send_report_reminders(today=due + dt.timedelta(days=2)) == 0
    assert len(mail.outbox) == 2
    assert agreement.number in mail.outbox[1].subject
    with scopes_disabled():
        assert ReportReminder.objects.filter(agreement=agreement).count() == 2


def test_no_reminder_once_the_report_is_submitted(case):
    agreement, author = case
    report = filled(started(agreement, author), author)
    with scope(tenant=agreement.tenant):
        submit_report(report=report, actor=author)
    mail.outbox.clear()
    assert send_report_reminders(today=agreement.final_report_due + dt.timedelta(days=3)) == 0


def test_two_years_give_a_partial_report_with_the_years_amounts(tenant, official):
    agreement, author = signed_and_paid(tenant, official, multi_year=True)
    with scopes_disabled():
        year = agreement.years.order_by("year").first()
    if year.partial_report_due is None:
        pytest.fail("a two-year agreement must ask for a partial report")
    report = started(agreement, author, kind="partial", year=year.year)
    assert report.planned_grant == year.amount
    assert report.period_end == min(agreement.end_date, dt.date(year.year, 12, 31))
    with scopes_disabled():
        planned = sum((line.planned for line in lines_of(report)), Decimal(0))
    assert planned < Decimal("10500")


def test_a_line_or_result_of_another_report_is_refused_and_nothing_is_saved(case, other_tenant):
    agreement, author = case
    report = started(agreement, author)
    foreign_official = with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user)
    other_agreement, other_author = signed_and_paid(other_tenant, foreign_official)
    other = started(other_agreement, other_author)
    data = report_input(report)
    with scopes_disabled():
        foreign = lines_of(other)[0]
    data.lines = {**data.lines, foreign.pk: ("5", "0")}
    with scope(tenant=agreement.tenant), pytest.raises(ValidationError) as error:
        save_report(report=report, actor=author, data=data)
    assert "__all__" in error.value.message_dict
    with scopes_disabled():
        assert lines_of(other)[0].actual == 0
    assert fresh(report).results_summary == ""
