"""The read-only API of the grants register: /api/v1/grants/?tenant=<slug>, in the OpenAPI document."""

import json

import pytest

from pozytek.grants.selectors import PUBLIC_FIELDS
from pozytek.tenants.states import TenantState
from tests.factories.organisations import OrganisationFactory
from tests.factories.tenants import TenantFactory
from tests.grants.register_helpers import make_grant, register_rows

pytestmark = pytest.mark.integration

API = "/api/v1/grants/"


@pytest.fixture
def register(tenant, other_tenant):
    return register_rows(tenant, other_tenant)


def get(client, query: str):
    return client.get(f"{API}?{query}")


def test_the_endpoint_is_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/grants/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"tenant", "year", "sphere", "status", "mode", "call", "q", "limit", "offset"} <= names
    assert "grants" in operation["tags"]
    schemas = document["components"]["schemas"]
    assert list(schemas["GrantOut"]["properties"]) == list(PUBLIC_FIELDS)
    assert all(schemas["GrantOut"]["properties"][name].get("description") for name in PUBLIC_FIELDS)


def test_lists_the_published_grants_of_the_tenant(client, tenant, register):
    response = get(client, f"tenant={tenant.slug}")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    assert data["totals"] == {"count": 3, "amount_awarded": "25000.75", "amount_settled": "4800.10"}
    assert [item["task_title"] for item in data["items"]] == [
        "Liga piłkarska dzieci",
        "Koncerty w dzielnicach",
        "Turniej na osiedlu",
    ]
    item = next(i for i in data["items"] if i["task_title"] == "Liga piłkarska dzieci")
    assert item["amount_awarded"] == "12000.50"
    assert item["call_id"] == register.call.pk
    assert item["status"] == "agreement"
    assert list(item) == list(PUBLIC_FIELDS)


def test_filters(client, tenant, register):
    assert [i["task_title"] for i in get(client, f"tenant={tenant.slug}&year=2026").json()["items"]] == [
        "Turniej na osiedlu"
    ]
    assert [i["task_title"] for i in get(client, f"tenant={tenant.slug}&mode=entrust").json()["items"]] == [
        "Koncerty w dzielnicach"
    ]
    data = get(client, f"tenant={tenant.slug}&status=agreement&sphere=1").json()
    assert [i["task_title"] for i in data["items"]] == ["Liga piłkarska dzieci"]
    assert data["totals"]["amount_awarded"] == "12000.50"
    assert get(client, f"tenant={tenant.slug}&call={register.call.pk}").json()["count"] == 2
    assert get(client, f"tenant={tenant.slug}&q=koncerty").json()["count"] == 1


def test_pagination(client, tenant):
    organisation = OrganisationFactory(listed_in=tenant)
    grants = [make_grant(tenant, organisation=organisation, task_title=f"Zadanie {n:02d}") for n in range(5)]
    first = get(client, f"tenant={tenant.slug}&limit=2").json()
    assert first["count"] == 5 and first["limit"] == 2 and first["offset"] == 0
    assert [i["id"] for i in first["items"]] == [g.pk for g in grants[:2]]
    last = get(client, f"tenant={tenant.slug}&limit=2&offset=4").json()
    assert [i["id"] for i in last["items"]] == [grants[4].pk]
    assert get(client, f"tenant={tenant.slug}&offset=50").json()["items"] == []


@pytest.mark.parametrize(
    "query",
    ["year=abc", "status=secret", "mode=x", "limit=0", "limit=100000", "offset=-1", "call=0", "q=" + "x" * 300],
)
def test_bad_parameters_are_refused_with_422(client, tenant, query):
    response = get(client, f"tenant={tenant.slug}&{query}")
    assert response.status_code == 422
    assert "detail" in response.json()


def test_unknown_missing_or_unpublished_tenant(client, db):
    assert get(client, "tenant=nie-ma-takiej").status_code == 404
    assert client.get(API).status_code == 422
    draft = TenantFactory(state=TenantState.DRAFT)
    make_grant(draft)
    response = get(client, f"tenant={draft.slug}")
    assert response.status_code == 404
    assert json.loads(response.content) == {"detail": "Not Found"}


def test_other_tenants_rows_are_not_listed(client, tenant, other_tenant, register):
    data = get(client, f"tenant={other_tenant.slug}").json()
    assert [i["task_title"] for i in data["items"]] == ["FOREIGN-TENANT-TASK"]
