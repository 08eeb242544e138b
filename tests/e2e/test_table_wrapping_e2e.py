"""On a phone-sized screen no table cell splits a word or a number across lines (Chromium).

Before, the page's `overflow-wrap: anywhere` let narrow columns break "Lp.", "Punkty" or "36,34"
in the middle; a wide table now scrolls sideways in its frame instead.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.agreements.agreement_helpers import awarded_grant
from tests.conftest import with_totp
from tests.factories.accounts import MembershipFactory
from tests.factories.tenants import TenantFactory
from tests.grants.register_helpers import register_rows

pytestmark = pytest.mark.e2e

# Every word (split at spaces and hyphens) of a table cell must sit on one line; a numeric cell as a whole.
SPLIT_WORDS = """() => {
  const lines = (range) =>
    new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
  const broken = [];
  for (const cell of document.querySelectorAll("main table th, main table td")) {
    if (cell.tagName === "TD" && cell.classList.contains("num")) {
      const range = document.createRange();
      range.selectNodeContents(cell);
      if (lines(range) > 1) broken.push(cell.textContent.trim());
    }
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/[^\\s\\-–]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        if (lines(range) > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def tenant(transactional_db):
    return TenantFactory(name="Miasto Testowo", slug="testowo")


def test_tables_on_a_narrow_screen_split_no_word_or_number(page, live_server, tenant):
    register_rows(tenant, TenantFactory(name="Gmina Inna", slug="inna"))
    official = with_totp(MembershipFactory(tenant=tenant, role="official").user)
    grant = awarded_grant(tenant, official, requested="12345.67")
    page.set_viewport_size({"width": 360, "height": 800})

    for path in (
        reverse("grants:register", kwargs={"tenant_slug": tenant.slug}),
        reverse(
            "evaluation_public_results:results", kwargs={"tenant_slug": tenant.slug, "call_pk": grant.offer.call_id}
        ),
        reverse("organisations_stats:statistics", kwargs={"tenant_slug": tenant.slug}),
    ):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("main table").count() > 0, path
        assert page.evaluate(SPLIT_WORDS) == [], path
