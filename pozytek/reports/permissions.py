"""Who may do what with a report: members of the organisations party to the agreement write and submit it;
the office of the local government that owns the agreement reviews it and settles the grant."""

from typing import Any

import rules

from pozytek.accounts.permissions import is_tenant_staff
from pozytek.agreements.permissions import is_agreement_officer, is_party_member
from pozytek.core.workflow import KEEPERS_ONLY, OFFICE_ONLY, refuses


@refuses(OFFICE_ONLY)
@rules.predicate
def is_report_officer(user: Any, report: Any) -> bool:
    """Office staff of the tenant that owns the report (or the agreement being settled)."""
    return bool(is_agreement_officer(user, report))


def is_report_author(user: Any, report: Any) -> bool:
    """A member of an organisation party to the report's agreement (plain predicate: no superuser pass)."""
    return report is not None and is_party_member(user, report.agreement)


@refuses(KEEPERS_ONLY)
@rules.predicate
def may_submit_report(user: Any, report: Any) -> bool:
    return is_report_author(user, report)


rules.add_perm("reports.review_reports", is_tenant_staff)
