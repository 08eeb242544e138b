"""The 1.5% page: local OPP with KRS numbers, search, pagination, copy buttons as progressive enhancement."""

import re

import pytest
from django.urls import reverse

from pozytek.organisations.views.public_one_and_half import PAGE_SIZE
from tests.factories.organisations import OrganisationFactory
from tests.organisations.directory_data import count_queries, hidden_organisations, rich_organisation

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def url(tenant, **params):
    base = reverse("organisations_stats:one-and-half", kwargs={"tenant_slug": tenant.slug})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@pytest.fixture
def directory(tenant, other_tenant):
    hidden_organisations(tenant, other_tenant)
    return {
        "zdrowie": OrganisationFactory(
            name="Fundacja Zdrowia", listed_in=tenant, opp=True, krs="0000359730", city="Testowo"
        ),
        "teatr": OrganisationFactory(name="Teatr Ósmego Dnia", listed_in=tenant, opp=True, krs="0000111222"),
        "nie_opp": OrganisationFactory(name="Fundacja Bez Statusu", listed_in=tenant, opp=False),
        "bez_krs": OrganisationFactory(name="Stowarzyszenie Zwykłe OPP", listed_in=tenant, opp=True, krs=""),
    }


def names(response):
    return [org.name for org in response.context["page_obj"].object_list]


def test_lists_local_public_benefit_organisations_with_krs(client, tenant, directory):
    response = client.get(url(tenant))

    assert response.status_code == 200
    assert names(response) == ["Fundacja Zdrowia", "Teatr Ósmego Dnia"]
    html = response.content.decode()
    assert "0000359730" in html
    assert "Fundacja Nieaktywna" not in html
    assert "Fundacja Scalona" not in html
    assert "Fundacja Z Innej Gminy" not in html


def test_explains_one_and_a_half_percent(client, tenant, directory):
    html = client.get(url(tenant)).content.decode()

    assert html.count("<h1>") == 1
    assert "1.5%" in html
    assert "PIT" in html
    assert "KRS number" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zdrowia", ["Fundacja Zdrowia"]),
        ("osmego", ["Teatr Ósmego Dnia"]),
        ("359730", ["Fundacja Zdrowia"]),
        ("0000111222", ["Teatr Ósmego Dnia"]),
        ("Statusu", []),
        ("", ["Fundacja Zdrowia", "Teatr Ósmego Dnia"]),
    ],
)
def test_search_with_q(client, tenant, directory, query, expected):
    response = client.get(url(tenant, q=query))

    assert names(response) == expected
    assert f'value="{query}"' in response.content.decode()


def test_search_form_is_a_labelled_get_form(client, tenant, directory):
    html = client.get(url(tenant)).content.decode()

    assert re.search(r'<form method="get"[^>]*role="search"', html)
    assert '<label for="id_q">' in html
    assert 'name="q" id="id_q"' in html


def test_copy_buttons_are_hidden_until_the_script_shows_them(client, tenant, directory):
    html = client.get(url(tenant)).content.decode()

    buttons = re.findall(r"<button[^>]*data-copy=[^>]*>", html)
    assert len(buttons) == 2
    for button in buttons:
        assert 'type="button"' in button
        assert " hidden" in button
    assert 'data-copy="0000359730"' in html
    assert re.search(r'<[^>]*aria-live="polite"[^>]*data-copy-status', html)
    assert re.search(r'<script src="[^"]*organisations/copy\.js" defer></script>', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html


def test_table_is_accessible(client, tenant, directory):
    html = client.get(url(tenant)).content.decode()

    assert "<caption>" in html
    assert '<th scope="col">' in html
    assert '<th scope="row">' in html


def test_pagination_by_fifty(client, tenant):
    for n in range(PAGE_SIZE + 1):
        OrganisationFactory(name=f"Fundacja {n:03d}", listed_in=tenant, opp=True)

    first = client.get(url(tenant))
    second = client.get(url(tenant, page=2))

    assert len(first.context["page_obj"].object_list) == PAGE_SIZE == 50
    assert names(second) == ["Fundacja 050"]
    assert 'rel="next"' in first.content.decode()
    assert "page=2" in first.content.decode()


def test_pagination_keeps_the_search(client, tenant):
    for n in range(PAGE_SIZE + 2):
        OrganisationFactory(name=f"Fundacja Sportu {n:03d}", listed_in=tenant, opp=True)
    OrganisationFactory(name="Inna Organizacja", listed_in=tenant, opp=True)

    response = client.get(url(tenant, q="sportu"))

    assert response.context["page_obj"].paginator.count == PAGE_SIZE + 2
    assert "q=sportu&amp;page=2" in response.content.decode()


def test_empty_search_result_says_so(client, tenant, directory):
    html = client.get(url(tenant, q="nicniepasuje")).content.decode()

    assert "No public benefit organisation matches." in html


def test_links_to_open_data(client, tenant, directory):
    html = client.get(url(tenant)).content.decode()

    assert reverse("organisations_open_data:index", kwargs={"tenant_slug": tenant.slug}) in html


def test_unknown_tenant_gives_404(client, db):
    assert client.get("/nie-ma-takiej-gminy/organizacje/jeden-i-pol-procent/").status_code == 404


def test_number_of_queries_does_not_grow_with_the_list(client, tenant, django_assert_num_queries):
    rich_organisation(tenant, 1)
    plain = count_queries(client, url(tenant))
    search = count_queries(client, url(tenant, q="probne"))
    rich_organisation(tenant, 2)
    rich_organisation(tenant, 3)

    with django_assert_num_queries(plain):
        response = client.get(url(tenant))
    assert len(response.context["page_obj"].object_list) == 3
    with django_assert_num_queries(search):
        response = client.get(url(tenant, q="probne"))
    assert len(response.context["page_obj"].object_list) == 3
