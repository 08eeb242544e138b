"""Journeys in a real browser: a visitor becomes a user; an official sets up MFA and reaches the office."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from pozytek.accounts.models import Role
from tests.e2e.conftest import assert_accessible
from tests.factories.accounts import PASSWORD, MembershipFactory
from tests.factories.tenants import TenantFactory

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_visitor_registers_confirms_logs_in_and_switches_language(page, live_server, transactional_db):
    TenantFactory(name="Miasto Testowo", slug="testowo")
    page.goto(live_server.url + "/testowo/")
    page.get_by_role("link", name="Zarejestruj się").click()

    page.get_by_label("Adres e-mail").fill("anna.nowak@example.org")
    page.get_by_label(re.compile(r"^Hasło \(wymagane\)")).fill("Dobre-haslo-2026!")
    page.get_by_label(re.compile(r"^Hasło \(ponownie\)")).fill("Dobre-haslo-2026!")
    page.locator("main form button[type=submit]").click()

    assert_accessible(page)
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/konto/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    page.goto(live_server.url + link)
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()

    page.goto(live_server.url + "/konto/login/")
    page.get_by_label("Adres e-mail").fill("anna.nowak@example.org")
    page.get_by_label("Hasło").fill("Dobre-haslo-2026!")
    page.locator("main form button[type=submit]").click()
    page.goto(live_server.url + "/testowo/")
    assert page.get_by_role("button", name="Wyloguj się").is_visible()

    page.get_by_label("Język").select_option("en")
    page.get_by_role("button", name="Zmień").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.get_by_role("button", name="Log out").is_visible()
    page.get_by_label("Language").select_option("uk")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    assert_accessible(page)


def test_official_must_set_up_totp_before_reaching_the_office(page, live_server, transactional_db):
    tenant = TenantFactory(name="Miasto Testowo", slug="testowo")
    official = MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user
    page.goto(live_server.url + "/konto/login/?next=/testowo/urzad/")
    page.get_by_label("Adres e-mail").fill(official.email)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()

    # allauth asks for the password again before a second factor is added.
    page.wait_for_url(re.compile(r"/konto/reauthenticate/"))
    assert "wymagają weryfikacji dwuetapowej" in page.locator(".messages").inner_text()
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Hasło")).fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/konto/2fa/totp/activate/"))
    assert_accessible(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Kod uwierzytelniający").fill(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.locator("main form button[type=submit]").click()

    page.goto(live_server.url + "/testowo/urzad/")
    assert page.get_by_role("heading", level=1).inner_text() == "Urząd – Miasto Testowo"
    assert_accessible(page)


def test_core_pages_work_without_javascript(browser, live_server, transactional_db):
    TenantFactory(name="Miasto Testowo", slug="testowo")
    context = browser.new_context(base_url=live_server.url, locale="pl-PL", java_script_enabled=False)
    page = context.new_page()

    page.goto(live_server.url + "/testowo/")
    page.get_by_label("Język").select_option("en")
    page.get_by_role("button", name="Zmień").click()

    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(live_server.url + "/konto/login/")
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong-password-1")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".errorlist, .error-summary").first).to_be_visible()
    context.close()
