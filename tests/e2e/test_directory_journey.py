"""Journey in Chromium: a resident finds an imported organisation, claims it, an official confirms,
the new owner edits the profile and an official accepts the change of a verified field."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from pozytek.accounts.models import Role
from tests.conftest import totp_code, with_totp
from tests.e2e.conftest import assert_accessible
from tests.factories.accounts import PASSWORD, MembershipFactory, UserFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.tenants import TenantFactory

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def log_in(page, live_server, user, next_url: str, *, totp: bool = False) -> None:
    page.goto(f"{live_server.url}/konto/login/?next={next_url}")
    page.get_by_label("Adres e-mail").fill(user.email)
    page.get_by_label(re.compile(r"^Hasło")).fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    if totp:
        page.wait_for_url(re.compile(r"/konto/2fa/authenticate/"))
        page.locator("main form input[name=code]").fill(totp_code())
        page.locator("main form button[type=submit]:not([form])").first.click()  # not "Cancel" of the stage
    page.wait_for_url(re.compile(re.escape(next_url)))


def log_out(page) -> None:
    page.get_by_role("button", name="Wyloguj się").click()


def test_claim_verify_edit_and_accept_a_change(page, live_server, transactional_db):
    tenant = TenantFactory(name="Miasto Testowo", slug="testowo")
    org = OrganisationFactory(name="Stowarzyszenie Łódź Kaliska", listed_in=tenant)
    resident = UserFactory()
    official = with_totp(MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user)
    # A TOTP code works once: a second log-in in the same 30 s would be refused, so a colleague decides later.
    colleague = with_totp(MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user)

    # A resident finds the organisation without typing Polish letters and claims it.
    log_in(page, live_server, resident, "/testowo/organizacje/")
    page.get_by_label("Nazwa, słowo kluczowe, KRS lub NIP").fill("lodz kaliska")
    page.get_by_role("button", name="Szukaj").click()
    assert_accessible(page)
    page.get_by_role("link", name="Stowarzyszenie Łódź Kaliska").click()
    assert_accessible(page)
    page.get_by_role("link", name="Zgłoś przejęcie profilu").click()
    page.get_by_label(re.compile(r"^W jaki sposób")).fill("Jestem prezesem zarządu wpisanym do KRS.")
    page.locator("main form button[type=submit]").click()
    assert "zgłoszenie" in page.locator(".messages").inner_text().lower()
    log_out(page)

    # An official confirms the claim in the verification queue.
    log_in(page, live_server, official, "/testowo/urzad/organizacje/weryfikacja/", totp=True)
    assert_accessible(page)
    page.get_by_role("button", name="Zaakceptuj zgłoszenie").click()
    log_out(page)

    # The new owner edits the profile: the description changes at once, the name waits for the office.
    log_in(page, live_server, resident, f"/moje-organizacje/{org.pk}/")
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Opis działalności")).fill("Pomagamy sąsiadom.")
    page.get_by_label(re.compile(r"^Pełna nazwa organizacji")).fill("Stowarzyszenie Łódź Kaliska i Okolice")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("Stowarzyszenie Łódź Kaliska i Okolice")
    log_out(page)

    # Another official accepts the new name; the public profile shows it.
    log_in(page, live_server, colleague, "/testowo/urzad/organizacje/weryfikacja/", totp=True)
    page.get_by_role("button", name="Zaakceptuj zmianę").click()
    page.goto(f"{live_server.url}/testowo/organizacje/{org.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Stowarzyszenie Łódź Kaliska i Okolice"
    assert "Pomagamy sąsiadom." in page.locator("main").inner_text()
