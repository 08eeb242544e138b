"""Open every public page of the demo data in Chromium: 200, axe-clean, one h1, landmarks, 320 px."""

from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.e2e

SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/i18n/", "/konto/logout/")
DOWNLOAD_TYPES = {
    "application/pdf",
    "text/csv",
    "application/json",
    "application/atom+xml",
    "text/calendar",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def internal_links(page, base: str) -> set[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    links = set()
    for href in hrefs:
        url, _fragment = urldefrag(href)
        parsed = urlparse(url)
        if url.startswith(base) and not parsed.path.startswith(SKIP_PREFIXES):
            links.add(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return links


def check_page_structure(page) -> None:
    assert page.locator("h1").count() == 1, f"{page.url}: expected exactly one h1"
    expect(page.locator("main#main")).to_have_count(1)
    assert page.locator("header").count() >= 1
    assert page.locator("footer").count() >= 1
    expect(page.locator("a.skip-link[href='#main']")).to_have_count(1)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url}: {overflow}px of horizontal scrolling at 320px"


def test_every_public_page_of_the_demo_is_reachable_and_accessible(page, live_server, transactional_db):
    call_command("load_demo_data", quiet=True)
    page.set_viewport_size({"width": 320, "height": 800})
    to_visit, seen, checked = ["/"], set(), []

    while to_visit:
        path = to_visit.pop()
        if path in seen:
            continue
        seen.add(path)
        head = page.request.get(live_server.url + path)
        assert head.status == 200, path
        if not head.headers["content-type"].startswith("text/html"):
            assert head.headers["content-type"].split(";")[0] in DOWNLOAD_TYPES, (path, head.headers["content-type"])
            continue
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        check_page_structure(page)
        assert_accessible(page)
        checked.append(path)
        to_visit.extend(internal_links(page, live_server.url) - seen)

    print(f"crawl: {len(checked)} HTML pages axe-clean at 320 px, {len(seen) - len(checked)} downloads checked")
    expected = {
        "/",
        "/poznan/",
        "/leszno/",
        "/bialystok/",
        "/powiat-policki/",
        "/poznan/kontakt/",
        "/poznan/deklaracja-dostepnosci/",
        "/deklaracja-dostepnosci/",
        "/konto/login/",
        "/konto/signup/",
    }
    assert expected <= set(checked), sorted(expected - set(checked))


@pytest.mark.parametrize("path", ["/konto/login/", "/konto/signup/", "/konto/password/reset/"])
def test_account_forms_with_errors_stay_accessible(page, live_server, db, path):
    page.goto(live_server.url + path)
    page.locator("main form button[type=submit]").first.click()

    assert page.locator(".errorlist, .error-summary").count() >= 1
    assert_accessible(page)
