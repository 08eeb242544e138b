"""The read-only REST API (django-ninja): list with filters and pagination, detail, OpenAPI document."""

import json

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from pozytek.organisations.selectors_open_data import PUBLIC_FIELDS
from tests.factories.organisations import OrganisationFactory
from tests.factories.tenants import DistrictFactory, TenantFactory
from tests.organisations.directory_data import (
    SECRETS,
    count_queries,
    hidden_organisations,
    legal_form,
    organisation_with_secrets,
    rich_organisation,
    sphere,
)

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def list_url(tenant_or_slug, **params):
    slug = getattr(tenant_or_slug, "slug", tenant_or_slug)
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"/api/v1/{slug}/organisations" + (f"?{query}" if query else "")


def detail_url(tenant, pk):
    return f"/api/v1/{getattr(tenant, 'slug', tenant)}/organisations/{pk}"


@pytest.fixture
def directory(tenant, other_tenant):
    with scopes_disabled():
        here = DistrictFactory(tenant=tenant, name="Osiedle Tutejsze")
        there = DistrictFactory(tenant=other_tenant, name="Osiedle Obce")
    hidden = hidden_organisations(tenant, other_tenant)
    return {
        "secret": organisation_with_secrets(tenant),
        "zdrowie": OrganisationFactory(
            name="Fundacja Zdrowia", listed_in=tenant, spheres=[sphere("1")], districts=[here, there], city="Testowo"
        ),
        "klub": OrganisationFactory(
            name="Klub Sportowy Orzeł", listed_in=tenant, legal_form=legal_form("klub-sportowy"), spheres=[sphere("2")]
        ),
        "stow": OrganisationFactory(
            name="Stowarzyszenie Sąsiadów",
            listed_in=tenant,
            legal_form=legal_form("stowarzyszenie"),
            opp=True,
            krs="0000359730",
        ),
        "hidden": hidden,
    }


def names(response):
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def test_list_returns_the_public_fields_of_the_tenants_active_organisations(client, tenant, directory):
    response = client.get(list_url(tenant))

    data = response.json()
    assert response["Content-Type"].startswith("application/json")
    assert data["count"] == 4
    assert (data["limit"], data["offset"]) == (50, 0)
    assert [item["name"] for item in data["items"]] == [
        "Fundacja Tajemnic",
        "Fundacja Zdrowia",
        "Klub Sportowy Orzeł",
        "Stowarzyszenie Sąsiadów",
    ]
    zdrowie = data["items"][1]
    assert set(zdrowie) == set(PUBLIC_FIELDS)
    assert zdrowie["id"] == directory["zdrowie"].pk
    assert zdrowie["legal_form"] == "fundacja"
    assert zdrowie["spheres"] == ["1"]
    assert zdrowie["districts"] == ["Osiedle Tutejsze"]


def test_pagination_with_limit_and_offset(client, tenant, directory):
    first = client.get(list_url(tenant, limit=2))
    second = client.get(list_url(tenant, limit=2, offset=2))
    beyond = client.get(list_url(tenant, limit=2, offset=10))

    assert names(first) == ["Fundacja Tajemnic", "Fundacja Zdrowia"]
    assert names(second) == ["Klub Sportowy Orzeł", "Stowarzyszenie Sąsiadów"]
    assert names(beyond) == []
    assert second.json()["count"] == beyond.json()["count"] == 4
    assert client.get(list_url(tenant, limit=200)).status_code == 200


@pytest.mark.parametrize("params", [{"limit": 201}, {"limit": 0}, {"offset": -1}, {"opp": "perhaps"}])
def test_invalid_pagination_or_filters_give_422(client, tenant, directory, params):
    assert client.get(list_url(tenant, **params)).status_code == 422


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "zdrowia"}, ["Fundacja Zdrowia"]),
        ({"q": "testowo"}, ["Fundacja Zdrowia"]),
        ({"q": "359730"}, ["Stowarzyszenie Sąsiadów"]),
        ({"legal_form": "klub-sportowy"}, ["Klub Sportowy Orzeł"]),
        ({"legal_form": "fundacja"}, ["Fundacja Tajemnic", "Fundacja Zdrowia"]),
        ({"sphere": "2"}, ["Klub Sportowy Orzeł"]),
        ({"sphere": "99"}, []),
        ({"opp": "true"}, ["Fundacja Tajemnic", "Stowarzyszenie Sąsiadów"]),
        ({"opp": "false"}, ["Fundacja Zdrowia", "Klub Sportowy Orzeł"]),
        ({"opp": "true", "legal_form": "fundacja"}, ["Fundacja Tajemnic"]),
    ],
)
def test_filters(client, tenant, directory, params, expected):
    response = client.get(list_url(tenant, **params))

    assert names(response) == expected
    assert response.json()["count"] == len(expected)


def test_sphere_filter_does_not_duplicate_organisations(client, tenant):
    OrganisationFactory(name="Fundacja Wielu Sfer", listed_in=tenant, spheres=[sphere("1"), sphere("2")])

    assert names(client.get(list_url(tenant, sphere="1"))) == ["Fundacja Wielu Sfer"]


def test_detail(client, tenant, directory):
    response = client.get(detail_url(tenant, directory["zdrowie"].pk))

    assert response.status_code == 200
    data = response.json()
    assert set(data) == set(PUBLIC_FIELDS)
    assert data["name"] == "Fundacja Zdrowia"
    assert data["districts"] == ["Osiedle Tutejsze"]


def test_detail_of_an_organisation_outside_the_directory_gives_404(client, tenant, directory):
    for organisation in directory["hidden"]:
        response = client.get(detail_url(tenant, organisation.pk))
        assert response.status_code == 404
        assert response.json() == {"detail": "Not Found"}
    assert client.get(detail_url(tenant, 987654)).status_code == 404


@pytest.mark.parametrize("make_url", [list_url, lambda slug: detail_url(slug, 1)])
def test_unknown_or_unpublished_tenant_gives_404(client, db, make_url):
    draft = TenantFactory(state="draft")

    assert client.get(make_url("nie-ma-takiej-gminy")).status_code == 404
    assert client.get(make_url(draft.slug)).status_code == 404


def test_private_data_never_appears(client, tenant, directory):
    texts = [
        client.get(list_url(tenant)).content.decode(),
        client.get(list_url(tenant, limit=200, q="tajemnic")).content.decode(),
        client.get(detail_url(tenant, directory["secret"].pk)).content.decode(),
    ]

    for text in texts:
        assert "Fundacja Tajemnic" in text
        for secret in SECRETS:
            assert secret not in text
        for field in ("bank_account", "members", "claims", "office_notes", "state", "merged_into"):
            assert f'"{field}"' not in text
        for hidden in ("Fundacja Nieaktywna", "Fundacja Scalona", "Fundacja Z Innej Gminy", "Osiedle Obce"):
            assert hidden not in text


def test_number_of_queries_does_not_grow_with_the_page(client, tenant, django_assert_num_queries):
    rich_organisation(tenant, 1)
    one = count_queries(client, list_url(tenant))
    rich_organisation(tenant, 2)
    rich_organisation(tenant, 3)

    with django_assert_num_queries(one):
        response = client.get(list_url(tenant))
    assert len(response.json()["items"]) == 3
    assert all(item["spheres"] == ["1", "2"] and len(item["districts"]) == 1 for item in response.json()["items"])


def test_openapi_document_describes_the_endpoints(client, db):
    response = client.get(reverse("api:openapi-json"))

    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Pożytek – otwarte dane"
    assert document["info"]["version"] == "1"
    assert set(document["paths"]) >= {
        "/api/v1/{tenant_slug}/organisations",
        "/api/v1/{tenant_slug}/organisations/{id}",
    }
    listing = document["paths"]["/api/v1/{tenant_slug}/organisations"]["get"]
    parameters = {p["name"]: p for p in listing["parameters"]}
    assert {"tenant_slug", "q", "legal_form", "sphere", "opp", "limit", "offset"} <= set(parameters)
    assert parameters["limit"]["schema"]["maximum"] == 200
    schema = document["components"]["schemas"]["OrganisationOut"]
    assert set(schema["properties"]) == set(PUBLIC_FIELDS)


def test_no_swagger_ui_from_a_cdn(client, db):
    assert client.get("/api/v1/docs").status_code == 404


def test_api_index_page_lists_the_endpoints(client, tenant):
    response = client.get(reverse("api-index"))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert reverse("api:openapi-json") in html
    assert "/api/v1/{tenant_slug}/organisations" in html
    assert list_url(tenant) in html
    assert "<script" not in html
    assert " style=" not in html
