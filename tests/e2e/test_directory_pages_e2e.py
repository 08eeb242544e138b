"""Statistics, 1.5% and open data pages of the directory in Chromium: axe-clean, copy buttons, no-JS fallback."""

import pytest
from django.core.cache import cache
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from pozytek.legal.models import LegalForm, LegalParameter, SphereOfPublicTasks
from pozytek.legal.reference_data import sync_reference_data
from tests.e2e.conftest import assert_accessible
from tests.factories.organisations import OrganisationFactory
from tests.factories.tenants import DistrictFactory, TenantFactory

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def tenant(transactional_db):
    sync_reference_data(LegalParameter, SphereOfPublicTasks, LegalForm)  # flushed by an earlier transactional test
    tenant = TenantFactory(name="Miasto Testowo", slug="testowo")
    with scopes_disabled():
        district = DistrictFactory(tenant=tenant, name="Osiedle Północ")
    spheres = list(SphereOfPublicTasks.objects.order_by("order")[:3])
    OrganisationFactory(
        name="Fundacja Zdrowia",
        listed_in=tenant,
        opp=True,
        krs="0000359730",
        spheres=spheres[:2],
        districts=[district],
        city="Testowo",
    )
    OrganisationFactory(
        name="Stowarzyszenie Łódź Kaliska",
        listed_in=tenant,
        opp=True,
        krs="0000111222",
        legal_form=LegalForm.objects.get(slug="stowarzyszenie"),
        spheres=spheres[2:],
    )
    OrganisationFactory(
        name="Klub Sportowy Orzeł", listed_in=tenant, legal_form=LegalForm.objects.get(slug="klub-sportowy")
    )
    return tenant


def check_structure(page) -> None:
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("main#main")).to_have_count(1)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url}: {overflow}px of horizontal scrolling"


@pytest.mark.parametrize("width", [1280, 320])
def test_statistics_page_shows_charts_with_tables(page, live_server, tenant, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/testowo/organizacje/statystyki/")

    check_structure(page)
    charts = page.get_by_role("img")
    expect(charts).to_have_count(4)
    assert page.locator("svg[role=img] rect").count() >= 4
    expect(page.get_by_role("table")).to_have_count(4)
    assert page.locator("table caption").first.is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_one_and_half_page_copies_a_krs_number(page, live_server, tenant, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(live_server.url + "/testowo/organizacje/jeden-i-pol-procent/")

    check_structure(page)
    buttons = page.locator("button[data-copy]")
    expect(buttons).to_have_count(2)
    assert buttons.first.is_visible()  # the script showed them
    status = page.locator("[data-copy-status]")
    assert status.inner_text() == ""
    assert_accessible(page)

    buttons.first.click()
    expected = status.get_attribute("data-copied")
    page.wait_for_function("(text) => document.querySelector('[data-copy-status]').textContent === text", arg=expected)
    assert page.evaluate("() => navigator.clipboard.readText()") == "0000359730"
    assert_accessible(page)

    page.locator("#id_q").fill("Łódź")
    page.locator("main form[role=search] button[type=submit]").click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    assert "0000111222" in page.locator("table").inner_text()


def test_one_and_half_page_without_javascript_shows_plain_numbers(browser, live_server, tenant):
    context = browser.new_context(base_url=live_server.url, locale="pl-PL", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/testowo/organizacje/jeden-i-pol-procent/")

    expect(page.locator("button[data-copy]")).to_have_count(2)
    assert not page.locator("button[data-copy]").first.is_visible()
    assert page.locator("[data-krs]").first.inner_text() == "0000359730"
    page.locator("#id_q").fill("zdrowia")
    page.locator("main form[role=search] button[type=submit]").click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    context.close()


@pytest.mark.parametrize("width", [1280, 320])
def test_open_data_index_and_api_page(page, live_server, tenant, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/testowo/organizacje/dane/")

    check_structure(page)
    expect(page.locator("a[href$='organizacje.csv']")).to_have_count(1)
    assert_accessible(page)

    response = page.request.get(live_server.url + "/testowo/organizacje/dane/organizacje.json")
    assert response.status == 200
    assert [o["name"] for o in response.json()["organisations"]] == [
        "Fundacja Zdrowia",
        "Klub Sportowy Orzeł",
        "Stowarzyszenie Łódź Kaliska",
    ]

    page.goto(live_server.url + "/api/v1/")
    check_structure(page)
    assert_accessible(page)
