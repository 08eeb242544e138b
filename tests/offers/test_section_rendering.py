"""The offer's section pages, their htmx fragments and the attachments page are the same HTML whether the
widgets are written by pozytek.ui.renderers.WidgetRenderer or by Django's widget templates."""

import re

import pytest
from django.urls import reverse

from pozytek.offers.sections import SECTIONS
from pozytek.offers.services import section_version
from pozytek.ui import renderers
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import complete_offer

pytestmark = pytest.mark.integration

# What differs between two responses anyway: the masked CSRF token; after a save, its time and version.
VARYING = re.compile(r'name="(?:csrfmiddlewaretoken|section-version)" value="[^"]*"|\d\d:\d\d:\d\d')
HTMX = {"HX-Request": "true"}


def _page(client, method, url, data=None, headers=None):
    response = getattr(client, method)(url, data or {}, headers=headers or {})
    assert response.status_code in (200, 400)
    return VARYING.sub("…", response.content.decode())


def _both(client, monkeypatch, *args):
    """The page with the widgets written in Python, then through the templates only."""
    written = _page(client, *args)
    with monkeypatch.context() as patch:
        patch.setattr(renderers, "TEMPLATES", {})
        templated = _page(client, *args)
    return written, templated


@pytest.mark.parametrize("joint", [False, True])
def test_every_section_renders_the_same_bytes(tenant, client, monkeypatch, joint):
    offer, actor = complete_offer(PublishedCallFactory(tenant=tenant), joint=joint)
    client.force_login(actor)
    for section in SECTIONS:
        name = "attachments" if section.key == "attachments" else "section"
        kwargs = {} if name == "attachments" else {"slug": section.slug}
        url = reverse(f"offers:{name}", kwargs={"tenant_slug": tenant.slug, "pk": offer.pk, **kwargs})
        written, templated = _both(client, monkeypatch, "get", url)
        assert written == templated, section.key
        assert "<input" in written or "<textarea" in written
        if name == "attachments":
            continue
        # Invalid input: the fragment with errors, aria-invalid and the values as typed.
        bad = {"section-version": "x", "f-start_date": "not a date", "f-requested_grant": "-1", "rows-TOTAL_FORMS": "1"}
        written, templated = _both(client, monkeypatch, "post", url, bad, HTMX)
        assert written == templated, section.key
    version = section_version(offer, "other")
    url = reverse("offers:section", kwargs={"tenant_slug": tenant.slug, "pk": offer.pk, "slug": "inne"})
    written = _page(client, "post", url, {"section-version": version, "f-paid_activity": "paid"}, HTMX)
    with monkeypatch.context() as patch:
        patch.setattr(renderers, "TEMPLATES", {})
        templated = _page(client, "post", url, {"section-version": version + 1, "f-paid_activity": "paid"}, HTMX)
    assert 'value="paid" id="id_f-paid_activity_1" checked' in written
    assert written == templated
