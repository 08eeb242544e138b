"""The e-mails a state change sends are declared with its transition (core.workflow.Notification), in the
owning app's table: whoever applies the transition, the e-mail goes with it (and not when it is undone)."""

import pytest
from django.template.loader import get_template

from pozytek.core.workflow import registered_lifecycles

# (model, action, source state) -> the template of the e-mail the transition declares.
DECLARED = {
    ("agreements.agreement", "sign", "draft"): "agreements/email/agreement_signed.txt",
    ("agreements.agreement", "terminate", "draft"): "agreements/email/agreement_terminated.txt",
    ("agreements.agreement", "terminate", "signed"): "agreements/email/agreement_terminated.txt",
    ("agreements.annex", "approve", "requested"): "agreements/annex_email_decided.txt",
    ("agreements.annex", "refuse", "requested"): "agreements/annex_email_decided.txt",
    ("agreements.annex", "withdraw", "requested"): "agreements/annex_email_withdrawn.txt",
    ("offers.offer", "accept_update", "update_submitted"): "offers/email/update_accepted.txt",
    ("offers.offer", "return_update", "update_submitted"): "offers/email/update_returned.txt",
    ("offers.offer", "accept_formally", "submitted"): "offers/email/formal_passed.txt",
    ("offers.offer", "request_correction", "submitted"): "offers/email/formal_correction.txt",
    ("offers.offer", "reject_formally", "submitted"): "offers/email/formal_rejected.txt",
    ("offers.offer", "reject_formally", "correction"): "offers/email/formal_rejected.txt",
    ("reports.report", "submit", "draft"): "reports/email/report_submitted.txt",
    ("reports.report", "submit", "corrections"): "reports/email/report_submitted.txt",
    ("reports.report", "accept", "submitted"): "reports/email/report_accepted.txt",
    ("reports.report", "return", "submitted"): "reports/email/report_returned.txt",
    ("reports.report", "reject", "submitted"): "reports/email/report_rejected.txt",
    ("organisations.claim", "accept", "pending"): "organisations/email/claim_accepted.txt",
    ("organisations.claim", "refuse", "pending"): "organisations/email/claim_refused.txt",
    ("organisations.profilechange", "accept", "pending"): "organisations/email/change_accepted.txt",
    ("organisations.profilechange", "refuse", "pending"): "organisations/email/change_refused.txt",
    ("evaluation.justificationrequest", "answer", "open"): "evaluation/email/request_answer.txt",
    ("competitions.taskproposal", "accept", "submitted"): "competitions/email/proposal_answered.txt",
    ("competitions.taskproposal", "decline", "submitted"): "competitions/email/proposal_answered.txt",
}


def _declared() -> dict[tuple[str, str, str], list[str]]:
    return {
        (label, transition.action, str(transition.source)): [n.template for n in transition.notify]
        for label, table in registered_lifecycles().items()
        for transition in table
    }


@pytest.mark.parametrize(("key", "template"), sorted(DECLARED.items()))
def test_the_transition_declares_its_email(key, template):
    assert _declared()[key] == [template]
    get_template(template)  # the declared template exists


def test_no_other_transition_declares_an_email():
    extra = {key: templates for key, templates in _declared().items() if templates and key not in DECLARED}
    assert extra == {}
