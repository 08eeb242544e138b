"""Agreements: preparation rules and deadlines, editing, the PDF and DOCX, the office's and the
organisation's pages, permissions and tenant isolation."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled
from docx import Document
from pypdf import PdfReader

from pozytek.agreements.models import Agreement, AgreementYear, Tranche
from pozytek.agreements.services.agreements import ProposedTerms, compute_deadlines, update_agreement
from pozytek.agreements.states import AgreementState
from pozytek.core.models import AuditEvent
from pozytek.legal.models import LegalParameter
from tests.agreements.agreement_helpers import (
    ACCOUNT,
    awarded_grant,
    member_of,
    prepared,
    signed,
    terms,
)
from tests.conftest import login_with_mfa, with_totp
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.offers import ngo_member
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def grant(tenant, official):
    return awarded_grant(tenant, official)


@pytest.fixture
def office(client, official):
    login_with_mfa(client, official)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def url(name: str, agreement_or_grant, **kwargs) -> str:
    if name == "prepare":
        return reverse(
            "agreements_office:prepare",
            kwargs={"tenant_slug": agreement_or_grant.tenant.slug, "grant_pk": agreement_or_grant.pk},
        )
    return reverse(
        f"agreements_office:{name}",
        kwargs={"tenant_slug": agreement_or_grant.tenant.slug, "pk": agreement_or_grant.pk, **kwargs},
    )


# Preparation: the service -----------------------------------------------------------------------


def test_prepare_copies_parties_and_computes_deadlines(grant, official):
    agreement = prepared(grant, official)
    with scopes_disabled():
        agreement = Agreement.objects.get(pk=agreement.pk)
        offer = grant.offer
        end = offer.end_date
        assert agreement.state == AgreementState.DRAFT
        assert agreement.grant_amount == Decimal("9000.00")
        assert agreement.version.number == 1
        assert agreement.parties[0]["name"] == offer.offerors.get(order=0).name
        assert agreement.parties[0]["representatives"] == [{"name": "Anna Nowak", "function": "Prezes Zarządu"}]
        assert agreement.parties[0]["manner"] == "Dwóch członków zarządu działających łącznie."
        assert agreement.bank_account == ACCOUNT
        assert agreement.cost_shift_percent == Decimal("10.00")  # agreement.default_cost_shift_percent
        use = min(end + dt.timedelta(days=14), dt.date(end.year, 12, 31))
        assert agreement.grant_use_deadline == use
        assert agreement.return_deadline == use + dt.timedelta(days=15)
        assert agreement.final_report_due == end + dt.timedelta(days=30)
        years = list(
            AgreementYear.objects.filter(agreement=agreement).values_list("year", "amount", "partial_report_due")
        )
        assert years == [(offer.start_date.year, Decimal("9000.00"), None)]
        tranches = list(Tranche.objects.filter(agreement=agreement).values_list("number", "due_date", "amount"))
        assert tranches == [(1, offer.start_date, Decimal("9000.00"))]
        event = AuditEvent.objects.get(action="agreement.prepare")
        assert event.data["bank_account"] == "********"
        assert event.data["years"] == {str(offer.start_date.year): "9000.00"}


def test_grant_use_deadline_never_after_31_december(tenant):
    deadlines = compute_deadlines(end_date=dt.date(2027, 12, 25), years=[2027], tenant=tenant, on=dt.date(2026, 12, 1))
    assert deadlines.grant_use == dt.date(2027, 12, 31)
    assert deadlines.unused_return == dt.date(2028, 1, 15)
    assert deadlines.final_report == dt.date(2028, 1, 24)
    assert deadlines.partial_reports == {}
    early = compute_deadlines(end_date=dt.date(2027, 6, 10), years=[2027], tenant=tenant, on=dt.date(2026, 12, 1))
    assert early.grant_use == dt.date(2027, 6, 24)
    assert early.unused_return == dt.date(2027, 7, 9)


def test_multi_year_agreement_has_yearly_amounts_and_partial_reports(tenant, official):
    grant = awarded_grant(tenant, official, multi_year=True)
    agreement = prepared(
        grant,
        official,
        years={2027: Decimal("4000.00"), 2028: Decimal("5000.00")},
        tranches=[(dt.date(2027, 3, 1), Decimal("4000.00")), (dt.date(2028, 1, 15), Decimal("5000.00"))],
    )
    with scopes_disabled():
        years = list(
            AgreementYear.objects.filter(agreement=agreement).values_list("year", "amount", "partial_report_due")
        )
    assert years == [(2027, Decimal("4000.00"), dt.date(2028, 1, 30)), (2028, Decimal("5000.00"), None)]
    assert agreement.final_report_due == dt.date(2028, 11, 30)
    assert agreement.grant_use_deadline == dt.date(2028, 11, 14)


def test_at_most_max_years_a_tenant_row_wins(tenant, official):
    grant = awarded_grant(tenant, official, multi_year=True)
    LegalParameter.objects.create(
        key="agreement.max_years", value=1, unit="years", effective_from=dt.date(2020, 1, 1), tenant=tenant, name="x"
    )
    with pytest.raises(ValidationError) as error:
        prepared(grant, official)
    assert "end_date" in error.value.message_dict


def _error_keys(grant, official, **overrides) -> dict:
    with translation.override("en"), pytest.raises(ValidationError) as error:
        prepared(grant, official, **overrides)
    with scopes_disabled():
        assert not Agreement.objects.exists()
    return error.value.message_dict


@pytest.mark.parametrize(
    ("overrides", "key", "message"),
    [
        ({"number": "  "}, "number", "Enter the number of the agreement."),
        ({"number": "x" * 61}, "number", "at most 60 characters"),
        ({"bank_account": "61 1090 1014 0000 0712 1981 2875"}, "bank_account", "check digits"),
        ({"bank_account": "konto"}, "bank_account", "26 digits"),
        ({"cost_shift_percent": Decimal("101")}, "cost_shift_percent", "cannot exceed 100"),
        ({"cost_shift_percent": Decimal("-1")}, "cost_shift_percent", "negative"),
        ({"cost_shift_percent": Decimal("10.123")}, "cost_shift_percent", "two decimal places"),
        ({"start_date": None}, "start_date", "Enter the date the task starts."),
        ({"end_date": None}, "end_date", "Enter the date the task ends."),
        ({"tranches": []}, "tranches", "at least one tranche"),
        ({"representatives": [[{"name": "", "function": "Prezes"}]]}, "representatives", "name of every person"),
        ({"representatives": []}, "__all__", "does not match the parties"),
    ],
)
def test_bad_terms_are_refused_with_a_field_message(grant, official, overrides, key, message):
    errors = _error_keys(grant, official, **overrides)
    assert key in errors
    assert any(message in m for m in errors[key])


def test_amounts_must_add_up_to_the_grant(grant, official):
    with scopes_disabled():
        start, end = grant.offer.start_date, grant.offer.end_date
    year = start.year
    cases = [
        ({"years": {year: Decimal("8000.00")}}, "years", "must equal the grant of 9000.00 PLN"),
        ({"years": {year: Decimal("-1.00")}}, "years", "cannot be negative"),
        ({"years": {year: Decimal("9000.001")}}, "years", "two decimal places"),
        ({"years": {year: "dużo"}}, "years", "as a number"),
        (
            {"years": {year: Decimal("4500"), year + 1: Decimal("4500")}},
            "years",
            f"budget year of the agreement: {year}",
        ),
        ({"tranches": [(start, Decimal("0"))]}, "tranches", "greater than zero"),
        ({"tranches": [(start, Decimal("-9000"))]}, "tranches", "cannot be negative"),
        ({"tranches": [(start, Decimal("9000.0000000000000000000000000000000000001"))]}, "tranches", "two decimal"),
        ({"tranches": [(start, Decimal("5000"))]}, "tranches", "total 5000.00 PLN"),
        ({"tranches": [(end + dt.timedelta(days=1), Decimal("9000"))]}, "tranches", "within the task's dates"),
        ({"tranches": [(None, Decimal("9000"))]}, "tranches", "enter the date"),
        ({"tranches": [(start, Decimal("NaN"))]}, "tranches", "as a number"),
    ]
    for overrides, key, message in cases:
        errors = _error_keys(grant, official, **overrides)
        assert any(message in m for m in errors.get(key, [])), (overrides, errors)


def test_dates_stay_inside_the_offer_and_the_call(grant, official):
    with scopes_disabled():
        start, end = grant.offer.start_date, grant.offer.end_date
    errors = _error_keys(grant, official, start_date=start - dt.timedelta(days=1))
    assert any("cannot start before" in m for m in errors["start_date"])
    errors = _error_keys(grant, official, end_date=end + dt.timedelta(days=1))
    assert any("cannot end after" in m for m in errors["end_date"])
    errors = _error_keys(grant, official, end_date=start - dt.timedelta(days=1))
    assert any("cannot end before it starts" in m for m in errors["end_date"])


def test_number_is_unique_per_tenant(tenant, other_tenant, official, grant):
    prepared(grant, official)
    second = awarded_grant(tenant, official, number="ZAR/2/2027")
    errors = _error_keys_allowing_existing(second, official)
    assert any("already has this number" in m for m in errors["number"])
    other_official = with_totp(MembershipFactory(tenant=other_tenant, role="official").user)
    elsewhere = awarded_grant(other_tenant, other_official)
    assert prepared(elsewhere, other_official).number == "U/1/2027"


def _error_keys_allowing_existing(grant, official, **overrides) -> dict:
    with translation.override("en"), pytest.raises(ValidationError) as error:
        prepared(grant, official, **overrides)
    return error.value.message_dict


def test_offer_awaiting_update_gets_no_agreement(tenant, official):
    grant = awarded_grant(tenant, official, amount="7000.00")
    errors = _error_keys(grant, official)
    assert any("must be updated" in m for m in errors["__all__"])


def test_only_one_agreement_per_grant_and_only_by_the_office(grant, official, resident):
    prepared(grant, official)
    errors = _error_keys_allowing_existing(grant, official, number="U/2/2027")
    assert any("already been prepared" in m for m in errors["__all__"])
    with pytest.raises(PermissionDenied):
        prepared(grant, resident, number="U/3/2027")


def test_update_while_draft_then_refused_once_signed(grant, official):
    agreement = prepared(grant, official)
    with scope(tenant=grant.tenant):
        data = terms(grant, number="U/9/2027", cost_shift_percent=Decimal("15"), place="Ratusz")
        updated = update_agreement(agreement=agreement, actor=official, proposed=ProposedTerms(**data))
    assert (updated.number, updated.cost_shift_percent, updated.place) == ("U/9/2027", Decimal("15.00"), "Ratusz")
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="agreement.update").count() == 1
        assert Tranche.objects.filter(agreement=agreement).count() == 1
    with scopes_disabled():
        agreement = Agreement.objects.get(pk=agreement.pk)
    with scope(tenant=grant.tenant):
        from pozytek.agreements.services.agreements import sign_agreement
        from tests.agreements.agreement_helpers import upload

        sign_agreement(agreement=agreement, actor=official, concluded_on=timezone.localdate(), upload=upload())
        with translation.override("en"), pytest.raises(ValidationError) as error:
            update_agreement(
                agreement=agreement, actor=official, proposed=ProposedTerms(**terms(grant, number="U/10/2027"))
            )
    assert "annex" in error.value.messages[0]


# Documents ----------------------------------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_pdf_has_parties_amounts_deadlines_and_no_lawyer_note(office, grant, official):
    agreement = prepared(grant, official)
    response = office.get(url("pdf", agreement))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(_pdf_text(response.content).split())
    for expected in (
        "U/1/2027",
        "Klub Sportowy Orzeł",
        "Anna Nowak",
        "Jan Burmistrz",
        "9,000.00",
        ACCOUNT,
        "Dz.U. 2018 poz. 2057",
        "art. 251",
        "10.00%",
    ):
        assert expected in text, expected
    assert "checked by the office's lawyer" not in text  # the note stays on the office's page


def test_docx_opens_and_has_parties_and_amounts(office, grant, official):
    agreement = prepared(grant, official)
    response = office.get(url("docx", agreement))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Klub Sportowy Orzeł" in text
    assert "Anna Nowak – Prezes Zarządu" in text
    assert "9,000.00" in text and "9,000.00" in cells
    assert ACCOUNT in text
    assert "Dz.U. 2018 poz. 2057" in text


def test_documents_with_a_missing_field_give_a_message_not_an_error(office, grant, official):
    agreement = prepared(grant, official, bank_account="", place="", representatives=[[]])
    for name in ("docx", "pdf"):
        with translation.override("en"):
            response = office.get(url(name, agreement), follow=True)
        assert response.status_code == 200
        page = response.content.decode()
        assert "The document cannot be generated yet" in page
        assert "Enter the bank account the grant is paid to." in page
        assert "Enter who represents Klub Sportowy Orzeł." in page


# Office pages ---------------------------------------------------------------------------------------


def _post(form_terms: dict, parties: int = 1) -> dict:
    data = {
        "number": form_terms["number"],
        "place": form_terms["place"],
        "office_representatives": form_terms["office_representatives"],
        "bank_account": form_terms["bank_account"],
        "start_date": form_terms["start_date"].isoformat(),
        "end_date": form_terms["end_date"].isoformat(),
        "cost_shift_percent": "",
        "representatives_0": "Anna Nowak – Prezes Zarządu\nJan Lis – Skarbnik",
    }
    years = list(form_terms["years"].items())
    data.update({"years-TOTAL_FORMS": "5", "years-INITIAL_FORMS": "0"})
    for i in range(5):
        year, amount = years[i] if i < len(years) else ("", "")
        data[f"years-{i}-year"], data[f"years-{i}-amount"] = str(year), str(amount)
    data.update({"tranches-TOTAL_FORMS": "3", "tranches-INITIAL_FORMS": "0"})
    for i in range(3):
        due, amount = form_terms["tranches"][i] if i < len(form_terms["tranches"]) else (None, "")
        data[f"tranches-{i}-due_date"], data[f"tranches-{i}-amount"] = (due.isoformat() if due else ""), str(amount)
    return data


def test_prepare_page_is_prefilled_and_posting_creates_the_agreement(office, grant):
    with translation.override("en"):
        page = office.get(url("prepare", grant))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Anna Nowak – Prezes Zarządu" in content
    assert ACCOUNT.replace(" ", "") in content
    response = office.post(url("prepare", grant), _post(terms(grant)))
    with scopes_disabled():
        agreement = Agreement.objects.get()
        assert agreement.parties[0]["representatives"][1] == {"name": "Jan Lis", "function": "Skarbnik"}
    assert response.status_code == 302
    assert response["Location"] == url("detail", agreement)
    again = office.post(url("prepare", grant), _post(terms(grant, number="U/2/2027")))
    assert again.status_code == 302 and again["Location"] == url("detail", agreement)
    with scopes_disabled():
        assert Agreement.objects.count() == 1
    detail = office.get(url("detail", agreement))
    assert detail.status_code == 200
    list_page = office.get(reverse("agreements_office:list", kwargs={"tenant_slug": grant.tenant.slug}))
    assert "U/1/2027" in list_page.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tranches-0-amount": "-5"}, "cannot be negative"),
        ({"tranches-0-amount": "9000.123456789012345678901234567890123456789"}, "two decimal places"),
        ({"tranches-0-amount": "sto"}, "Enter a number."),
        ({"years-0-amount": "100"}, "must equal the grant"),
        ({"tranches-TOTAL_FORMS": "500"}, "at most 12"),
        ({"years-TOTAL_FORMS": "x"}, "ManagementForm data is missing or has been tampered with"),
        ({"bank_account": "12 3456"}, "26 digits"),
        ({"start_date": "2027-02-30"}, "Enter a valid date."),
    ],
)
def test_prepare_bad_input_gives_messages_and_saves_nothing(office, grant, changes, message):
    data = {**_post(terms(grant)), **changes}
    with translation.override("en"):
        response = office.post(url("prepare", grant), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    with scopes_disabled():
        assert not Agreement.objects.exists()


def test_edit_page_saves_a_draft(office, grant, official):
    agreement = prepared(grant, official)
    assert office.get(url("edit", agreement)).status_code == 200
    data = {**_post(terms(grant)), "number": "U/7/2027", "cost_shift_percent": "20"}
    response = office.post(url("edit", agreement), data)
    assert response.status_code == 302
    with scopes_disabled():
        agreement.refresh_from_db()
    assert (agreement.number, agreement.cost_shift_percent) == ("U/7/2027", Decimal("20.00"))


# Permissions ---------------------------------------------------------------------------------------


def test_office_pages_permissions(client, grant, official, resident, tenant, other_tenant):
    agreement = prepared(grant, official)
    pages = [url(n, agreement) for n in ("detail", "edit", "pdf", "docx", "sign", "terminate")]
    pages += [url("prepare", grant), reverse("agreements_office:list", kwargs={"tenant_slug": tenant.slug})]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302 and "/login" in response["Location"], page
    member = member_of(grant)
    for user in (resident, member):
        client.force_login(user)
        for page in pages:
            assert client.get(page).status_code == 403, page
        assert client.post(url("edit", agreement), _post(terms(grant, number="HACK"))).status_code == 403
    # An official of another local government: forbidden here, and this tenant's ids are 404 in theirs.
    stranger = with_totp(MembershipFactory(tenant=other_tenant, role="official").user)
    login_with_mfa(client, stranger)
    assert client.get(url("detail", agreement)).status_code == 403
    for name in ("detail", "pdf", "docx", "sign", "signed_file", "edit"):
        page = reverse(f"agreements_office:{name}", kwargs={"tenant_slug": other_tenant.slug, "pk": agreement.pk})
        assert client.get(page).status_code == 404, name
    page = reverse("agreements_office:prepare", kwargs={"tenant_slug": other_tenant.slug, "grant_pk": grant.pk})
    assert client.get(page).status_code == 404
    with scopes_disabled():
        assert Agreement.objects.get().number == "U/1/2027"


def test_member_pages_read_only_and_only_for_the_organisations_members(client, grant, official, resident):
    agreement = signed(grant, official)
    detail = reverse("agreements_member:detail", kwargs={"pk": agreement.pk})
    pdf = reverse("agreements_member:pdf", kwargs={"pk": agreement.pk})
    file = reverse("agreements_member:signed_file", kwargs={"pk": agreement.pk})
    listing = reverse("agreements_member:list")
    for page in (listing, detail, pdf, file):
        assert client.get(page).status_code == 302
    member = member_of(grant)
    client.force_login(member)
    assert "U/1/2027" in client.get(listing).content.decode()
    assert client.get(detail).status_code == 200
    assert client.get(pdf)["Content-Type"] == "application/pdf"
    assert client.get(file).status_code == 200
    other_member, _org = ngo_member(OrganisationFactory(name="Inna Fundacja"))
    for user in (other_member, resident, UserFactory()):
        client.force_login(user)
        assert "U/1/2027" not in client.get(listing).content.decode()
        for page in (detail, pdf, file):
            assert client.get(page).status_code == 404, page
