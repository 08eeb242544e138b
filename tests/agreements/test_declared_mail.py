"""The e-mails of the annex's and the agreement's transitions (declared in agreements/transitions.py) state
what the decision changed: the approval gives the agreement's new dates."""

import pytest
from django.core import mail

from tests.agreements.annex_helpers import approved, fresh, signed_case, two_weeks_earlier

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_the_approval_email_gives_the_new_end_and_report_dates(tenant, official, django_capture_on_commit_callbacks):
    agreement, member = signed_case(tenant, official)
    end = two_weeks_earlier(agreement)
    old_report_due = agreement.final_report_due
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approved(agreement, member, official, end_date=end)
    changed = fresh(agreement)
    assert changed.end_date == end and changed.final_report_due != old_report_due
    decided = mail.outbox[-1]  # after the office's e-mail about the request
    assert len(mail.outbox) == 2 and member.email in decided.to
    assert end.isoformat() in decided.body
    assert changed.final_report_due.isoformat() in decided.body
