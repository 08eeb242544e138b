"""Numbers in tables never wrap: the stylesheets keep them on one line and the tables mark them.

A table cell used to break anywhere ("Lp .", "Punk ty", "36,3 4") because the page's
`overflow-wrap: anywhere` also shrank table columns. Cells now wrap between words only, and a cell
whose content is a number (an amount, points, a count, a share) carries the `num` class, which keeps
it on one line in the browser (site.css) and in the PDF documents (print.css).
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django_scopes import scope, scopes_disabled

from pozytek.reports.services import submit_report
from tests.agreements.agreement_helpers import awarded_grant, signed
from tests.conftest import login_with_mfa
from tests.evaluation.test_protocol import protocol_round
from tests.evaluation.test_protocol import url as protocol_url
from tests.grants.register_helpers import register_rows
from tests.reports.report_helpers import filled, signed_and_paid, started

pytestmark = pytest.mark.integration

POZYTEK = Path(__file__).resolve().parents[2] / "pozytek"
STYLESHEETS = [POZYTEK / "ui/static/ui/site.css", POZYTEK / "documents/static/documents/print.css"]
# An amount, points, a count or a share: digits with grouping and decimal marks, maybe % or zł.
NUMBER = re.compile(r"^[−-]?\d[\d\u00a0\u202f ,.]*(\s?%|\s?zł)?\*?$")
NUMERIC_CLASSES = {"num", "offer-no", "offer-number"}


def rules(css: str) -> dict[str, str]:
    """selector → declarations (one entry per selector of a group), at-rules left out."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found: dict[str, str] = {}
    for selectors, body in re.findall(r"([^{}@]+)\{([^{}]*)\}", css):
        for selector in selectors.split(","):
            key = " ".join(selector.split())
            found[key] = found.get(key, "") + body
    return found


@pytest.mark.parametrize("stylesheet", STYLESHEETS, ids=lambda p: p.name)
def test_numbers_stay_on_one_line_and_cells_wrap_only_between_words(stylesheet):
    css = rules(stylesheet.read_text())

    assert "white-space: nowrap" in css[".num"]
    for cell in ("th", "td"):
        assert re.search(r"overflow-wrap:\s*break-word", css[cell]), cell
        assert re.search(r"hyphens:\s*manual", css[cell]), cell


def unmarked_numbers(html: str) -> list[str]:
    """Data cells whose whole content is a number but that carry none of the numeric classes."""
    missing = []
    for attributes, content in re.findall(r"<td(\s[^>]*)?>(.*?)</td>", html, re.S):
        text = " ".join(re.sub(r"<[^>]+>", "", content).split())
        classes = re.search(r'class="([^"]*)"', attributes or "")
        if NUMBER.match(text) and not set(classes.group(1).split() if classes else ()) & NUMERIC_CLASSES:
            missing.append(f"<td{attributes or ''}>{text}")
    return missing


@pytest.fixture(autouse=True)
def _polish(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "pl"
    with translation.override("pl"):
        yield


def test_amounts_in_agreement_and_results_tables_carry_the_numeric_class(client, tenant, official):
    grant = awarded_grant(tenant, official, multi_year=True)
    agreement = signed(grant, official)
    login_with_mfa(client, official)
    pages = [
        reverse("agreements_office:list", kwargs={"tenant_slug": tenant.slug}),
        reverse("agreements_office:detail", kwargs={"tenant_slug": tenant.slug, "pk": agreement.pk}),
        reverse(
            "evaluation_public_results:results", kwargs={"tenant_slug": tenant.slug, "call_pk": grant.offer.call_id}
        ),
        reverse("offers_office:call", kwargs={"tenant_slug": tenant.slug, "call_pk": grant.offer.call_id}),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert unmarked_numbers(response.content.decode()) == [], page
    assert '<td class="num">9\u00a0000,00</td>' in client.get(pages[0]).content.decode()


def test_points_of_the_protocol_carry_the_numeric_class(client, tenant):
    rnd = protocol_round(tenant)
    login_with_mfa(client, rnd.members[0].user)

    html = client.get(protocol_url(rnd, "protocol")).content.decode()

    assert unmarked_numbers(html) == []
    assert '<td class="num">6,33</td>' in html


def test_the_grants_register_marks_its_amounts(client, tenant, other_tenant):
    register_rows(tenant, other_tenant)

    html = client.get(reverse("grants:register", kwargs={"tenant_slug": tenant.slug})).content.decode()

    assert unmarked_numbers(html) == []
    assert '<td class="num">12\u00a0000,50</td>' in html


def test_the_report_marks_its_amounts(client, tenant, official):
    agreement, author = signed_and_paid(tenant, official)
    report = filled(started(agreement, author), author)
    with scope(tenant=tenant):
        submit_report(report=report, actor=author)
    login_with_mfa(client, official)

    html = client.get(reverse("reports_office:detail", kwargs={"tenant_slug": tenant.slug, "pk": report.pk}))

    assert html.status_code == 200
    assert unmarked_numbers(html.content.decode()) == []
    with scopes_disabled():
        assert agreement.reports.exists()
