"""Small grants through HTTP: an organisation starts an offer from the standing page, a resident comments
in the window, the office publishes and decides; bad input gets a Polish message next to its field."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext
from django_scopes import scopes_disabled

from pozytek.offers.models import Offer
from pozytek.offers.states import FundingRoute, OfferState
from pozytek.smallgrants.models import Publication, SmallGrantComment
from pozytek.smallgrants.services import publish_for_comments, save_scheme
from tests.conftest import login_with_mfa
from tests.factories.offers import ngo_member
from tests.grants.register_helpers import sphere
from tests.smallgrants.test_small_grants import close_window, publication_of, submitted

pytestmark = pytest.mark.integration


@pytest.fixture
def scheme(tenant, official):
    with scopes_disabled():
        return save_scheme(
            tenant=tenant,
            year=timezone.localdate().year,
            actor=official,
            data={"grants_budget": 200000, "published": True, "how_to_apply": "Ofertę składa się przez generator."},
        )


def test_the_standing_page_shows_the_pool_and_how_to_apply(client, tenant, scheme):
    page = client.get(reverse("smallgrants:scheme", kwargs={"tenant_slug": tenant.slug}))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Ofertę składa się przez generator." in text
    assert "60\xa0000,00 zł" in text or "60 000,00 zł" in text  # 30 % of 200 000


def test_an_organisation_starts_a_small_grant_offer_from_the_page(client, tenant, scheme):
    author, organisation = ngo_member(tenant=tenant)
    client.force_login(author)
    url = reverse("smallgrants:start", kwargs={"tenant_slug": tenant.slug})
    refused = client.post(url, {"organisation": organisation.pk, "title": "", "mode": "support"})
    assert refused.status_code == 400
    assert "To pole jest wymagane." in refused.content.decode()
    response = client.post(
        url,
        {"organisation": organisation.pk, "title": "Festyn sąsiedzki", "sphere": sphere("1").pk, "mode": "support"},
    )
    with scopes_disabled():
        offer = Offer.objects.get(title="Festyn sąsiedzki")
    assert response.status_code == 302
    assert response["Location"] == reverse("offers:overview", kwargs={"tenant_slug": tenant.slug, "pk": offer.pk})
    assert (offer.route, offer.call_id, offer.organisation_id) == (FundingRoute.SMALL_GRANT, None, organisation.pk)


def test_another_persons_organisation_cannot_be_chosen(client, tenant, scheme, resident):
    _author, organisation = ngo_member(tenant=tenant)
    client.force_login(resident)
    response = client.post(
        reverse("smallgrants:start", kwargs={"tenant_slug": tenant.slug}),
        {"organisation": organisation.pk, "title": "Cudza oferta", "sphere": sphere("1").pk, "mode": "support"},
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert not Offer.objects.filter(title="Cudza oferta").exists()


def test_a_resident_comments_in_the_window_and_the_office_reads_it(client, tenant, official, resident):
    offer, _author = submitted(tenant)
    with scopes_disabled():
        publication = publish_for_comments(publication=publication_of(offer), actor=official)
    url = reverse("smallgrants:publication", kwargs={"tenant_slug": tenant.slug, "pk": publication.pk})
    client.force_login(resident)
    empty = client.post(url, {"author_name": "Jan Kowalski", "text": ""})
    assert empty.status_code == 400 and "To pole jest wymagane." in empty.content.decode()
    assert client.post(url, {"author_name": "Jan Kowalski", "text": "Proszę o więcej zajęć."}).status_code == 302
    assert "Proszę o więcej zajęć." in client.get(url).content.decode()
    login_with_mfa(client, official)
    office = client.get(reverse("smallgrants_office:detail", kwargs={"tenant_slug": tenant.slug, "pk": publication.pk}))
    assert "Proszę o więcej zajęć." in office.content.decode()
    assert resident.email in office.content.decode()


def test_a_late_comment_is_refused_with_a_message_and_not_saved(client, tenant, official, resident):
    offer, _author = submitted(tenant)
    with scopes_disabled():
        publish_for_comments(publication=publication_of(offer), actor=official)
    publication = close_window(publication_of(offer))
    client.force_login(resident)
    url = reverse("smallgrants:publication", kwargs={"tenant_slug": tenant.slug, "pk": publication.pk})
    response = client.post(url, {"author_name": "Jan", "text": "Spóźniona uwaga"})
    assert response.status_code == 400
    assert (
        escape(gettext("The time for comments on this offer has ended (or has not begun)."))
        in response.content.decode()
    )
    with scopes_disabled():
        assert not SmallGrantComment.objects.exists()


def test_the_office_publishes_then_decides_after_the_window(client, tenant, official):
    offer, _author = submitted(tenant)
    with scopes_disabled():  # the task runs next year: the pool of that year
        save_scheme(tenant=tenant, year=offer.start_date.year, actor=official, data={"grants_budget": 200000})
    publication = publication_of(offer)
    login_with_mfa(client, official)
    url = reverse("smallgrants_office:detail", kwargs={"tenant_slug": tenant.slug, "pk": publication.pk})
    assert client.post(url, {"action": "publish"}).status_code == 302
    with scopes_disabled():
        assert Publication.objects.get(pk=publication.pk).comments_until == timezone.localdate() + dt.timedelta(days=7)
    early = client.post(url, {"action": "decide", "purposeful": "yes", "reason": "Celowe", "number": "Z/1", "date": ""})
    assert early.status_code == 400
    close_window(publication)
    decision = {
        "action": "decide",
        "purposeful": "yes",
        "reason": "Zadanie celowe, uwagi uwzględnione.",
        "number": "ZAR/19a/1/2026",
        "date": timezone.localdate().isoformat(),
    }
    missing = client.post(url, {**decision, "reason": ""})
    assert missing.status_code == 400 and "To pole jest wymagane." in missing.content.decode()
    assert client.post(url, decision).status_code == 302
    with scopes_disabled():
        assert Offer.objects.get(pk=offer.pk).state == OfferState.AWARDED
    again = client.post(url, decision)
    assert again.status_code in (302, 400)
    with scopes_disabled():
        assert Offer.objects.get(pk=offer.pk).state == OfferState.AWARDED


def test_the_office_list_flags_a_late_publication(client, tenant, official):
    offer, _author = submitted(tenant)
    with scopes_disabled():
        Publication.objects.filter(offer=offer).update(publish_by=timezone.localdate() - dt.timedelta(days=1))
    login_with_mfa(client, official)
    page = client.get(reverse("smallgrants_office:list", kwargs={"tenant_slug": tenant.slug}))
    assert 'class="overdue"' in page.content.decode()


def test_the_notice_is_an_a4_pdf_with_the_amount_in_words_and_the_window(client, tenant, official):
    import io

    from pypdf import PdfReader

    offer, _author = submitted(tenant)
    with scopes_disabled():
        publication = publish_for_comments(publication=publication_of(offer), actor=official)
    response = client.get(reverse("smallgrants:notice", kwargs={"tenant_slug": tenant.slug, "pk": publication.pk}))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "19a ust. 3" in text
    assert "dziewięć tysięcy złotych" in text  # the requested 9 000 zł in words
    assert timezone.localdate().strftime("%Y") in text
    assert f"/testowo/male-granty/oferty/{publication.pk}/" in text


def test_the_json_lists_published_offers_only(client, tenant, official):
    offer, _author = submitted(tenant)
    submitted(tenant)  # received, not published: not in the list
    with scopes_disabled():
        publication = publish_for_comments(publication=publication_of(offer), actor=official)
    data = client.get(reverse("smallgrants:json", kwargs={"tenant_slug": tenant.slug})).json()
    assert [row["id"] for row in data["offers"]] == [publication.pk]
    assert data["offers"][0]["comments_until"] == publication.comments_until.isoformat()


def test_the_standing_page_switches_between_published_years(client, tenant, official):
    year = timezone.localdate().year
    with scopes_disabled():
        save_scheme(tenant=tenant, year=year, actor=official, data={"grants_budget": 100000, "published": True})
        save_scheme(tenant=tenant, year=year + 1, actor=official, data={"grants_budget": 200000, "published": True})
    url = reverse("smallgrants:scheme", kwargs={"tenant_slug": tenant.slug})
    this_year = client.get(url).content.decode()
    next_year = client.get(url, {"rok": year + 1}).content.decode()
    unknown = client.get(url, {"rok": "1999"}).content.decode()
    assert "30\xa0000,00" in this_year or "30 000,00" in this_year
    assert "60\xa0000,00" in next_year or "60 000,00" in next_year
    assert f'href="?rok={year + 1}"' in this_year
    assert "30\xa0000,00" in unknown or "30 000,00" in unknown  # a year without published rules: this year's


def test_the_office_dashboard_lists_offers_to_publish_late_ones_flagged_and_offers_to_decide(client, tenant, official):
    late, _a = submitted(tenant)
    ready, _b = submitted(tenant)
    with scopes_disabled():
        Publication.objects.filter(offer=late).update(publish_by=timezone.localdate() - dt.timedelta(days=2))
        publish_for_comments(publication=publication_of(ready), actor=official)
    close_window(publication_of(ready))
    login_with_mfa(client, official)
    page = client.get(reverse("office:dashboard", kwargs={"tenant_slug": tenant.slug})).content.decode()
    assert escape(gettext("Small-grant offers to publish for comments")) in page
    detail = reverse("smallgrants_office:detail", kwargs={"tenant_slug": tenant.slug, "pk": publication_of(late).pk})
    decide = reverse("smallgrants_office:detail", kwargs={"tenant_slug": tenant.slug, "pk": publication_of(ready).pk})
    assert detail in page and decide in page
    assert reverse("smallgrants_office:list", kwargs={"tenant_slug": tenant.slug}) in page


def test_the_small_grants_work_takes_the_same_queries_for_one_or_many_offers(tenant, official):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scope

    from pozytek.smallgrants.worklist import office_items

    submitted(tenant)
    with scope(tenant=tenant):
        office_items(tenant, official)  # the official's roles are read once and kept on the user
    with scope(tenant=tenant), CaptureQueriesContext(connection) as one:
        office_items(tenant, official)
    submitted(tenant)
    submitted(tenant)
    with scope(tenant=tenant), CaptureQueriesContext(connection) as three:
        items = office_items(tenant, official)
    assert len(one) == len(three)
    assert items[0].count == 3
