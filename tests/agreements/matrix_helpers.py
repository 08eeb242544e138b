"""One local government's agreements at every stage, for the permission matrices of agreements and reports.

`prepare(tenant, official, keepers)` gives, in one tenant (written through the services, the way the
agreement and report helpers do it; every organisation is a new "Klub Sportowy Orzeł"):

- `draft`: an agreement prepared and awaiting signatures (complete: its PDF and DOCX can be generated);
- `signed`: an agreement signed (with its signed file), its one tranche paid, an approved annex
  (`approved`, with its PDF/DOCX) and a pending request for another annex (`pending`); with `reports`, its
  final report filled in and submitted (`submitted`);
- `other`: a second signed agreement with no annex request; with `reports`, its final report started and
  left a draft (`draft_report`);
- with `updates`: `call` with two offers: `full` awarded in full (its `grant` awaits an agreement) and
  `update` awarded less, whose update is submitted and awaits the office.

`keepers` are (user, role) pairs added to the organisations of `draft`, `signed` and `other`, so the same
owner and editor keep all three; the organisations' own authors stay members too.
"""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pozytek.agreements.models import Agreement, Annex, Tranche
from pozytek.agreements.services.agreements import record_payment
from pozytek.organisations.models import OrganisationMember
from pozytek.organisations.states import MemberRole
from pozytek.reports.models import Report
from pozytek.reports.services import submit_report
from tests import matrix_support as matrix
from tests.agreements.agreement_helpers import awarded_grant, member_of, prepared, signed
from tests.agreements.annex_helpers import approved, fresh, request
from tests.agreements.update_helpers import grant_of, submitted_update
from tests.factories.accounts import UserFactory
from tests.reports.report_helpers import filled, started

# A second change beyond the allowed shift, after the approved one (I.1.1 7500 → 7000, I.1.2 2500 → 3000).
SECOND_SHIFT = {"I.1.1": "7000.00", "I.1.2": "3000.00", "II.1": "500.00"}


@dataclass
class Prepared:
    tenant: Any
    official: Any
    draft: Agreement
    signed: Agreement
    tranche: Tranche
    approved: Annex
    pending: Annex
    other: Agreement
    submitted: Report | None = None
    draft_report: Report | None = None
    call: Any = None
    full: Any = None
    grant: Any = None
    update: Any = None


def _keep(agreement: Agreement, keepers) -> None:
    with scopes_disabled():
        organisation = agreement.offer.organisation
        for user, role in keepers:
            OrganisationMember.objects.create(organisation=organisation, user=user, role=role)


def _pay_everything(agreement: Agreement, official) -> None:
    with scope(tenant=agreement.tenant):
        for tranche in Tranche.objects.filter(agreement=agreement):
            record_payment(tranche=tranche, actor=official, paid_on=timezone.localdate(), amount=tranche.amount)


def prepare(tenant, official, keepers, *, reports: bool = False, updates: bool = False) -> Prepared:
    """Every stage of agreements (and, on request, reports and offer updates) in `tenant` (module docstring)."""
    draft = fresh(prepared(awarded_grant(tenant, official, number="ZAR/1/2027"), official, number="U/1/2027"))
    grant = awarded_grant(tenant, official, number="ZAR/2/2027")
    author = member_of(grant)
    agreement = signed(grant, official, number="U/2/2027")
    _pay_everything(agreement, official)
    agreement = fresh(agreement)
    annex = approved(agreement, author, official)
    pending = request(fresh(agreement), author, lines=dict(SECOND_SHIFT))
    other_grant = awarded_grant(tenant, official, number="ZAR/3/2027")
    other_author = member_of(other_grant)
    other = fresh(signed(other_grant, official, number="U/3/2027"))
    for each in (draft, agreement, other):
        _keep(each, keepers)
    with scopes_disabled():
        result = Prepared(
            tenant=tenant,
            official=official,
            draft=draft,
            signed=fresh(agreement),
            tranche=Tranche.objects.filter(agreement=agreement).order_by("number").first(),
            approved=Annex.objects.get(pk=annex.pk),
            pending=Annex.objects.get(pk=pending.pk),
            other=other,
        )
    if reports:
        report = filled(started(result.signed, author), author)
        with scope(tenant=tenant):
            submit_report(report=report, actor=author)
        with scopes_disabled():
            result.submitted = Report.objects.get(pk=report.pk)
        result.draft_report = started(other, other_author)
    if updates:
        case = submitted_update(tenant, official)
        result.call, result.full, result.update = case.call, case.full, case.offer
        result.grant = grant_of(case.full)
    return result


# What the matrices of agreements and reports share beyond tests/matrix_support.py ---------------------

COLUMNS = ("anon", "res", "owner", "editor", "other", "offA", "offA0", "admA", "offB", "super")
MEMBER_PREFIX = "member."  # the organisation's platform pages: no tenant in the URL


def build_world(*, reports: bool = False, updates: bool = False) -> dict[str, Any]:
    """Tenants A ("testowo") and B ("inna") prepared, and one person per column of the matrices:

    anon (nobody), res (signed in, no roles), owner / editor (keep the organisations of A's agreements),
    other (owner of the organisations of B's agreements), offA (official of A, TOTP), offA0 (official of A
    without an authenticator), admA (tenant admin of A, TOTP), offB (official of B, TOTP), super (platform
    admin: matrix.superuser with TOTP, no role, no organisation).
    """
    tenant_a, tenant_b = matrix.two_tenants()
    official_a = matrix.official_of(tenant_a)
    official_b = matrix.official_of(tenant_b)
    owner, editor, other = UserFactory(), UserFactory(), UserFactory()
    keepers = [(owner, MemberRole.OWNER), (editor, MemberRole.EDITOR)]
    a = prepare(tenant_a, official_a, keepers, reports=reports, updates=updates)
    b = prepare(tenant_b, official_b, [(other, MemberRole.OWNER)], reports=reports, updates=updates)
    users = matrix.people_of(
        COLUMNS, tenant_a, tenant_b, owner=owner, editor=editor, other=other, offA=official_a, offB=official_b
    )
    return {"a": a, "b": b, "users": users}


def url_of(routes: dict, row: str, prepared, *, tenant_slug: str = matrix.TENANT_A) -> str:
    return matrix.row_url(routes, row, prepared, tenant_slug=tenant_slug, platform=(MEMBER_PREFIX,))


def cross_tenant_cells(expected, routes: dict) -> list[tuple[str, str, str]]:
    """The cells that get as far as the objects of their URL (office pages refuse first; on the member
    pages, B's agreements are `other`'s own), to be asked again with tenant B's ids."""

    def keep(row: str, column: str, cell: str) -> bool:
        if not matrix.has_ids(routes, row) or not matrix.reaches_objects(cell, refused_first=False):
            return False
        if row.startswith(MEMBER_PREFIX):
            return column != "other"
        return cell != "403"

    return matrix.cells_where(expected, COLUMNS, keep)
