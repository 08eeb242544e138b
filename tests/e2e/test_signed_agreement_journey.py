"""Journey in Chromium: downloading and reading a signed agreement. A member of the organisation finds the
agreement among their organisations' agreements, opens it and downloads its PDF, which opens under the
municipality's letterhead with § 1 and both parties. Every page visited passes axe-core.

The browser asks for English (the language cookie), so locators and the PDF use the English source strings.
"""

import io
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django_scopes import scopes_disabled
from playwright.sync_api import expect
from pypdf import PdfReader

from pozytek.organisations.models import OrganisationMember
from tests.agreements.agreement_helpers import awarded_grant, signed
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_evaluation_journey import log_in, one_h1
from tests.factories.tenants import TenantFactory
from tests.matrix_support import official_of

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def tenant(transactional_db):
    return TenantFactory(
        name="Miasto Testowo",
        slug="testowo",
        email="urzad@testowo.example",
        office_name="Urząd Miasta Testowo",
        address="ul. Ratuszowa 1, 00-001 Testowo",
    )


def test_a_member_downloads_the_signed_agreement_and_reads_it(page, live_server, tenant):
    official = official_of(tenant)
    grant = awarded_grant(tenant, official)
    agreement = signed(grant, official)
    with scopes_disabled():
        organisation = grant.organisation
        member = OrganisationMember.objects.filter(organisation=organisation).select_related("user").first().user

    log_in(page, live_server, member, "/moje-organizacje/umowy/", totp=False)
    one_h1(page)
    assert_accessible(page)
    page.locator("#agreements").get_by_role("link", name=agreement.number).click()
    page.wait_for_url(re.compile(rf"/moje-organizacje/umowy/{agreement.pk}/$"))
    one_h1(page)
    expect(page.locator("#agreement-state")).to_have_text("Signed")
    assert_accessible(page)

    link = page.get_by_role("link", name="Agreement (PDF)", exact=True)
    expect(link).to_have_attribute("href", f"/moje-organizacje/umowy/{agreement.pk}/pdf/")
    # The link says "download" (the PDF is served inline, so without it the browser would open its viewer).
    expect(link).to_have_attribute("download", "")
    with page.expect_download() as info:
        link.click()
    download = info.value
    content = Path(download.path()).read_bytes()

    assert download.suggested_filename.endswith(".pdf")
    assert content.startswith(b"%PDF-")
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages]
    first, text = pages[0], " ".join(pages)
    # The letterhead opens the first page: the municipality, its office and address.
    assert first.startswith("Miasto Testowo Urząd Miasta Testowo ul. Ratuszowa 1, 00-001 Testowo")
    assert "§ 1 Subject of the agreement" in text
    assert agreement.number in first
    # Both parties: the municipality as the Contracting Authority, the organisation as the Contractor.
    assert "Miasto Testowo, with its seat at ul. Ratuszowa 1, 00-001 Testowo, represented by" in text
    assert organisation.name in text
    assert "For the Contracting Authority" in text and "For the Contractor" in text
    # Still on the agreement's page, which stays accessible after the download.
    expect(page.locator("#agreement-state")).to_have_text("Signed")
    assert_accessible(page)
