"""Journey of regranting (art. 16a) in Chromium: an operator's committee member scores an application of a
closed call; the person who keeps the operator's profile opens the call's applications, tries to award more
than is left of the pool (told why, the form kept), awards a micro-grant within it and records the signed
agreement; the public page lists the micro-grant under the operator's agreement and the office reads it all.
Every page visited passes axe-core."""

import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from pozytek.regranting.models import MicroGrant
from pozytek.regranting.states import MicroGrantState
from tests.conftest import with_totp
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_evaluation_journey import log_in, one_h1
from tests.factories.accounts import MembershipFactory
from tests.factories.tenants import TenantFactory
from tests.regranting.regranting_helpers import apply, award, closed, committee_member, open_call, operator_for

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def tenant(transactional_db):
    return TenantFactory(name="Miasto Testowo", slug="testowo", email="urzad@testowo.example")


@pytest.fixture
def official(tenant):
    from pozytek.accounts.models import Role

    return with_totp(MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user)


def test_an_operator_awards_a_micro_grant_within_its_pool(page, live_server, tenant, official):
    operator, keeper = operator_for(tenant, official, pool="3000.00")
    member = committee_member(operator, keeper, "Ewa Komisyjna")
    sub_call = open_call(operator, keeper, share="3000.00", max_grant="3000.00", title="Mikrogranty sąsiedzkie")
    garden = apply(sub_call, amount="2500.00", title="Ogród na podwórku")
    cinema = apply(sub_call, amount="1000.00", title="Kino plenerowe", group_name="Podwórko Gronowo")
    closed(sub_call, keeper)
    award(cinema, keeper, "1000.00")  # 2 000 zł of the pool left
    workspace = f"/testowo/regranting/{operator.pk}/panel/"
    garden_page = f"{workspace}wnioski/{garden.pk}/"

    log_in(page, live_server, member, garden_page, totp=False)
    one_h1(page)
    assert_accessible(page)
    page.get_by_label("Points (0–100)").fill("88")
    page.locator("main form.score-form button[type=submit]").click()
    expect(page.locator("main table.scores")).to_contain_text("Ewa Komisyjna")
    assert_accessible(page)

    log_in(page, live_server, keeper, workspace, totp=False)
    one_h1(page)
    expect(page.locator("main dl.pool")).to_contain_text(re.compile(r"Left\s*2.000.00"))
    assert_accessible(page)
    page.locator("main table").get_by_role("link", name="Mikrogranty sąsiedzkie").click()
    page.wait_for_url(re.compile(rf"/panel/nabory/{sub_call.pk}/$"))
    one_h1(page)
    expect(page.locator("main table.applications")).to_contain_text("88")
    assert_accessible(page)
    page.locator("main table.applications").get_by_role("link", name="Ogród na podwórku").click()
    page.wait_for_url(re.compile(rf"/panel/wnioski/{garden.pk}/$"))
    assert_accessible(page)

    decision = page.locator("main form.decision-form")
    decision.get_by_label("Award a micro-grant").check()
    decision.get_by_label("Amount of the micro-grant (PLN)").fill("2500")
    decision.get_by_label("Reason").fill("88 punktów komisji; projekt dla całego podwórka.")
    decision.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("alert")).to_contain_text(re.compile(r"2.000.00 zł left"))  # what is left of the pool, said
    expect(decision.get_by_label("Reason")).to_have_value("88 punktów komisji; projekt dla całego podwórka.")
    assert_accessible(page)
    with scopes_disabled():
        assert MicroGrant.objects.filter(operator=operator).count() == 1

    decision.get_by_label("Amount of the micro-grant (PLN)").fill("2000")
    decision.get_by_role("button", name="Record the decision").click()
    expect(page.locator("main dd.application-state")).to_have_text("Micro-grant awarded")
    assert_accessible(page)
    page.locator("main").get_by_role("link", name=re.compile(r"^Micro-grant ")).click()
    page.wait_for_url(re.compile(r"/panel/mikrogranty/\d+/$"))
    one_h1(page)
    assert_accessible(page)
    page.get_by_label("Agreement signed on").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Record the signature").click()
    expect(page.locator("main dd.micro-grant-state")).to_have_text("Agreement signed")
    assert_accessible(page)
    with scopes_disabled():
        grant = MicroGrant.objects.get(application=garden)
        agreement_number = operator.agreement.number
    assert grant.state == MicroGrantState.SIGNED and str(grant.amount) == "2000.00"

    page.goto(f"{live_server.url}/testowo/regranting/{operator.pk}/")
    one_h1(page)
    expect(page.locator("main table.micro-grants caption")).to_contain_text(agreement_number)
    expect(page.locator("main table.micro-grants")).to_contain_text(grant.number)
    assert_accessible(page)

    log_in(page, live_server, official, f"/testowo/urzad/regranting/{operator.pk}/")
    one_h1(page)
    expect(page.locator("main")).to_contain_text("88 punktów komisji")
    assert_accessible(page)
    page.goto(f"{live_server.url}/testowo/urzad/regranting/")
    one_h1(page)
    assert_accessible(page)
