"""Office pages for offers: permission matrix, tenant isolation, the list, XLSX, versions, files."""

import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from pozytek.accounts.models import Role
from pozytek.competitions.models import Call
from pozytek.offers import services
from pozytek.offers.models import Attachment, Offer
from tests.conftest import login_with_mfa, with_totp
from tests.factories.accounts import MembershipFactory
from tests.factories.competitions import CallFactory, PublishedCallFactory
from tests.factories.offers import PDF_BYTES, complete_offer, save

pytestmark = pytest.mark.integration

DRAFT_TITLE = "Tajny szkic stowarzyszenia"


def submit(offer: Offer, actor):
    with scopes_disabled():
        return services.submit_offer(offer=offer, actor=actor)


@pytest.fixture
def office(client, official):
    login_with_mfa(client, official)
    return client


@pytest.fixture
def call(tenant):
    return PublishedCallFactory(tenant=tenant, number="12/2027")


@pytest.fixture
def submitted(call):
    """(offer, version, author): a submitted offer with the factory's amounts (grant 9 000, costs 10 500)."""
    offer, author = complete_offer(call)
    version = submit(offer, author)
    with scopes_disabled():
        return Offer.objects.get(pk=offer.pk), version, author


@pytest.fixture
def draft(call):
    offer, author = complete_offer(call)
    with scopes_disabled():
        offer = save(offer, "task", author, data={"title": DRAFT_TITLE})
    return offer, author


def urls(call, offer, version, attachment) -> dict[str, str]:
    base = "/testowo/urzad/oferty"
    return {
        "list": f"{base}/konkurs/{call.pk}/",
        "xlsx": f"{base}/konkurs/{call.pk}/oferty.xlsx",
        "detail": f"{base}/{offer.pk}/",
        "json": f"{base}/{offer.pk}/wersja/{version.number}.json",
        "attachment": f"{base}/{offer.pk}/zalaczniki/{attachment.pk}/",
    }


def first_attachment(offer: Offer) -> Attachment:
    with scopes_disabled():
        return Attachment.objects.filter(offer=offer).order_by("pk").first()


# --- permissions and tenants ---------------------------------------------------------------------


@pytest.mark.parametrize("page", ["list", "xlsx", "detail", "json", "attachment"])
@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("resident", 403), ("author", 403), ("other_official", 403), ("official", 200)],
)
def test_office_offer_pages_permission_matrix(
    client, tenant, other_tenant, resident, official, call, submitted, page, who, status
):
    offer, version, author = submitted
    users = {
        "resident": with_totp(resident),
        "author": with_totp(author),
        "other_official": with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user),
        "official": official,
    }
    if who in users:
        login_with_mfa(client, users[who])

    response = client.get(urls(call, offer, version, first_attachment(offer))[page])

    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith("/konto/login/")


def test_tenant_admin_sees_the_offers(client, tenant_admin, call, submitted):
    login_with_mfa(client, tenant_admin)

    assert client.get(f"/testowo/urzad/oferty/konkurs/{call.pk}/").status_code == 200


def test_another_tenants_call_offer_version_and_attachment_are_not_found(office, other_tenant, call, submitted):
    foreign_call = PublishedCallFactory(tenant=other_tenant)
    foreign_offer, foreign_author = complete_offer(foreign_call)
    foreign_version = submit(foreign_offer, foreign_author)
    own_offer, own_version, _author = submitted

    for url in urls(foreign_call, foreign_offer, foreign_version, first_attachment(foreign_offer)).values():
        assert office.get(url).status_code == 404, url
    assert office.get(f"/testowo/urzad/oferty/{foreign_offer.pk}/wersja/1.pdf").status_code == 404
    # another offer's attachment under our offer's address
    stolen = f"/testowo/urzad/oferty/{own_offer.pk}/zalaczniki/{first_attachment(foreign_offer).pk}/"
    assert office.get(stolen).status_code == 404
    # a version number that does not exist
    assert office.get(f"/testowo/urzad/oferty/{own_offer.pk}/wersja/{own_version.number + 1}.json").status_code == 404


def test_a_never_submitted_draft_is_not_found_by_the_office(office, draft):
    offer, _author = draft

    assert office.get(f"/testowo/urzad/oferty/{offer.pk}/").status_code == 404


# --- the list ------------------------------------------------------------------------------------


def test_list_shows_submitted_offers_and_only_counts_drafts(office, call, submitted, draft):
    offer, _version, _author = submitted

    response = office.get(f"/testowo/urzad/oferty/konkurs/{call.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert f'href="/testowo/urzad/oferty/{offer.pk}/"' in page
    assert f'href="/testowo/urzad/oferty/{draft[0].pk}/"' not in page
    assert DRAFT_TITLE not in page
    assert "Sportowe wakacje" in page
    summary = response.context["summary"]
    assert (summary["submitted"], summary["drafts"], summary["withdrawn"]) == (1, 1, 0)
    assert summary["requested"] == Decimal("9000.00")
    assert response.context["exceeds_funds"] is False
    [row] = response.context["rows"]
    assert row.offer.pk == offer.pk
    assert (row.grant, row.total, row.offer.version_count) == (Decimal("9000.00"), Decimal("10500.00"), 1)
    assert timezone.localtime(offer.submitted_at).strftime("%Y-%m-%d %H:%M:%S") in page


def test_list_warns_when_requests_exceed_the_funds(office, tenant, submitted, call):
    with scopes_disabled():
        Call.objects.filter(pk=call.pk).update(total_funds=Decimal("5000.00"))

    response = office.get(f"/testowo/urzad/oferty/konkurs/{call.pk}/")

    assert response.context["exceeds_funds"] is True
    assert response.context["excess"] == Decimal("4000.00")
    assert "message--warning" in response.content.decode()


def test_list_counts_versions_and_shows_withdrawn_offers(office, call, submitted):
    offer, _version, author = submitted
    with scopes_disabled():
        services.withdraw_offer(offer=offer, actor=author)
        services.reopen_offer(offer=offer, actor=author)
    submit(offer, author)
    withdrawn, withdrawn_author = complete_offer(call)
    submit(withdrawn, withdrawn_author)
    with scopes_disabled():
        services.withdraw_offer(offer=withdrawn, actor=withdrawn_author)

    response = office.get(f"/testowo/urzad/oferty/konkurs/{call.pk}/")

    rows = {row.offer.pk: row for row in response.context["rows"]}
    assert set(rows) == {offer.pk, withdrawn.pk}
    assert rows[offer.pk].offer.version_count == 2
    assert rows[offer.pk].version.number == 2
    assert rows[withdrawn.pk].offer.state == "withdrawn"


def test_an_offer_reopened_as_a_draft_is_not_listed(office, call, submitted):
    offer, _version, author = submitted
    with scopes_disabled():
        services.withdraw_offer(offer=offer, actor=author)
        services.reopen_offer(offer=offer, actor=author)

    response = office.get(f"/testowo/urzad/oferty/konkurs/{call.pk}/")

    assert response.context["rows"] == []
    assert response.context["summary"]["drafts"] == 1


def test_the_call_preview_links_to_the_offers_unless_it_is_a_draft(office, tenant, call):
    draft_call = CallFactory(tenant=tenant)

    published_page = office.get(f"/testowo/urzad/konkursy/{call.pk}/").content.decode()
    draft_page = office.get(f"/testowo/urzad/konkursy/{draft_call.pk}/").content.decode()

    assert f'href="/testowo/urzad/oferty/konkurs/{call.pk}/"' in published_page
    assert "/testowo/urzad/oferty/konkurs/" not in draft_page


# --- XLSX ----------------------------------------------------------------------------------------


def test_xlsx_lists_submitted_offers_with_numbers_as_numbers(office, call, submitted, draft):
    offer, version, _author = submitted

    response = office.get(f"/testowo/urzad/oferty/konkurs/{call.pk}/oferty.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "12-2027" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows())
    assert len(rows) == 2  # header + the submitted offer; the draft is not exported
    assert all(cell.font.bold for cell in rows[0])
    values = [cell.value for cell in rows[1]]
    assert values[0] == 1
    assert "Sportowe wakacje" in values
    assert DRAFT_TITLE not in values
    assert version.checksum in values
    numbers = [cell for cell in rows[1] if isinstance(cell.value, int | float) and not isinstance(cell.value, bool)]
    assert [c.value for c in numbers] == [1, 1, 10500, 9000, 1500]
    assert all(c.number_format == "#,##0.00" for c in numbers[2:])
    submitted_at = next(c.value for c in rows[1] if isinstance(c.value, dt.datetime))
    assert submitted_at == timezone.localtime(version.submitted_at).replace(tzinfo=None, microsecond=0)
    dates = [c.value.date() for c in rows[1] if isinstance(c.value, dt.datetime) and c.is_date][1:]
    assert dates == [offer.start_date, offer.end_date]


def test_xlsx_never_turns_offer_text_into_a_formula(office, call):
    offer, author = complete_offer(call)
    with scopes_disabled():
        offer = save(offer, "task", author, data={"title": '=HYPERLINK("http://evil.example","x")'})
    submit(offer, author)

    response = office.get(f"/testowo/urzad/oferty/konkurs/{call.pk}/oferty.xlsx")

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    title_cell = next(c for c in next(sheet.iter_rows(min_row=2)) if str(c.value).startswith("=HYPERLINK"))
    assert title_cell.data_type == "s"


# --- one offer, its versions and files -----------------------------------------------------------


def test_offer_page_shows_the_latest_version_its_versions_and_attachments(office, submitted):
    offer, version, _author = submitted
    attachment = first_attachment(offer)

    response = office.get(f"/testowo/urzad/oferty/{offer.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert version.checksum in page
    assert "Sportowe wakacje" in page
    assert f'href="/testowo/urzad/oferty/{offer.pk}/wersja/1.pdf"' in page
    assert f'href="/testowo/urzad/oferty/{offer.pk}/wersja/1.json"' in page
    assert f'href="/testowo/urzad/oferty/{offer.pk}/zalaczniki/{attachment.pk}/"' in page


def test_version_json_is_the_canonical_bytes_of_the_checksum(office, submitted):
    offer, version, _author = submitted

    response = office.get(f"/testowo/urzad/oferty/{offer.pk}/wersja/{version.number}.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert hashlib.sha256(response.content).hexdigest() == version.checksum


def test_version_pdf_is_a_pdf(office, submitted):
    offer, version, _author = submitted

    response = office.get(f"/testowo/urzad/oferty/{offer.pk}/wersja/{version.number}.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_attachment_download_returns_the_exact_bytes_with_safe_headers(office, submitted):
    offer, _version, _author = submitted
    attachment = first_attachment(offer)

    response = office.get(f"/testowo/urzad/oferty/{offer.pk}/zalaczniki/{attachment.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert attachment.original_name in response["Content-Disposition"]
