"""The report's history on the office page and on the organisation's page: started, submitted (each
version frozen with its SHA-256), returned, resubmitted, accepted; only this report's, this tenant's events."""

import re

import pytest
from django.db import transaction
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from pozytek.core.audit import record_event
from pozytek.reports.history import report_history
from pozytek.reports.models import ReportVersion
from pozytek.reports.services import accept_report, request_corrections, submit_report
from tests.conftest import login_with_mfa
from tests.reports.report_helpers import filled, fresh, signed_and_paid, started

pytestmark = pytest.mark.integration

REASON = "Notatka urzędu: brak faktury FV 2/2027"


def history_section(html: str) -> str:
    match = re.search(r'<section class="history".*?</section>', html, re.S)
    assert match, "the page has no history section"
    return match.group(0)


@pytest.fixture
def case(tenant, official):
    """(report, keeper): submitted, returned for corrections, resubmitted, accepted."""
    official.full_name = "Jan Urzędnik"
    official.save()
    agreement, keeper = signed_and_paid(tenant, official)
    keeper.full_name = "Anna Skarbnik"
    keeper.save()
    report = filled(started(agreement, keeper), keeper)
    with scope(tenant=tenant):
        submit_report(report=fresh(report), actor=keeper)
        request_corrections(report=fresh(report), actor=official, reason=REASON)
        submit_report(report=fresh(report), actor=keeper)
        accept_report(report=fresh(report), actor=official)
    return fresh(report), keeper


def test_the_office_sees_the_reports_changes_in_order_with_the_versions(client, official, case, tenant):
    report, _keeper = case
    with scopes_disabled():
        entries = report_history(report, tenant=tenant, agreement=report.agreement, audience="office")
        versions = list(ReportVersion.objects.filter(report=report).order_by("number"))
    assert [(e.who, e.label) for e in entries] == [
        ("Anna Skarbnik", "Report started"),
        ("Anna Skarbnik", "Submit the report"),
        ("Anna Skarbnik", "Version frozen"),
        ("Jan Urzędnik", "Ask for corrections"),
        ("Anna Skarbnik", "Submit the corrected report"),
        ("Anna Skarbnik", "Version frozen"),
        ("Jan Urzędnik", "Accept the report"),
        ("Jan Urzędnik", "Amount to return fixed"),
    ]
    assert [(e.source, e.target) for e in entries if e.source] == [
        ("Draft", "Submitted: awaiting review"),
        ("Submitted: awaiting review", "Returned for corrections"),
        ("Returned for corrections", "Submitted: awaiting review"),
        ("Submitted: awaiting review", "Accepted"),
    ]
    assert len(versions) == 2
    login_with_mfa(client, official)
    response = client.get(reverse("reports_office:detail", kwargs={"tenant_slug": tenant.slug, "pk": report.pk}))
    assert response.status_code == 200
    section = history_section(response.content.decode())
    for version in versions:
        assert version.checksum in section
    assert REASON in section and "Jan Urzędnik" in section


def test_the_organisation_sees_its_reports_history_with_the_office_named(client, case, tenant):
    report, keeper = case
    client.force_login(keeper)
    url = reverse("reports_member:edit", kwargs={"agreement_pk": report.agreement_id, "pk": report.pk})
    response = client.get(url)
    assert response.status_code == 200
    section = history_section(response.content.decode())
    assert "Anna Skarbnik" in section and "Accept the report" in section
    assert "Jan Urzędnik" not in section and tenant.office_name in section
    assert REASON not in section


def test_other_tenants_events_never_appear_and_one_query(case, tenant, other_tenant, django_assert_num_queries):
    report, keeper = case
    with scopes_disabled(), django_assert_num_queries(1):
        before = report_history(report, tenant=tenant, agreement=report.agreement, audience="member")
    with transaction.atomic():
        record_event(actor=None, subject=report, action="report.start", data={}, tenant=other_tenant)
        for _ in range(12):
            record_event(actor=keeper, subject=report, action="report.version", data={"version": 9, "sha256": "0" * 64})
    for audience in ("office", "member"):
        with scopes_disabled(), django_assert_num_queries(1):
            after = report_history(report, tenant=tenant, agreement=report.agreement, audience=audience)
        assert len(after) == len(before) + 12
