"""The e-mails of a report's transitions (declared in reports/transitions.py) carry what the service records
with the decision: the frozen version's number, the corrections asked for and their deadline, the reason."""

import re

import pytest
from django.core import mail
from django_scopes import scope

from pozytek.core.workflow import TransitionNotAllowed
from pozytek.reports.services import reject_report, request_corrections, submit_report
from tests.reports.report_helpers import filled, fresh, signed_and_paid, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(tenant, official):
    agreement, author = signed_and_paid(tenant, official)
    report = filled(started(agreement, author), author)
    with scope(tenant=agreement.tenant):
        submit_report(report=report, actor=author)
    return agreement, author, report


def test_the_office_is_told_the_number_of_the_version_submitted(
    submitted, official, django_capture_on_commit_callbacks
):
    agreement, author, report = submitted
    with scope(tenant=agreement.tenant):
        returned = request_corrections(report=fresh(report), actor=official, reason="Brak listy faktur.")
    filled(returned, author)
    mail.outbox.clear()
    with scope(tenant=agreement.tenant), django_capture_on_commit_callbacks(execute=True):
        resubmitted = submit_report(report=fresh(report), actor=author)
    assert resubmitted.version == 2
    assert [m.to for m in mail.outbox] == [[official.email]]
    assert re.search(r"\(\w+ 2\)", mail.outbox[0].body), mail.outbox[0].body


def test_the_organisation_is_told_the_corrections_and_their_deadline(
    submitted, official, django_capture_on_commit_callbacks
):
    agreement, author, report = submitted
    mail.outbox.clear()
    with scope(tenant=agreement.tenant), django_capture_on_commit_callbacks(execute=True):
        returned = request_corrections(report=fresh(report), actor=official, reason="Brak listy faktur.")
    assert len(mail.outbox) == 1 and author.email in mail.outbox[0].to
    assert "Brak listy faktur." in mail.outbox[0].body
    assert returned.corrections_deadline.isoformat() in mail.outbox[0].body


def test_the_organisation_is_told_why_the_report_was_rejected(submitted, official, django_capture_on_commit_callbacks):
    agreement, author, report = submitted
    mail.outbox.clear()
    with scope(tenant=agreement.tenant), django_capture_on_commit_callbacks(execute=True):
        reject_report(report=fresh(report), actor=official, reason="Sprawozdanie dotyczy innego zadania.")
    assert len(mail.outbox) == 1 and author.email in mail.outbox[0].to
    assert "Sprawozdanie dotyczy innego zadania." in mail.outbox[0].body


def test_a_second_decision_changes_nothing_and_sends_nothing(submitted, official, django_capture_on_commit_callbacks):
    agreement, _author, report = submitted
    with scope(tenant=agreement.tenant):
        reject_report(report=fresh(report), actor=official, reason="Sprawozdanie dotyczy innego zadania.")
    mail.outbox.clear()
    with (
        scope(tenant=agreement.tenant),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(TransitionNotAllowed),
    ):
        request_corrections(report=fresh(report), actor=official, reason="Brak listy faktur.")
    assert mail.outbox == []
    again = fresh(report)
    assert (again.corrections_reason, again.corrections_deadline) == ("", None)
    assert again.decision_reason == "Sprawozdanie dotyczy innego zadania."
