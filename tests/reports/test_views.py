"""Reports over HTTP: the organisation's pages, the office's review and settlement, access and bad input."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from pypdf import PdfReader

from pozytek.accounts.models import Role
from pozytek.agreements.models import Agreement
from pozytek.agreements.states import AgreementState
from pozytek.reports.models import Report
from pozytek.reports.selectors import lines_of, results_of
from pozytek.reports.states import ReportState
from tests.conftest import login_with_mfa, with_totp
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.reports.report_helpers import ON_PLAN, fresh, signed_and_paid, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(tenant, official):
    return signed_and_paid(tenant, official)


def form_data(report: Report, *, lines=None, sources=None, **extra) -> dict:
    lines = lines or ON_PLAN
    data = {
        "results_summary": "Zajęcia dla 65 dzieci.",
        "actions_description": "Treningi dwa razy w tygodniu.",
        "other_revenue_info": "",
        "beneficiary_fees_info": "",
        "documents_list": "FV 1/2027",
        "additional_info": "",
        "source_grant": "9 000,00",
        "source_own_financial": "1000",
        "source_own_personal": "500",
        "source_own_in_kind": "0",
        "source_beneficiary_fees": "0",
        "source_other_public_funds": "0",
        "other_revenue": "0",
        "statement_status_unchanged": "on",
        "statement_true": "on",
        "statement_procurement": "on",
        "statement_gdpr": "on",
    }
    with scopes_disabled():
        for line in lines_of(report):
            actual, grant = lines.get(line.number, ("0", "0"))
            data[f"line_{line.pk}_actual"] = actual
            data[f"line_{line.pk}_grant"] = grant
        for result in results_of(report):
            data[f"result_{result.pk}"] = "65"
    data.update(sources or {})
    data.update(extra)
    return data


def edit_url(report: Report) -> str:
    return reverse("reports_member:edit", kwargs={"agreement_pk": report.agreement_id, "pk": report.pk})


def test_the_organisation_starts_fills_and_submits_its_report(client, case):
    agreement, author = case
    client.force_login(author)
    listing = client.get(reverse("reports_member:list", kwargs={"agreement_pk": agreement.pk}))
    assert listing.status_code == 200
    assert "Start the final report" in listing.content.decode()
    response = client.post(
        reverse("reports_member:start", kwargs={"agreement_pk": agreement.pk}), {"kind": "final", "year": ""}
    )
    with scopes_disabled():
        report = Report.objects.get(agreement=agreement)
    assert response.url == edit_url(report)
    assert client.get(edit_url(report)).status_code == 200
    response = client.post(edit_url(report), {**form_data(report), "submit": "1"})
    assert response.status_code == 302
    report = fresh(report)
    assert report.state == ReportState.SUBMITTED
    assert report.actual_grant == 9000
    pdf = client.get(reverse("reports_member:pdf", kwargs={"agreement_pk": agreement.pk, "pk": report.pk}))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert agreement.number in text
    assert "Wynagrodzenie" in text and "Wynajem sali" in text
    assert "10,500.00" in text  # the total of the costs incurred


def test_a_negative_amount_comes_back_next_to_its_line_and_nothing_is_saved(client, case):
    agreement, author = case
    report = started(agreement, author)
    client.force_login(author)
    with scopes_disabled():
        first = lines_of(report)[0]
    response = client.post(edit_url(report), form_data(report, **{f"line_{first.pk}_actual": "-100"}))
    assert response.status_code == 400
    body = response.content.decode()
    errors = body.index(f'id="id_line_{first.pk}_actual_errors"')
    assert "cannot be negative" in body[errors : errors + 300]
    assert f'aria-describedby="id_line_{first.pk}_actual_errors"' in body
    assert 'value="-100"' in body  # nothing typed is lost
    assert fresh(report).results_summary == ""  # nothing of the invalid form is saved


def test_a_text_of_100000_characters_comes_back_next_to_its_field_and_is_kept(client, case):
    agreement, author = case
    report = started(agreement, author)
    client.force_login(author)
    response = client.post(edit_url(report), form_data(report, additional_info="x" * 100_001))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_additional_info_errors"' in body
    assert "x" * 100_001 in body
    assert fresh(report).additional_info == ""


def test_fields_of_lines_that_are_not_the_reports_change_nothing(client, case, other_tenant):
    agreement, author = case
    report = started(agreement, author)
    foreign_official = with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user)
    other_agreement, other_author = signed_and_paid(other_tenant, foreign_official)
    other = started(other_agreement, other_author)
    with scopes_disabled():
        foreign = lines_of(other)[0]
    client.force_login(author)
    data = form_data(report)
    data[f"line_{foreign.pk}_actual"] = "5"
    assert client.post(edit_url(report), data).status_code == 302
    with scopes_disabled():
        assert lines_of(other)[0].actual == 0
        assert {line.number for line in lines_of(report)} == set(ON_PLAN)


def test_late_reports_are_flagged_for_the_office_and_the_organisation(client, case, official):
    agreement, author = case
    with scopes_disabled():
        Agreement.objects.filter(pk=agreement.pk).update(final_report_due=timezone.localdate() - dt.timedelta(days=1))
    login_with_mfa(client, official)
    overview = client.get(reverse("reports_office:overview", kwargs={"tenant_slug": agreement.tenant.slug}))
    assert "badge--warn" in overview.content.decode()
    client.force_login(author)
    listing = client.get(reverse("reports_member:list", kwargs={"agreement_pk": agreement.pk}))
    assert ">Late<" in listing.content.decode()


def test_sums_that_do_not_match_keep_the_report_as_a_draft_with_the_message(client, case):
    agreement, author = case
    report = started(agreement, author)
    client.force_login(author)
    response = client.post(
        edit_url(report), {**form_data(report, sources={"source_own_financial": "10"}), "submit": "1"}, follow=True
    )
    assert fresh(report).state == ReportState.DRAFT
    assert fresh(report).actual_own_financial == 10
    assert "must be equal" in response.content.decode()


def test_someone_elses_agreement_and_report_are_404(client, case, tenant, official):
    agreement, author = case
    report = started(agreement, author)
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(reverse("reports_member:list", kwargs={"agreement_pk": agreement.pk})).status_code == 404
    assert client.get(edit_url(report)).status_code == 404
    assert client.post(edit_url(report), form_data(report)).status_code == 404
    response = client.post(reverse("reports_member:start", kwargs={"agreement_pk": agreement.pk}), {"kind": "final"})
    assert response.status_code == 404


def test_the_office_reviews_with_reasons_and_settles(client, case, official):
    agreement, author = case
    report = started(agreement, author)
    client.force_login(author)
    client.post(edit_url(report), {**form_data(report), "submit": "1"})
    login_with_mfa(client, official)
    slug = agreement.tenant.slug
    detail = reverse("reports_office:detail", kwargs={"tenant_slug": slug, "pk": report.pk})
    page = client.get(detail)
    assert page.status_code == 200
    assert "I.1.1" in page.content.decode()
    # A reason is required to return the report.
    response = client.post(
        reverse("reports_office:return", kwargs={"tenant_slug": slug, "pk": report.pk}), {"return-reason": ""}
    )
    assert response.status_code == 400
    assert fresh(report).state == ReportState.SUBMITTED
    client.post(
        reverse("reports_office:return", kwargs={"tenant_slug": slug, "pk": report.pk}), {"return-reason": "Popraw."}
    )
    assert fresh(report).state == ReportState.CORRECTIONS
    client.force_login(author)
    client.post(edit_url(report), {**form_data(report), "submit": "1"})
    assert fresh(report).state == ReportState.SUBMITTED
    login_with_mfa(client, official)
    client.post(reverse("reports_office:accept", kwargs={"tenant_slug": slug, "pk": report.pk}))
    assert fresh(report).state == ReportState.ACCEPTED
    settle = reverse("reports_office:settle", kwargs={"tenant_slug": slug, "agreement_pk": agreement.pk})
    assert client.get(settle).status_code == 200
    response = client.post(settle, {"returned_amount": "abc", "returned_on": "", "note": ""})
    assert response.status_code == 400
    response = client.post(settle, {"returned_amount": "0", "returned_on": "", "note": ""})
    assert response.status_code == 302
    with scopes_disabled():
        agreement.refresh_from_db()
    assert agreement.state == AgreementState.SETTLED
    assert "Settled" in client.get(settle).content.decode()


def test_office_pages_are_closed_to_the_organisation_and_to_other_tenants(client, case, other_tenant):
    agreement, author = case
    report = started(agreement, author)
    client.force_login(author)
    client.post(edit_url(report), {**form_data(report), "submit": "1"})
    slug = agreement.tenant.slug
    urls = [
        reverse("reports_office:overview", kwargs={"tenant_slug": slug}),
        reverse("reports_office:detail", kwargs={"tenant_slug": slug, "pk": report.pk}),
        reverse("reports_office:settle", kwargs={"tenant_slug": slug, "agreement_pk": agreement.pk}),
    ]
    for url in urls:
        assert client.get(url).status_code == 403
    assert (
        client.post(reverse("reports_office:accept", kwargs={"tenant_slug": slug, "pk": report.pk})).status_code == 403
    )
    assert fresh(report).state == ReportState.SUBMITTED
    foreign = with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user)
    login_with_mfa(client, foreign)
    other = other_tenant.slug
    assert (
        client.get(reverse("reports_office:detail", kwargs={"tenant_slug": other, "pk": report.pk})).status_code == 404
    )
    response = client.post(reverse("reports_office:accept", kwargs={"tenant_slug": other, "pk": report.pk}))
    assert response.status_code == 404
    assert (
        client.get(
            reverse("reports_office:settle", kwargs={"tenant_slug": other, "agreement_pk": agreement.pk})
        ).status_code
        == 404
    )
    assert fresh(report).state == ReportState.SUBMITTED


def test_a_draft_is_not_shown_to_the_office(client, case, official):
    agreement, author = case
    report = started(agreement, author)
    login_with_mfa(client, official)
    url = reverse("reports_office:detail", kwargs={"tenant_slug": agreement.tenant.slug, "pk": report.pk})
    assert client.get(url).status_code == 404
