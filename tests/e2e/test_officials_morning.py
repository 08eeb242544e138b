"""The official's morning, in Chromium on the demo data: an official of Leszno signs in (password and TOTP),
reads the work waiting on the office dashboard, follows an item to the page where the work is done; a
person keeping an organisation opens their dashboard. Every page visited passes axe-core. Screenshots of
both dashboards are saved to /tmp/screens/ (for people to look at; nothing asserts them).
"""

import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from pozytek.tenants.demo import DEMO_PASSWORD
from tests.conftest import totp_code
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_evaluation_journey import english, one_h1

pytestmark = pytest.mark.e2e

SCREENS = Path("/tmp/screens")  # noqa: S108 -- screenshots for people to look at, asked for there
OFFICIAL = "urzednik.leszno@pozytek.localhost"
NGO = "ngo@pozytek.localhost"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo_data", quiet=True)


def sign_in(page, live_server, email: str, next_url: str, *, totp: bool) -> None:
    page.context.clear_cookies()
    english(page, live_server)
    page.goto(f"{live_server.url}/konto/login/?next={next_url}")
    page.locator("main form input[name=login]").fill(email)
    page.locator("main form input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    if totp:
        page.wait_for_url(re.compile(r"/konto/2fa/authenticate/"))
        page.locator("main form input[name=code]").fill(totp_code())
        page.locator("main form button[type=submit]:not([form])").first.click()
    page.wait_for_url(re.compile(re.escape(next_url) + "$"))


def screenshot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / name), full_page=True)


def test_the_officials_morning_from_the_dashboard_to_the_work(page, live_server, demo):
    sign_in(page, live_server, OFFICIAL, "/leszno/urzad/", totp=True)
    one_h1(page)
    work = page.locator("section.work")
    expect(work.get_by_role("heading", name="Work waiting", level=2)).to_be_visible()
    reports = work.locator("section.work-group", has=page.get_by_role("heading", name="Reports and settlement"))
    awaiting = reports.locator("li.work-item[data-kind='reports-awaiting-review']")
    expect(awaiting.locator(".work-count")).to_have_text(re.compile(r"^[1-9]\d*$"))
    assert_accessible(page)
    screenshot(page, "office-dashboard.png")

    first = awaiting.locator("ul.work-entries a").first
    target = first.get_attribute("href")
    first.click()
    page.wait_for_url(re.compile(re.escape(target) + "$"))
    one_h1(page)
    expect(page.get_by_role("button", name="Accept the report")).to_be_visible()
    assert_accessible(page)

    # the module links stay below the work waiting: the way into each module
    page.go_back()
    page.get_by_role("navigation", name="Modules").get_by_role("link", name="Reports and settlement").click()
    expect(page).to_have_url(re.compile(r"/leszno/urzad/sprawozdania/$"))
    one_h1(page)
    assert_accessible(page)


def test_the_organisations_dashboard_shows_what_to_do_next(page, live_server, demo):
    sign_in(page, live_server, NGO, "/moje-organizacje/", totp=False)
    one_h1(page)
    work = page.locator("section.work")
    expect(work.get_by_role("heading", name="What to do next", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Organisations you keep", level=2)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "org-dashboard.png")

    drafts = work.locator("li.work-item[data-kind='offers-drafts']")
    expect(drafts.locator(".work-countdown").first).to_have_text(re.compile(r"\d+ days? \d+ hours? left"))
    first = drafts.locator("ul.work-entries a").first
    target = first.get_attribute("href")
    first.click()
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    one_h1(page)
    assert_accessible(page)
