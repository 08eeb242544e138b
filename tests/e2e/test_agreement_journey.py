"""Journeys of the agreements in Chromium: an offer awarded less than requested is updated by its
organisation and accepted by the office; the office prepares an agreement, downloads it (PDF, DOCX),
records it signed and the payment of its first tranche; the public grants register and the
organisation's profile show the grant. Every page visited passes axe-core.

The browser asks for English (the language cookie), so locators use the English source strings. What
each journey starts from is written through the services (tests/agreements/*_helpers.py).
"""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from pozytek.agreements.docx import DOCX_CONTENT_TYPE
from pozytek.agreements.models import Agreement, Tranche
from pozytek.agreements.states import AgreementState
from pozytek.grants.models import Grant
from pozytek.grants.states import GrantStatus
from pozytek.offers.models import Offer
from pozytek.offers.states import OfferState
from tests.agreements.agreement_helpers import ACCOUNT, awarded_grant, signed
from tests.agreements.update_helpers import AWARDED, awarded_less
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_evaluation_journey import english, log_in, one_h1
from tests.e2e.test_offer_journey import save
from tests.factories.offers import PDF_BYTES
from tests.factories.tenants import TenantFactory
from tests.matrix_support import official_of

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def tenant(transactional_db):
    return TenantFactory(name="Miasto Testowo", slug="testowo", email="urzad@testowo.example")


def test_ngo_updates_the_offer_and_the_office_accepts_it(page, live_server, tenant):
    official = official_of(tenant)
    case = awarded_less(tenant, official)  # requested 9 000, awarded 7 000: UPDATE_REQUIRED
    offer_url = f"/testowo/oferty/{case.offer.pk}/"

    log_in(page, live_server, case.author, offer_url, totp=False)
    one_h1(page)
    expect(page.locator("#update-request")).to_be_visible()
    assert_accessible(page)

    # V.A: fewer trainer's hours (80 zł × 75), the costs fall from 10 500 to 8 500 zł.
    page.locator("#update-sections").get_by_role("link", name="V.A Cost calculation").click()
    page.wait_for_url(re.compile(r"/koszty/$"))
    one_h1(page)
    assert_accessible(page)
    trainer = page.locator("#offer-section input[name$='-name'][value='Wynagrodzenie trenera']")
    prefix = trainer.get_attribute("name").removesuffix("-name")
    page.locator(f"#id_{prefix}-quantity").fill("75")
    save(page)
    assert_accessible(page)

    # Submitting with the grant still at 9 000: refused, the error links to the funding sources.
    page.goto(f"{live_server.url}{offer_url}")
    with page.expect_response(lambda r: r.request.method == "POST") as refused:
        page.locator("#submit-update").click()
    assert refused.value.status == 400
    summary = page.locator("#update-problems")
    expect(summary).to_be_visible()
    link = summary.get_by_role("link", name=re.compile("exactly the awarded grant"))
    expect(link).to_have_attribute("href", re.compile(r"/zrodla/$"))
    assert_accessible(page)
    with scopes_disabled():
        assert Offer.objects.get(pk=case.offer.pk).state == OfferState.UPDATE_REQUIRED

    # V.B: exactly the awarded grant, with the same own contribution (7 000 + 1 500 = 8 500).
    link.click()
    page.wait_for_url(re.compile(r"/zrodla/$"))
    one_h1(page)
    assert_accessible(page)
    page.locator("#id_f-requested_grant").fill("7000")
    save(page)
    assert_accessible(page)
    page.goto(f"{live_server.url}{offer_url}")
    expect(page.locator("#update-problems")).to_have_count(0)
    page.locator("#submit-update").click()
    page.wait_for_url(re.compile(re.escape(offer_url) + "$"))
    expect(page.locator(".messages")).to_contain_text("offer update (version 2)")
    expect(page.locator("#submit-update")).to_have_count(0)
    assert_accessible(page)
    with scopes_disabled():
        offer = Offer.objects.get(pk=case.offer.pk)
        assert offer.state == OfferState.UPDATE_SUBMITTED
        assert offer.requested_grant == AWARDED
        assert offer.versions.count() == 2
        assert offer.versions.order_by("number").last().snapshot["costs"]["total"] == "8500.00"

    # The office: the call's updates, the review side by side, accepted.
    updates = f"/testowo/urzad/umowy/aktualizacje/konkurs/{case.call.pk}/"
    log_in(page, live_server, official, updates)
    one_h1(page)
    assert_accessible(page)
    row = page.locator(f"#offer-{case.offer.pk}")
    expect(row).to_contain_text("7,000.00")  # the grant in the update
    expect(page.locator(f"#offer-{case.full.pk}")).to_have_count(0)  # awarded in full: no update
    row.get_by_role("link").first.click()
    page.wait_for_url(re.compile(rf"/aktualizacje/{case.offer.pk}/$"))
    one_h1(page)
    assert_accessible(page)
    page.locator("#accept-update").click()
    page.wait_for_url(re.compile(rf"/aktualizacje/{case.offer.pk}/$"))
    expect(page.locator("#update-accepted")).to_be_visible()
    assert_accessible(page)
    with scopes_disabled():
        assert Offer.objects.get(pk=case.offer.pk).state == OfferState.AWARDED
        assert Grant.objects.get(offer=case.offer).status == GrantStatus.AWARDED


def test_official_prepares_signs_and_pays_an_agreement(page, live_server, tenant):
    official = official_of(tenant)
    grant = awarded_grant(tenant, official)  # 9 000 zł, the offer awarded in full
    with scopes_disabled():
        start, end = grant.offer.start_date, grant.offer.end_date
    second_due = start + (end - start) / 2
    agreements = "/testowo/urzad/umowy/"

    log_in(page, live_server, official, agreements)
    one_h1(page)
    assert_accessible(page)
    page.locator("#awaiting").get_by_role("link", name="Prepare the agreement").click()
    page.wait_for_url(re.compile(rf"/umowy/{grant.pk}/przygotuj/$"))
    one_h1(page)
    assert_accessible(page)

    page.get_by_label(re.compile("^Number of the agreement")).fill("WK.526.7.2027")
    page.get_by_label(re.compile("^Place of conclusion")).fill("Testowo")
    page.get_by_label(re.compile("^Representatives of the local government")).fill("Jan Burmistrz – Burmistrz")
    page.get_by_label(re.compile("^Who represents")).first.fill("Anna Nowak – Prezes Zarządu")
    page.get_by_label(re.compile("^Bank account for the grant")).fill(ACCOUNT)
    page.get_by_label(re.compile("^Task starts")).fill(start.isoformat())
    page.get_by_label(re.compile("^Task ends")).fill(end.isoformat())
    page.locator("#id_years-0-year").fill(str(start.year))
    page.locator("#id_years-0-amount").fill("9000")
    for n in range(1, 5):
        page.locator(f"#id_years-{n}-year").fill("")
        page.locator(f"#id_years-{n}-amount").fill("")
    # Two tranches whose sum is wrong first: the error is tied to the tranches.
    page.locator("#id_tranches-0-due_date").fill(start.isoformat())
    page.locator("#id_tranches-0-amount").fill("4500")
    page.locator("#id_tranches-1-due_date").fill(second_due.isoformat())
    page.locator("#id_tranches-1-amount").fill("4000")
    with page.expect_response(lambda r: r.request.method == "POST") as refused:
        page.get_by_role("button", name="Prepare the agreement").click()
    assert refused.value.status == 400
    expect(page.locator(".error-summary").get_by_role("link", name="Tranches of the grant")).to_have_attribute(
        "href", "#tranches"
    )
    expect(page.locator("#tranches")).to_have_attribute("aria-describedby", "tranches_errors")
    assert_accessible(page)
    with scopes_disabled():
        assert not Agreement.objects.filter(grant=grant).exists()
    page.locator("#id_tranches-1-amount").fill("4500")
    page.get_by_role("button", name="Prepare the agreement").click()
    page.wait_for_url(re.compile(r"/umowy/\d+/$"))
    # The page's heading; the text of the agreement included below brings its own h1 (reported).
    expect(page.get_by_role("heading", level=1).first).to_have_text("Agreement WK.526.7.2027")
    expect(page.locator("#agreement-problems")).to_have_count(0)
    expect(page.locator("#tranches tbody tr")).to_have_count(2)
    assert_accessible(page)
    with scopes_disabled():
        agreement = Agreement.objects.get(grant=grant)
        assert agreement.state == AgreementState.DRAFT
        assert [t.amount for t in Tranche.objects.filter(agreement=agreement).order_by("number")] == [
            Decimal("4500.00"),
            Decimal("4500.00"),
        ]

    # The documents to print.
    for name, content_type, start_bytes in (
        ("Agreement (PDF)", "application/pdf", b"%PDF"),
        ("Agreement (DOCX)", DOCX_CONTENT_TYPE, b"PK"),
    ):
        response = page.request.get(page.get_by_role("link", name=name).get_attribute("href"))
        assert response.status == 200, name
        assert response.headers["content-type"] == content_type
        assert response.body().startswith(start_bytes)

    # Signed on paper, scanned: recorded with the file.
    page.get_by_role("link", name="Record the signed agreement").click()
    page.wait_for_url(re.compile(r"/podpisz/$"))
    one_h1(page)
    assert_accessible(page)
    page.get_by_label(re.compile("^Date of conclusion")).fill(timezone.localdate().isoformat())
    page.get_by_label(re.compile("^Signed agreement")).set_input_files(
        files=[{"name": "umowa-podpisana.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_role("button", name="Record the signed agreement").click()
    page.wait_for_url(re.compile(rf"/umowy/{agreement.pk}/$"))
    expect(page.locator("#agreement-state")).to_have_text("Signed")
    signed_file = page.request.get(page.get_by_role("link", name="umowa-podpisana.pdf").get_attribute("href"))
    assert signed_file.status == 200 and signed_file.body() == PDF_BYTES
    assert_accessible(page)

    # The first tranche paid.
    page.get_by_role("link", name="Record payment of tranche 1").click()
    page.wait_for_url(re.compile(r"/transze/\d+/$"))
    one_h1(page)
    assert_accessible(page)
    page.get_by_role("button", name="Record the payment").click()  # today, the whole tranche (pre-filled)
    page.wait_for_url(re.compile(rf"/umowy/{agreement.pk}/$"))
    expect(page.locator("#total-paid")).to_have_text("4,500.00")
    expect(page.get_by_role("link", name="Record payment of tranche 1")).to_have_count(0)
    expect(page.get_by_role("link", name="Record payment of tranche 2")).to_be_visible()
    assert_accessible(page)
    with scopes_disabled():
        agreement.refresh_from_db()
        assert agreement.state == AgreementState.SIGNED
        assert agreement.concluded_on == timezone.localdate()
        first, second = Tranche.objects.filter(agreement=agreement).order_by("number")
        assert (first.paid_on, first.paid_amount) == (timezone.localdate(), Decimal("4500.00"))
        assert second.paid_on is None
        assert Grant.objects.get(pk=grant.pk).status == GrantStatus.AGREEMENT


def test_public_register_and_profile_show_the_signed_grant(page, live_server, tenant):
    official = official_of(tenant)
    grant = awarded_grant(tenant, official)
    signed(grant, official)
    with scopes_disabled():
        organisation = grant.organisation

    english(page, live_server)
    page.goto(f"{live_server.url}/testowo/dotacje/")
    one_h1(page)
    assert_accessible(page)
    row = page.locator(f"#grant-{grant.pk}")
    expect(row.get_by_role("rowheader")).to_have_text(organisation.name)
    expect(row.locator("td").last).to_have_text("Agreement signed")
    expect(row).to_contain_text("9,000.00")
    csv = page.request.get(page.locator("#exports").get_by_role("link", name="CSV").get_attribute("href"))
    assert csv.status == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert organisation.name in csv.body().decode("utf-8-sig")
    # Filtered by the status: the grant is still there.
    page.get_by_label("Status").select_option(GrantStatus.AGREEMENT)
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"status=agreement"))
    expect(page.locator(f"#grant-{grant.pk}")).to_be_visible()
    assert_accessible(page)

    # The organisation's public profile: its cooperation history.
    page.goto(f"{live_server.url}/testowo/organizacje/{organisation.pk}/")
    one_h1(page)
    history = page.locator("#grants-history")
    expect(history).to_be_visible()
    expect(history.get_by_role("rowheader")).to_have_text(grant.task_title)
    expect(history.get_by_role("link", name="Miasto Testowo")).to_have_attribute("href", "/testowo/dotacje/")
    assert_accessible(page)
