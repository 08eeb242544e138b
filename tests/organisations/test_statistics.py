"""The public statistics page: counts per tenant as SVG bar charts with tables, a stable number of queries."""

import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from pozytek.organisations.views.public_statistics import CHART_WIDTH, VALUE_ROOM, bar_chart
from tests.factories.organisations import OrganisationFactory
from tests.factories.tenants import DistrictFactory
from tests.organisations.directory_data import (
    count_queries,
    hidden_organisations,
    legal_form,
    rich_organisation,
    sphere,
)

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _english(client):
    """Assertions use the English source strings, whatever the Polish catalogue says."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def url(tenant):
    return reverse("organisations_stats:statistics", kwargs={"tenant_slug": tenant.slug})


@pytest.fixture
def directory(tenant, other_tenant):
    with scopes_disabled():
        north = DistrictFactory(tenant=tenant, name="Osiedle Północ")
        foreign = DistrictFactory(tenant=other_tenant, name="Osiedle Obce")
    OrganisationFactory(name="Fundacja A", listed_in=tenant, opp=True, spheres=[sphere("1")], districts=[north])
    OrganisationFactory(name="Fundacja B", listed_in=tenant, spheres=[sphere("1"), sphere("2")])
    OrganisationFactory(
        name="Stowarzyszenie C",
        listed_in=[tenant, other_tenant],
        legal_form=legal_form("stowarzyszenie"),
        districts=[north, foreign],
    )
    OrganisationFactory(name="Klub D", listed_in=tenant, legal_form=legal_form("klub-sportowy"), opp=True)
    OrganisationFactory(name="Bez Formy E", listed_in=tenant, legal_form=None)
    hidden_organisations(tenant, other_tenant)


def test_counts_only_active_organisations_of_the_tenant(client, tenant, directory):
    response = client.get(url(tenant))

    assert response.status_code == 200
    stats = response.context["stats"]
    assert (stats["total"], stats["opp"]) == (5, 2)
    charts = {chart.key: {bar.label: bar.count for bar in chart.bars} for chart in response.context["charts"]}
    assert charts["forms"] == {  # the page is in English: so are the legal forms and spheres
        "Foundation": 2,
        "Association (registered)": 1,
        "Sports club (association)": 1,
        "legal form not given": 1,
    }
    assert charts["opp"] == {"Public benefit organisations (OPP)": 2, "Other organisations": 3}
    assert charts["spheres"] == {f"1. {sphere('1').short_name_en}": 2, f"2. {sphere('2').short_name_en}": 1}
    assert charts["districts"] == {"Osiedle Północ": 2}


def test_each_chart_is_an_svg_image_titled_and_paired_with_a_table(client, tenant, directory):
    html = client.get(url(tenant)).content.decode()

    assert html.count("<h1>") == 1
    svgs = re.findall(r"<svg[^>]*>", html)
    assert len(svgs) == 4
    for svg in svgs:
        assert 'role="img"' in svg
        for target in re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split():
            assert f'id="{target}"' in html
    assert html.count("<caption>") == 4
    assert 'scope="col"' in html
    assert 'scope="row"' in html
    assert "Osiedle Obce" not in html
    assert "Fundacja Nieaktywna" not in html


def test_page_has_no_inline_script_or_style_and_links_to_open_data(client, tenant, directory):
    html = client.get(url(tenant)).content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html
    assert "<style" not in html
    assert reverse("organisations_open_data:index", kwargs={"tenant_slug": tenant.slug}) in html


def test_empty_directory_says_so(client, tenant):
    response = client.get(url(tenant))

    assert response.status_code == 200
    assert response.context["charts"] == []
    assert "There are no organisations in the directory yet." in response.content.decode()


def test_unknown_and_unpublished_tenants_give_404(client, db):
    from tests.factories.tenants import TenantFactory

    draft = TenantFactory(state="draft")
    assert client.get("/nie-ma-takiej-gminy/organizacje/statystyki/").status_code == 404
    assert client.get(url(draft)).status_code == 404


def test_number_of_queries_does_not_grow_with_the_directory(client, tenant, django_assert_num_queries):
    rich_organisation(tenant, 1)
    one = count_queries(client, url(tenant))
    rich_organisation(tenant, 2, legal_form=legal_form("stowarzyszenie"))
    rich_organisation(tenant, 3, legal_form=legal_form("uks"), opp=False)

    with django_assert_num_queries(one):
        response = client.get(url(tenant))
    assert response.context["stats"]["total"] == 3


def test_bar_chart_scales_bars_to_the_longest_and_shortens_long_labels():
    chart = bar_chart("x", "Title", "Label", [("a" * 100, 10), ("b", 5), ("c", 0)], total=20)

    widths = [bar.width for bar in chart.bars]
    assert widths == [CHART_WIDTH - VALUE_ROOM, (CHART_WIDTH - VALUE_ROOM) // 2, 0]
    assert chart.bars[0].short_label.endswith("…")
    assert chart.bars[0].label == "a" * 100
    assert [bar.share for bar in chart.bars] == [50.0, 25.0, 0.0]
    assert chart.height == 3 * 44


def test_shares_are_formatted_for_the_language(client, tenant):
    OrganisationFactory(listed_in=tenant)
    OrganisationFactory(listed_in=tenant, legal_form=legal_form("stowarzyszenie"), opp=True)
    OrganisationFactory(listed_in=tenant, legal_form=legal_form("stowarzyszenie"))

    english = client.get(url(tenant)).content.decode()
    polish = client.get(url(tenant), HTTP_ACCEPT_LANGUAGE="pl").content.decode()

    assert '<td class="num">66.7</td>' in english
    assert '<td class="num">66,7</td>' in polish
