"""Journey in a real browser: an official announces a call; a visitor finds it. Every page passes axe-core."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from pozytek.accounts.models import Role
from tests.conftest import with_totp
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_imports_e2e import log_in_with_totp
from tests.factories.accounts import MembershipFactory
from tests.factories.tenants import TenantFactory

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_official_publishes_a_call_and_a_visitor_reads_it(page, live_server, transactional_db):
    TenantFactory(name="Miasto Testowo", slug="testowo")
    from pozytek.tenants.models import Tenant

    tenant = Tenant.objects.get(slug="testowo")
    official = with_totp(MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user)
    deadline = timezone.localtime() + dt.timedelta(days=30)
    office = "/testowo/urzad/konkursy/"

    log_in_with_totp(page, live_server, official, office)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page)

    page.locator(f"main a[href='{office}nowy/']").click()
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page)
    page.locator("#id_title").fill("Wakacje z piłką nożną")
    page.locator("#id_task_type").fill("Zajęcia sportowe dla dzieci w czasie wakacji.")
    page.locator("#id_spheres_0").check()
    page.locator("#id_mode").select_option("support")
    page.locator("#id_total_funds").fill("50000")
    page.locator("#id_award_rules").fill("Dotacje przyznaje Prezydent Miasta.")
    page.locator("#id_delivery_start").fill((deadline.date() + dt.timedelta(days=30)).isoformat())
    page.locator("#id_delivery_end").fill((deadline.date() + dt.timedelta(days=90)).isoformat())
    page.locator("#id_delivery_conditions").fill("Na terenie miasta.")
    page.locator("#id_offer_deadline").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_procedure").fill("Oferty opiniuje komisja konkursowa.")
    page.locator("#id_choice_deadline").fill((deadline.date() + dt.timedelta(days=14)).isoformat())
    page.locator("#id_previous_tasks").fill("W roku ubiegłym: 40 000 zł.")
    page.locator("#id_eligible_entities_0").check()
    page.locator("#id_criteria-0-name").fill("Jakość merytoryczna oferty")
    page.locator("#id_criteria-0-max_points").fill("10")
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(f"**{office}*/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page)
    page.locator("main form[action$='/publikuj/'] button[type=submit]").click()
    page.locator("main a[href*='/testowo/konkursy/']").first.wait_for()
    assert_accessible(page)

    page.goto(f"{live_server.url}/testowo/konkursy/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page)
    page.get_by_role("link", name="Wakacje z piłką nożną").click()
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert "Jakość merytoryczna oferty" in page.content()
    assert_accessible(page)
