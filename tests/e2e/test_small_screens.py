"""Small screens (Chromium): the header's menu and the offer's section list fold behind a summary.

At 375 × 667 px the header with its menu closed takes at most a fifth of the first screen; "Menu" (the
summary of a <details>: no JavaScript, a button with an expanded state for a screen reader) opens the
account links, the language form and the municipality's links, all reachable by keyboard. The offer
editor's section list folds behind "Sekcje" the same way. At 1280 px nothing folds.
"""

import os
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.e2e.test_directory_journey import log_in
from tests.e2e.test_offer_journey import two_year_call
from tests.factories.offers import complete_offer
from tests.factories.tenants import TenantFactory

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}
# Screenshots for a person to look at, only when asked: POZYTEK_SCREENSHOTS=<a directory>.
SCREENSHOTS = os.environ.get("POZYTEK_SCREENSHOTS")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def tenant(transactional_db):
    return TenantFactory(name="Miasto Testowo", slug="testowo")


def shoot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"))


def header_height(page) -> float:
    box = page.locator("header.site-header").bounding_box()
    assert box is not None
    return box["height"]


def focused_href(page) -> str | None:
    return page.evaluate("() => document.activeElement && document.activeElement.getAttribute('href')")


def expanded(page, summary) -> bool | None:
    """The expanded state Chromium gives a screen reader for a summary (its accessibility tree)."""
    summary.evaluate("el => el.setAttribute('data-ax-probe', '')")
    session = page.context.new_cdp_session(page)
    try:
        document = session.send("DOM.getDocument")
        node = session.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": "[data-ax-probe]"})
        tree = session.send("Accessibility.getPartialAXTree", {"nodeId": node["nodeId"], "fetchRelatives": False})
    finally:
        session.detach()
        summary.evaluate("el => el.removeAttribute('data-ax-probe')")
    ax = tree["nodes"][0]
    assert ax["role"]["value"] == "DisclosureTriangle", ax["role"]
    states = {prop["name"]: prop["value"]["value"] for prop in ax.get("properties", [])}
    return states.get("expanded")


def test_the_header_folds_behind_a_menu_on_a_phone(page, live_server, tenant):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/testowo/")
    menu = page.locator("header details.site-menu")
    toggle = menu.locator("> summary")
    tenant_nav = page.locator("header nav.tenant-nav")
    tenant_links = tenant_nav.locator("a")

    # Closed: "Menu" is there, the menu is not, the header stays within a fifth of the screen.
    expect(toggle).to_be_visible()
    expect(toggle).to_have_text("Menu")
    expect(menu).not_to_have_attribute("open", "")
    expect(tenant_nav).to_be_hidden()
    expect(page.locator("header nav.account-nav")).to_be_hidden()
    expect(page.locator("#language-select")).to_be_hidden()
    assert header_height(page) <= PHONE["height"] / 5
    assert expanded(page, toggle) is False
    shoot(page, "phone-menu-closed")
    assert_accessible(page)

    # Opened from the keyboard: every link of the municipality is shown and reached with Tab, in order.
    toggle.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    expect(tenant_nav).to_be_visible()
    expect(page.locator("header nav.account-nav")).to_be_visible()
    expect(page.locator("#language-select")).to_be_visible()
    assert expanded(page, toggle) is True
    hrefs = [link.get_attribute("href") for link in tenant_links.all()]
    assert len(hrefs) >= 2, hrefs
    for link in tenant_links.all():
        expect(link).to_be_visible()
    for _ in range(10):  # the account links and the language form come first
        page.keyboard.press("Tab")
        if focused_href(page) == hrefs[0]:
            break
    for index, href in enumerate(hrefs):
        if index:
            page.keyboard.press("Tab")
        expect(tenant_links.nth(index)).to_be_focused()
        assert focused_href(page) == href
    shoot(page, "phone-menu-open")
    assert_accessible(page)

    # The keyboard closes it again, and a click opens it; a link of the menu leads on, its page starts closed.
    toggle.focus()
    page.keyboard.press("Space")
    expect(menu).not_to_have_attribute("open", "")
    expect(tenant_nav).to_be_hidden()
    toggle.click()
    expect(tenant_links.last).to_be_visible()
    tenant_links.last.click()
    page.wait_for_url(re.compile(re.escape(hrefs[-1]) + "$"))
    expect(page.locator("header details.site-menu > summary")).to_be_visible()
    expect(page.locator("header nav.tenant-nav")).to_be_hidden()


def test_the_offer_sections_fold_behind_a_sections_control_on_a_phone(page, live_server, tenant):
    offer, user = complete_offer(two_year_call(tenant), joint=True, multi_year=True)
    log_in(page, live_server, user, f"/testowo/oferty/{offer.pk}/oferenci/")
    page.set_viewport_size(PHONE)
    page.reload()
    toggle = page.locator("nav.offer-nav summary")
    sections = page.locator("nav.offer-nav ol")

    expect(toggle).to_be_visible()
    expect(toggle).to_have_text("Sekcje")
    expect(sections).to_be_hidden()
    assert header_height(page) <= PHONE["height"] / 5
    assert expanded(page, toggle) is False
    shoot(page, "phone-offer-sections-closed")
    assert_accessible(page)

    toggle.click()
    expect(sections).to_be_visible()
    assert expanded(page, toggle) is True
    expect(sections.locator("a[aria-current=page]")).to_have_attribute("href", re.compile(r"/oferenci/$"))
    expect(sections.locator("a[href$='/zadanie/']")).to_be_visible()
    shoot(page, "phone-offer-sections-open")
    assert_accessible(page)

    # The header's menu and the section list open and close independently.
    expect(page.locator("header nav.tenant-nav")).to_be_hidden()
    sections.locator("a[href$='/zadanie/']").click()
    page.wait_for_url(re.compile(r"/zadanie/$"))
    expect(page.locator("nav.offer-nav summary")).to_be_visible()
    expect(page.locator("nav.offer-nav ol")).to_be_hidden()


def test_on_a_wide_screen_the_navigation_shows_without_a_click(page, live_server, tenant):
    offer, user = complete_offer(two_year_call(tenant), joint=True, multi_year=True)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/testowo/")

    expect(page.locator("header nav.tenant-nav a").first).to_be_visible()
    expect(page.locator("header nav.tenant-nav a").last).to_be_visible()
    expect(page.locator("header nav.account-nav a").first).to_be_visible()
    expect(page.locator("#language-select")).to_be_visible()
    expect(page.locator("header summary")).to_be_hidden()
    # The brand, the account links and the language form share one row; the municipality's strip spans the screen.
    brand, account = page.locator("header .brand").bounding_box(), page.locator("header nav.account-nav").bounding_box()
    assert brand and account and abs(brand["y"] - account["y"]) < brand["height"]
    strip = page.evaluate("() => document.querySelector('header nav.tenant-nav').getBoundingClientRect().bottom")
    assert strip == page.locator("header.site-header").bounding_box()["height"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= DESKTOP["width"]
    shoot(page, "desktop-header")
    assert_accessible(page)

    log_in(page, live_server, user, f"/testowo/oferty/{offer.pk}/oferenci/")
    expect(page.locator("nav.offer-nav a[href$='/zadanie/']")).to_be_visible()
    expect(page.locator("nav.offer-nav summary")).to_be_hidden()
    expect(page.locator("header nav.tenant-nav a").first).to_be_visible()
    shoot(page, "desktop-offer")
    assert_accessible(page)


def test_without_javascript_the_menu_still_opens_on_a_phone(browser, live_server, tenant):
    context = browser.new_context(base_url=live_server.url, locale="pl-PL", java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/testowo/")

    expect(page.locator("header nav.tenant-nav")).to_be_hidden()
    page.locator("header details.site-menu > summary").click()
    expect(page.locator("header nav.tenant-nav a").first).to_be_visible()
    expect(page.locator("header nav.account-nav a").first).to_be_visible()
    shoot(page, "phone-no-javascript-open")
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP])
def test_the_platform_pages_without_a_municipality_fold_the_same_way(page, live_server, tenant, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/")
    summary = page.locator("header details.site-menu > summary")
    account = page.locator("header nav.account-nav")

    if viewport is PHONE:
        expect(account).to_be_hidden()
        assert header_height(page) <= PHONE["height"] / 5
        summary.click()
    else:
        expect(summary).to_be_hidden()
    expect(account.locator("a").first).to_be_visible()
    expect(page.locator("#language-select")).to_be_visible()
    expect(page.locator("header nav.tenant-nav")).to_have_count(0)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    shoot(page, f"platform-{viewport['width']}")
    assert_accessible(page)
