"""Journeys of a small grant (art. 19a) in Chromium: an organisation finds the standing page, starts a
small-grant offer on the simplified template, types a cost into its cost list (IV.1), writes the rest
(sections through the services, as the offer journey does them in the browser) and submits it; the office
publishes it; a resident comments while the window is open. Every page visited passes axe-core."""

import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from pozytek.offers.models import Offer
from pozytek.smallgrants.models import Publication, SmallGrantComment
from pozytek.smallgrants.services import publish_for_comments, save_scheme
from pozytek.smallgrants.states import PublicationState
from tests.conftest import with_totp
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_evaluation_journey import log_in, one_h1
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.offers import fill, ngo_member
from tests.factories.tenants import TenantFactory
from tests.grants.register_helpers import sphere

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def tenant(transactional_db):
    return TenantFactory(name="Miasto Testowo", slug="testowo", email="urzad@testowo.example")


@pytest.fixture
def office(tenant):
    from pozytek.accounts.models import Role

    official = with_totp(MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user)
    with scopes_disabled():
        for year in (timezone.localdate().year, timezone.localdate().year + 1):
            save_scheme(
                tenant=tenant,
                year=year,
                actor=official,
                data={"grants_budget": 300000, "published": True, "how_to_apply": "Złóż ofertę przez generator."},
            )
    return official


def test_an_organisation_submits_a_small_grant_and_the_office_publishes_it(page, live_server, tenant, office):
    member, organisation = ngo_member(tenant=tenant)
    sphere("1")
    log_in(page, live_server, member, "/testowo/male-granty/", totp=False)
    one_h1(page)
    expect(page.locator("main dl.details")).to_contain_text(re.compile(r"Pool\s*90.000"))  # 30 % of 300 000
    assert_accessible(page)

    page.get_by_role("link", name="Submit a small grant offer").click()
    page.wait_for_url(re.compile(r"/male-granty/nowa-oferta/$"))
    one_h1(page)
    assert_accessible(page)
    page.get_by_label("Title of the public task").fill("Festyn sąsiedzki")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()  # the sphere is required: said next to the field
    assert_accessible(page)
    expect(page.get_by_label("Title of the public task")).to_have_value("Festyn sąsiedzki")
    page.get_by_label("Sphere of public tasks").select_option(index=1)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/testowo/oferty/\d+/$"))
    with scopes_disabled():
        offer = Offer.objects.get(organisation=organisation)
    assert offer.route == "small_grant" and offer.call_id is None

    # The simplified offer (Dz.U. 2018 poz. 2055): IV.1 is one list of costs, each with the grant's part;
    # the table saves itself in the background as in the full offer.
    page.goto(f"{live_server.url}/testowo/oferty/{offer.pk}/koszty/")
    one_h1(page)
    expect(page.locator("#costs-grid")).to_be_visible()
    expect(page.locator("#id_rows-0-grant")).to_be_visible()
    expect(page.locator("#id_rows-0-unit_cost")).to_have_count(0)
    expect(page.locator("#id_rows-0-category")).to_have_count(0)
    page.locator("#id_rows-0-name").fill("Scena i nagłośnienie")
    page.locator("#id_rows-0-value").fill("4000")
    page.locator("#id_rows-0-grant").fill("3500")
    expect(page.locator("#costs-autosave .autosave__saved")).to_have_text(re.compile(r"\d\d:\d\d:\d\d"))
    assert_accessible(page)
    with scopes_disabled():
        line = offer.cost_lines.get()
        assert (line.name, line.unit_cost * line.quantity, line.grant) == ("Scena i nagłośnienie", 4000, 3500)
        offer = Offer.objects.get(pk=offer.pk)

    fill(offer, member)
    page.goto(f"{live_server.url}/testowo/oferty/{offer.pk}/")
    assert_accessible(page)
    page.locator(f"main form[action$='/oferty/{offer.pk}/zloz/'] button[type=submit]").click()
    expect(page.locator("main p > code.checksum")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))

    with scopes_disabled():
        publication = Publication.objects.get(offer=offer)
    assert publication.state == PublicationState.PENDING
    log_in(page, live_server, office, f"/testowo/urzad/male-granty/{publication.pk}/")
    one_h1(page)
    assert_accessible(page)
    page.locator("main form", has=page.locator("input[value=publish]")).get_by_role("button").click()
    expect(page.locator("main a", has_text="Public page of the offer")).to_be_visible()
    assert_accessible(page)
    with scopes_disabled():
        assert Publication.objects.get(pk=publication.pk).state == PublicationState.PUBLISHED


def test_a_resident_comments_on_a_published_small_grant(page, live_server, tenant, office):
    from tests.smallgrants.test_small_grants import small_grant_offer

    offer, author = small_grant_offer(tenant)
    offer = fill(offer, author)
    from pozytek.offers import services as offer_services

    with scopes_disabled():
        offer_services.submit_offer(offer=offer, actor=author)
        publication = publish_for_comments(publication=Publication.objects.get(offer=offer), actor=office)
    resident = UserFactory(full_name="Jan Mieszkaniec")
    url = f"/testowo/male-granty/oferty/{publication.pk}/"
    log_in(page, live_server, resident, url, totp=False)
    one_h1(page)
    assert_accessible(page)
    expect(page.get_by_label("Signed as")).to_have_value("Jan Mieszkaniec")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Comment")).fill("Proszę o zajęcia także dla seniorów.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main ol.comments")).to_contain_text("Proszę o zajęcia także dla seniorów.")
    assert_accessible(page)
    with scopes_disabled():
        assert SmallGrantComment.objects.filter(publication=publication).count() == 1
