"""Annexes (aneksy): the organisation's request and its rules (grant never rises, amounts, dates, one pending
request, a change within the allowed shift needs none), the office's decision, the terms in force after an
approved annex, its versioned documents (PDF, DOCX), the pages and who may see and do what."""

import datetime as dt
import hashlib
import io
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled
from docx import Document
from pypdf import PdfReader

from pozytek.accounts.models import Role
from pozytek.agreements.forms.annexes import AnnexRequestForm
from pozytek.agreements.models import Annex
from pozytek.agreements.selectors_annexes import apply_changes, compare, within_allowed_shift
from pozytek.agreements.selectors_terms import PlannedLine, PlannedResult, Terms
from pozytek.agreements.services.agreements import compute_deadlines
from pozytek.agreements.services.annexes import (
    AnnexNotNeeded,
    approve_annex,
    clean_request,
    refuse_annex,
    withdraw_annex,
)
from pozytek.agreements.states import AnnexState
from pozytek.core.models import AuditEvent
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.offers.snapshot import canonical_json
from tests.agreements.agreement_helpers import awarded_grant, member_of, prepared, signed
from tests.agreements.annex_helpers import (
    JUSTIFICATION,
    approved,
    form_data,
    fresh,
    lines,
    member_url,
    office_url,
    request,
    signed_case,
    terms,
    two_weeks_earlier,
)
from tests.conftest import login_with_mfa, with_totp
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.offers import ngo_member
from tests.factories.organisations import OrganisationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def case(tenant, official):
    return signed_case(tenant, official)


@pytest.fixture
def office(client, official):
    login_with_mfa(client, official)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _annexes() -> list[Annex]:
    with scopes_disabled():
        return list(Annex.objects.order_by("pk"))


def _errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# The request: rules ------------------------------------------------------------------------------


def test_a_request_keeps_only_the_changes_and_tells_the_office(case, official, django_capture_on_commit_callbacks):
    agreement, member = case
    end = two_weeks_earlier(agreement)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        annex = request(agreement, member, end_date=end, other_changes="Zmiana miejsca zajęć.")
    assert annex.state == AnnexState.REQUESTED and annex.number is None
    assert annex.new_start_date is None and annex.new_end_date == end
    assert annex.line_changes == [{"number": "I.1.1", "value": "7500.00"}, {"number": "I.1.2", "value": "2500.00"}]
    assert annex.organisation_id == agreement.offer.organisation_id
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="annex.request", subject_id=str(annex.pk)).exists()
    assert len(mail.outbox) == 1 and official.email in mail.outbox[0].to
    assert agreement.number in mail.outbox[0].subject


def test_a_change_within_the_allowed_shift_needs_no_annex(case):
    agreement, member = case
    with pytest.raises(AnnexNotNeeded) as info:  # +5% on I.1.2, total unchanged, 10% allowed
        request(agreement, member, lines=lines(I_1_1="7900.00", I_1_2="2100.00"))
    assert "10.00%" in str(info.value)
    assert _annexes() == []


def test_the_grant_can_never_rise(case):
    agreement, member = case
    with pytest.raises(ValidationError) as excinfo:
        request(agreement, member, lines=lines(I_1_2="3000.00"))
    message = " ".join(_errors(excinfo)["line:I.1.2"])
    assert "11500.00" in message and "grant cannot rise" in message
    with pytest.raises(ValidationError) as excinfo:  # costs below the grant of 9000
        request(agreement, member, lines=lines(I_1_1="6000.00"))
    assert "less than the grant of 9000.00" in " ".join(_errors(excinfo)["line:I.1.1"])
    assert _annexes() == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "cannot be negative"),
        ("abc", "as a number"),
        ("12.345", "at most two decimal places"),
        ("", "Enter the amount"),
        ("NaN", "as a number"),
    ],
)
def test_bad_amounts_are_refused_next_to_their_line(case, value, message):
    agreement, member = case
    with pytest.raises(ValidationError) as excinfo:
        request(agreement, member, lines=lines(I_1_2=value))
    assert message in " ".join(_errors(excinfo)["line:I.1.2"])


def test_dates_must_be_ordered_and_within_the_call(case):
    agreement, member = case
    current = terms(agreement)
    with pytest.raises(ValidationError) as excinfo:
        request(agreement, member, lines=lines(), end_date=current.start_date - dt.timedelta(days=1))
    assert "cannot end before it starts" in " ".join(_errors(excinfo)["end_date"])
    with pytest.raises(ValidationError) as excinfo:  # the offer ends on the call's last day
        request(agreement, member, lines=lines(), end_date=current.end_date + dt.timedelta(days=1))
    assert "call's delivery period" in " ".join(_errors(excinfo)["end_date"])
    with pytest.raises(ValidationError) as excinfo:  # the only tranche is due when the task starts
        request(agreement, member, lines=lines(), start_date=current.start_date + dt.timedelta(days=1))
    assert "Tranche 1 is to be paid by" in " ".join(_errors(excinfo)["start_date"])


def test_a_request_must_change_something_and_be_justified(case):
    agreement, member = case
    with pytest.raises(ValidationError) as excinfo:
        request(agreement, member, lines=lines(), justification="  ")
    errors = _errors(excinfo)
    assert "justification" in errors
    with pytest.raises(ValidationError) as excinfo:
        request(agreement, member, lines=lines())
    assert "at least one change" in " ".join(_errors(excinfo)["__all__"])


def test_only_a_signed_agreement_gets_an_annex(tenant, official):
    grant = awarded_grant(tenant, official)
    agreement = fresh(prepared(grant, official))
    with pytest.raises(ValidationError) as excinfo:
        request(agreement, member_of(grant))
    assert "signed agreement" in " ".join(_errors(excinfo)["__all__"])


def test_one_request_at_a_time(case):
    agreement, member = case
    request(agreement, member)
    with pytest.raises(ValidationError) as excinfo:
        request(agreement, member, end_date=two_weeks_earlier(agreement))
    assert "already awaits" in " ".join(_errors(excinfo)["__all__"])
    assert len(_annexes()) == 1


def test_only_a_party_member_may_request(case, official, resident):
    agreement, _member = case
    other, _org = ngo_member(OrganisationFactory(name="Inna Fundacja"))
    for user in (other, resident, official):
        with pytest.raises(PermissionDenied):
            request(agreement, user)
    assert _annexes() == []


def test_results_and_the_shift_rule_on_plain_terms():
    base = Terms(
        start_date=dt.date(2027, 3, 1),
        end_date=dt.date(2027, 6, 30),
        grant=Decimal("900.00"),
        lines=(
            PlannedLine("I.1.1", "Trener", "action", "Zajęcia", "godz.", Decimal("800.00"), (Decimal("800.00"),)),
            PlannedLine("II.1", "Koordynacja", "admin", "", "usł.", Decimal("200.00"), (Decimal("200.00"),)),
        ),
        sources={"grant": Decimal("900.00"), "own_financial": Decimal("60.00"), "own_personal": Decimal("40.00")},
        results=(PlannedResult("Uczestnicy", "60", "listy"),),
    )
    after = apply_changes(
        base,
        start_date=None,
        end_date=None,
        lines={"I.1.1": Decimal("750.00"), "II.1": Decimal("200.00")},
        results=[{"index": 0, "name": "Uczestnicy", "target": "80"}],
    )
    comparison = compare(base, after)
    assert [(c.number, c.before, c.after) for c in comparison.lines] == [
        ("I.1.1", Decimal("800.00"), Decimal("750.00"))
    ]
    assert after.results[0] == PlannedResult("Uczestnicy", "80", "listy")
    # 50 PLN less in costs: the own financial contribution falls by 50 (the grant stays), then the rest.
    assert (after.grant, after.sources["own_financial"], after.sources["own_personal"]) == (
        Decimal("900.00"),
        Decimal("10.00"),
        Decimal("40.00"),
    )
    # A pure shift of 20 PLN (+10% of II.1) is within 10%, 22 PLN is not.
    shift = apply_changes(
        base, start_date=None, end_date=None, lines={"I.1.1": Decimal("780.00"), "II.1": Decimal("220.00")}, results=[]
    )
    assert within_allowed_shift(compare(base, shift), Decimal("10.00"))
    beyond = apply_changes(
        base, start_date=None, end_date=None, lines={"I.1.1": Decimal("778.00"), "II.1": Decimal("222.00")}, results=[]
    )
    assert not within_allowed_shift(compare(base, beyond), Decimal("10.00"))


# The decision ------------------------------------------------------------------------------------


def test_approval_numbers_freezes_and_changes_the_terms_in_force(case, official, django_capture_on_commit_callbacks):
    agreement, member = case
    before = terms(agreement)
    end = two_weeks_earlier(agreement)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        annex = approved(agreement, member, official, end_date=end)
    assert (annex.state, annex.number, annex.decided_by_id) == (AnnexState.APPROVED, 1, official.pk)
    assert annex.checksum == hashlib.sha256(canonical_json(annex.snapshot)).hexdigest()
    after = terms(agreement)
    assert after.annex_number == 1
    assert after.end_date == end and after.start_date == before.start_date
    assert after.line("I.1.2").planned == Decimal("2500.00") and after.line("I.1.1").planned == Decimal("7500.00")
    assert after.grant == before.grant == Decimal("9000.00") and after.total == before.total
    agreement = fresh(agreement)
    expected = compute_deadlines(
        end_date=end, years=[end.year], tenant=agreement.tenant, on=timezone.localdate(agreement.created_at)
    )
    assert agreement.end_date == end
    assert agreement.grant_use_deadline == expected.grant_use
    assert agreement.return_deadline == expected.unused_return
    assert agreement.final_report_due == expected.final_report
    assert mail.outbox and member.email in mail.outbox[-1].to and "approved" in mail.outbox[-1].subject


def test_a_second_annex_builds_on_the_first_and_each_keeps_its_version(case, official):
    agreement, member = case
    first = approved(agreement, member, official)
    second = approved(
        agreement,
        member,
        official,
        lines={"I.1.1": "7000.00", "I.1.2": "2500.00", "II.1": "500.00"},
    )
    assert second.number == 2
    current = terms(agreement)
    assert current.annex_number == 2
    assert current.line("I.1.1").planned == Decimal("7000.00") and current.total == Decimal("10000.00")
    assert current.sources["own_financial"] == Decimal("500.00") and current.grant == Decimal("9000.00")
    with scopes_disabled():
        first = Annex.objects.get(pk=first.pk)
    assert first.snapshot["terms"]["lines"][0]["planned"] == "7500.00"  # annex 1 unchanged
    assert second.snapshot["before"]["lines"][0]["planned"] == "7500.00"


def test_refusal_needs_a_reason_and_tells_the_organisation(case, official, django_capture_on_commit_callbacks):
    agreement, member = case
    annex = request(agreement, member)
    with scope(tenant=agreement.tenant), pytest.raises(ValidationError):
        refuse_annex(annex=annex, actor=official, reason=" ")
    mail.outbox.clear()
    with scope(tenant=agreement.tenant), django_capture_on_commit_callbacks(execute=True):
        refused = refuse_annex(annex=annex, actor=official, reason="Brak uzasadnienia kosztów sali.")
    assert refused.state == AnnexState.REFUSED and refused.number is None
    assert member.email in mail.outbox[-1].to and "Brak uzasadnienia" in mail.outbox[-1].body
    assert terms(agreement).annex_number == 0
    with scope(tenant=agreement.tenant), pytest.raises(TransitionNotAllowed):
        approve_annex(annex=annex, actor=official)


def test_withdrawal_by_the_organisation_only_while_requested(case, official):
    agreement, member = case
    annex = request(agreement, member)
    other, _org = ngo_member(OrganisationFactory(name="Inna Fundacja"))
    with pytest.raises(PermissionDenied):
        withdraw_annex(annex=annex, actor=other)
    assert withdraw_annex(annex=annex, actor=member).state == AnnexState.WITHDRAWN
    with pytest.raises(TransitionNotAllowed):
        withdraw_annex(annex=annex, actor=member)
    request(agreement, member)  # a new request is possible again


def test_only_the_owning_office_decides(case, other_tenant):
    agreement, member = case
    annex = request(agreement, member)
    stranger = with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user)
    for user in (stranger, member):
        with pytest.raises(PermissionDenied):
            approve_annex(annex=annex, actor=user)
        with pytest.raises(PermissionDenied):
            refuse_annex(annex=annex, actor=user, reason="Nie.")
    with scopes_disabled():
        assert Annex.objects.get(pk=annex.pk).state == AnnexState.REQUESTED


def test_approval_is_refused_once_the_agreement_is_terminated(case, official):
    agreement, member = case
    annex = request(agreement, member)
    from pozytek.agreements.services.agreements import terminate_agreement

    with scope(tenant=agreement.tenant):
        terminate_agreement(agreement=agreement, actor=official, reason="Rezygnacja organizacji.")
        with pytest.raises((ValidationError, TransitionBlocked)):
            approve_annex(annex=annex, actor=official)


# Pages: the organisation ------------------------------------------------------------------------------


def test_member_requests_an_annex_through_the_form(client, case):
    agreement, member = case
    client.force_login(member)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(member_url("annex_request", agreement))
    assert page.status_code == 200
    body = page.content.decode()
    assert "I.1.2" in body and 'value="2000.00"' in body
    data = form_data(agreement, end_date=two_weeks_earlier(agreement).isoformat())
    response = client.post(member_url("annex_request", agreement), data)
    annex = _annexes()[0]
    assert response.status_code == 302 and response["Location"] == member_url("annex", agreement, annex_pk=annex.pk)
    again = client.post(member_url("annex_request", agreement), data)  # double submit
    assert again.status_code == 302 and len(_annexes()) == 1
    detail = client.get(member_url("annex", agreement, annex_pk=annex.pk)).content.decode()
    assert "annex-lines" in detail and "2,500.00" in detail and JUSTIFICATION in detail
    assert "Request of" in client.get(member_url("detail", agreement)).content.decode()


def test_member_form_keeps_input_and_ties_errors_to_fields(client, case):
    agreement, member = case
    client.force_login(member)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(member_url("annex_request", agreement), form_data(agreement, line_1="3000,00"))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_line_1_errors"' in body and "grant cannot rise" in body
    assert 'value="3000,00"' in body and JUSTIFICATION in body
    response = client.post(member_url("annex_request", agreement), form_data(agreement, line_0="-1"))
    assert response.status_code == 400 and "cannot be negative" in response.content.decode()
    start = terms(agreement).start_date
    response = client.post(
        member_url("annex_request", agreement),
        form_data(agreement, start_date=start.isoformat(), end_date=(start - dt.timedelta(days=2)).isoformat()),
    )
    assert response.status_code == 400 and 'id="id_end_date_errors"' in response.content.decode()
    response = client.post(member_url("annex_request", agreement), form_data(agreement, end_date="31.02.2027"))
    assert response.status_code == 400
    script = "<script>alert(1)</script>"
    response = client.post(member_url("annex_request", agreement), form_data(agreement, justification=script))
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert script not in detail and "&lt;script&gt;" in detail
    assert len(_annexes()) == 1


def test_member_form_shows_that_a_small_shift_needs_no_annex(client, case):
    agreement, member = case
    client.force_login(member)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(member_url("annex_request", agreement), form_data(agreement, line_0="7900", line_1="2100"))
    assert response.status_code == 200
    assert 'id="annex-not-needed"' in response.content.decode() and _annexes() == []


def test_member_withdraws_and_reads_the_approved_annex(client, case, official):
    agreement, member = case
    client.force_login(member)
    annex = request(agreement, member)
    assert client.get(member_url("annex_withdraw", agreement, annex_pk=annex.pk)).status_code == 405
    response = client.post(member_url("annex_withdraw", agreement, annex_pk=annex.pk))
    assert response.status_code == 302 and _annexes()[0].state == AnnexState.WITHDRAWN
    again = client.post(member_url("annex_withdraw", agreement, annex_pk=annex.pk))  # twice: a message, no 500
    assert again.status_code == 302
    assert client.get(member_url("annex_pdf", agreement, annex_pk=annex.pk)).status_code == 404
    done = approved(agreement, member, official, end_date=two_weeks_earlier(agreement))
    pdf = client.get(member_url("annex_pdf", agreement, annex_pk=done.pk))
    assert pdf["Content-Type"] == "application/pdf"


def test_member_pages_only_for_the_parties(client, case, resident):
    agreement, member = case
    annex = request(agreement, member)
    pages = [
        member_url("annexes", agreement),
        member_url("annex_request", agreement),
        member_url("annex", agreement, annex_pk=annex.pk),
        member_url("annex_pdf", agreement, annex_pk=annex.pk),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302 and "/login" in response["Location"], page
    other, _org = ngo_member(OrganisationFactory(name="Inna Fundacja"))
    for user in (other, resident, UserFactory()):
        client.force_login(user)
        for page in pages:
            assert client.get(page).status_code == 404, page
        assert client.post(member_url("annex_withdraw", agreement, annex_pk=annex.pk)).status_code == 404
        assert client.post(member_url("annex_request", agreement), form_data(agreement)).status_code == 404
    # An id that is not an annex of this agreement: 404.
    client.force_login(member)
    assert client.get(member_url("annex", agreement, annex_pk=annex.pk + 1000)).status_code == 404
    assert _annexes()[0].state == AnnexState.REQUESTED


def test_member_cannot_request_on_an_unsigned_agreement(client, tenant, official):
    grant = awarded_grant(tenant, official)
    agreement = fresh(prepared(grant, official))
    member = member_of(grant)
    client.force_login(member)
    response = client.get(member_url("annex_request", agreement))
    assert response.status_code == 302 and response["Location"] == member_url("detail", agreement)
    response = client.post(member_url("annex_request", agreement), {"justification": "x"})
    assert response.status_code == 302 and _annexes() == []


# Pages: the office --------------------------------------------------------------------------------------


def test_office_reviews_and_approves(office, case, official):
    agreement, member = case
    annex = request(agreement, member, end_date=two_weeks_earlier(agreement))
    listing = office.get(office_url("annexes", agreement)).content.decode()
    assert agreement.number in listing and office_url("annex", agreement, annex_pk=annex.pk) in listing
    agreements = office.get(reverse("agreements_office:list", kwargs={"tenant_slug": agreement.tenant.slug}))
    assert office_url("annexes", agreement) in agreements.content.decode()
    detail = office.get(office_url("annex", agreement, annex_pk=annex.pk)).content.decode()
    assert 'id="annex-dates"' in detail and 'id="annex-lines"' in detail and "approve-annex" in detail
    response = office.post(office_url("annex_approve", agreement, annex_pk=annex.pk))
    assert response.status_code == 302
    assert _annexes()[0].state == AnnexState.APPROVED
    again = office.post(office_url("annex_approve", agreement, annex_pk=annex.pk), follow=True)
    assert again.status_code == 200
    assert "“Approve the annex” is not possible now (annex: Approved)." in again.content.decode()
    refuse = office.post(office_url("annex_refuse", agreement, annex_pk=annex.pk), {"refuse-reason": "x"})
    assert refuse.status_code == 302 and _annexes()[0].state == AnnexState.APPROVED
    page = office.get(office_url("detail", agreement)).content.decode()
    assert "Annex 1" in page and office_url("annex_pdf", agreement, annex_pk=annex.pk) in page


def test_office_refuses_with_a_reason(office, case):
    agreement, member = case
    annex = request(agreement, member)
    response = office.post(office_url("annex_refuse", agreement, annex_pk=annex.pk), {"refuse-reason": ""})
    assert response.status_code == 400 and 'id="id_refuse-reason_errors"' in response.content.decode()
    response = office.post(office_url("annex_refuse", agreement, annex_pk=annex.pk), {"refuse-reason": "Bez zmian."})
    assert response.status_code == 302
    assert _annexes()[0].state == AnnexState.REFUSED and _annexes()[0].decision_reason == "Bez zmian."


def test_office_pages_permissions(client, case, resident, other_tenant):
    agreement, member = case
    annex = request(agreement, member)
    pages = [
        office_url("annexes", agreement),
        office_url("annex", agreement, annex_pk=annex.pk),
        office_url("annex_pdf", agreement, annex_pk=annex.pk),
        office_url("annex_docx", agreement, annex_pk=annex.pk),
    ]
    posts = [
        office_url("annex_approve", agreement, annex_pk=annex.pk),
        office_url("annex_refuse", agreement, annex_pk=annex.pk),
    ]
    for page in pages:
        assert client.get(page).status_code == 302, page
    for user in (resident, member):
        client.force_login(user)
        for page in pages:
            assert client.get(page).status_code == 403, page
        for page in posts:
            assert client.post(page, {"refuse-reason": "x"}).status_code == 403, page
    stranger = with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user)
    login_with_mfa(client, stranger)
    for page in pages + posts:
        assert client.get(page).status_code == 403, page
    for name in ("annex", "annex_pdf", "annex_docx"):
        assert client.get(office_url(name, agreement, tenant=other_tenant, annex_pk=annex.pk)).status_code == 404
    for name in ("annex_approve", "annex_refuse"):
        page = office_url(name, agreement, tenant=other_tenant, annex_pk=annex.pk)
        assert client.post(page, {"refuse-reason": "x"}).status_code == 404
    assert _annexes()[0].state == AnnexState.REQUESTED


# Documents ---------------------------------------------------------------------------------------------


def test_the_annex_pdf_and_docx_show_before_and_after(office, case, official):
    agreement, member = case
    end = two_weeks_earlier(agreement)
    annex = approved(agreement, member, official, end_date=end)
    pdf = office.get(office_url("annex_pdf", agreement, annex_pk=annex.pk))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert f"Annex no. 1 to agreement no. {agreement.number}" in text
    assert "I.1.2" in text and "2,500.00" in text and "7,500.00" in text
    assert "Klub Sportowy" in text and annex.checksum in text
    response = office.get(office_url("annex_docx", agreement, annex_pk=annex.pk))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert f"Annex no. 1 to agreement no. {agreement.number}" in paragraphs
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "I.1.2" in cells and "2,500.00" in cells
    # Not approved: no document.
    pending = request(agreement, member, lines={"I.1.1": "7000.00", "I.1.2": "3000.00", "II.1": "500.00"})
    assert office.get(office_url("annex_pdf", agreement, annex_pk=pending.pk)).status_code == 404
    assert office.get(office_url("annex_docx", agreement, annex_pk=pending.pk)).status_code == 404
    # Versioned: annex 1's document is unchanged once annex 2 is approved.
    with scope(tenant=agreement.tenant):
        approve_annex(annex=pending, actor=official)
    again = office.get(office_url("annex_pdf", agreement, annex_pk=annex.pk))
    again_text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(again.content)).pages).split())
    assert again_text == text


def test_changed_results_are_checked_and_errors_reach_their_fields(case):
    agreement, _member = case
    base = replace(terms(agreement), results=(PlannedResult("Uczestnicy", "60", "listy obecności"),))
    proposal = clean_request(
        agreement=agreement,
        base=base,
        justification=JUSTIFICATION,
        start_date=None,
        end_date=None,
        lines={},
        results=[{"index": 0, "name": "", "target": "x" * 501}],
        other_changes="",
    )
    assert set(proposal.errors) == {"result:0:name", "result:0:target"}
    form = AnnexRequestForm({"justification": "x"}, terms=base)
    assert form.is_valid()
    form.add_service_errors(ValidationError(proposal.errors))
    assert form.errors["result_0_name"] == ["Give the name of the result."]
    assert "result_0_target" in form.errors
    changed = clean_request(
        agreement=agreement,
        base=base,
        justification=JUSTIFICATION,
        start_date=None,
        end_date=None,
        lines={},
        results=[{"index": 0, "name": "Uczestnicy", "target": "80"}, {"index": 7, "name": "a", "target": "b"}],
        other_changes="",
    )
    assert changed.results == [{"index": 0, "name": "Uczestnicy", "target": "80"}]
    assert "Reload the page" in " ".join(changed.errors["__all__"])


def test_an_annex_of_another_agreement_is_not_found_here(client, case, official, tenant):
    agreement, member = case
    grant = awarded_grant(tenant, official, number="ZAR/2/2027")
    other = fresh(signed(grant, official, number="U/2/2027"))
    foreign = request(other, member_of(grant))
    client.force_login(member)
    assert client.get(member_url("annex", agreement, annex_pk=foreign.pk)).status_code == 404
    assert client.post(member_url("annex_withdraw", agreement, annex_pk=foreign.pk)).status_code == 404
    login_with_mfa(client, official)
    for name in ("annex", "annex_pdf", "annex_docx"):
        assert client.get(office_url(name, agreement, annex_pk=foreign.pk)).status_code == 404
    assert client.post(office_url("annex_approve", agreement, annex_pk=foreign.pk)).status_code == 404
    assert _annexes()[0].state == AnnexState.REQUESTED
