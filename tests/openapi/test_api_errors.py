"""Errors of the read-only API (/api/v1/): every one is JSON, described in the OpenAPI document,
and no parameter value, however hostile, makes the server fail (500)."""

import pytest
from django.test import Client

from tests.factories.organisations import OrganisationFactory
from tests.factories.tenants import TenantFactory
from tests.grants.register_helpers import make_grant

pytestmark = pytest.mark.integration

MAX_OFFSET = 1_000_000_000
MAX_LIMITS = {"organisations": 200, "grants": 500}
HUGE = "9" * 30
HOSTILE_VALUES = [
    "",
    "-1",
    "0",
    "1.5",
    "1e3",
    "abc",
    "true",
    "null",
    "%5B%5D",  # []
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    HUGE,
    "-" + HUGE,
    "%00",
    "%C4%85%C4%99",  # ąę
    "%FF",  # not UTF-8
    "x" * 1000,
    "%27%3B--",  # ';--
]


@pytest.fixture
def server_errors_as_responses():
    """A client that returns a 500 instead of re-raising it, so a test can say which input caused it."""
    return Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def organisation(tenant):
    return OrganisationFactory(name="Fundacja Testowa", listed_in=tenant)


def organisations_url(slug, query=""):
    return f"/api/v1/{slug}/organisations" + (f"?{query}" if query else "")


def grants_url(slug, query=""):
    return f"/api/v1/grants/?tenant={slug}" + (f"&{query}" if query else "")


URLS = {"organisations": organisations_url, "grants": grants_url}


def assert_json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    data = response.json()
    assert set(data) == {"detail"}
    return data["detail"]


def assert_validation_error(response, parameter):
    detail = assert_json_error(response, 422)
    assert isinstance(detail, list) and detail
    for issue in detail:
        assert {"type", "loc", "msg"} <= set(issue)
        assert isinstance(issue["msg"], str) and issue["msg"]
    assert ["query", parameter] in [issue["loc"] for issue in detail]


@pytest.mark.parametrize("endpoint", ["organisations", "grants"])
@pytest.mark.parametrize(
    "value", [HUGE, "9223372036854775808", "9223372036854775807", str(MAX_OFFSET + 1), "-1", "abc", "1.5", "1e3"]
)
def test_offset_out_of_range_or_not_an_integer_answers_json_422(client, tenant, endpoint, value):
    response = client.get(URLS[endpoint](tenant.slug, f"offset={value}"))

    assert_validation_error(response, "offset")


@pytest.mark.parametrize("endpoint", ["organisations", "grants"])
def test_limit_out_of_range_or_not_an_integer_answers_json_422(client, tenant, endpoint):
    for value in ["0", "-1", str(MAX_LIMITS[endpoint] + 1), HUGE, "abc", "2.5"]:
        assert_validation_error(client.get(URLS[endpoint](tenant.slug, f"limit={value}")), "limit")


@pytest.mark.parametrize("endpoint", ["organisations", "grants"])
def test_the_largest_limit_and_offset_answer_an_empty_page(client, tenant, organisation, endpoint):
    make_grant(tenant, organisation=organisation)
    response = client.get(URLS[endpoint](tenant.slug, f"limit={MAX_LIMITS[endpoint]}&offset={MAX_OFFSET}"))

    assert response.status_code == 200
    data = response.json()
    assert (data["count"], data["limit"], data["offset"], data["items"]) == (1, MAX_LIMITS[endpoint], MAX_OFFSET, [])


def test_a_call_beyond_the_integer_range_answers_json_422(client, tenant):
    assert_validation_error(client.get(grants_url(tenant.slug, f"call={HUGE}")), "call")
    assert_validation_error(client.get(grants_url(tenant.slug, "call=9223372036854775808")), "call")


@pytest.mark.parametrize("endpoint", ["organisations", "grants"])
@pytest.mark.parametrize("parameter", ["q", "sphere"])
def test_a_null_character_in_a_text_parameter_answers_json_422(client, tenant, endpoint, parameter):
    # PostgreSQL refuses NUL in a string literal: it must never reach a query.
    assert_validation_error(client.get(URLS[endpoint](tenant.slug, f"{parameter}=a%00b")), parameter)


def test_missing_tenant_answers_json_422(client, db):
    assert_validation_error(client.get("/api/v1/grants/"), "tenant")


@pytest.mark.parametrize(
    "make_url",
    [
        organisations_url,
        lambda slug: f"/api/v1/{slug}/organisations/1",
        grants_url,
    ],
    ids=["organisations", "organisation", "grants"],
)
def test_unknown_or_unpublished_tenant_answers_json_404(client, db, make_url):
    draft = TenantFactory(state="draft")

    for slug in ["nie-ma-takiej-gminy", draft.slug, "a%00b", "%C4%85"]:
        assert assert_json_error(client.get(make_url(slug)), 404) == "Not Found"


def test_unknown_organisation_answers_json_404(client, tenant):
    for pk in ["987654", "0", "-1", HUGE]:
        response = client.get(f"/api/v1/{tenant.slug}/organisations/{pk}")
        assert assert_json_error(response, 404) == "Not Found"
    detail = assert_json_error(client.get(f"/api/v1/{tenant.slug}/organisations/abc"), 422)
    assert ["path", "id"] in [issue["loc"] for issue in detail]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "url",
    ["/api/v1/testowo/organisations", "/api/v1/testowo/organisations/1", "/api/v1/grants/?tenant=testowo"],
)
def test_other_methods_answer_json_405(client, tenant, method, url):
    response = getattr(client, method)(url)

    assert assert_json_error(response, 405) == "Method Not Allowed"
    assert response["Allow"] == "GET"


def test_unknown_address_under_the_api_answers_json_404(client, db):
    for url in ["/api/v1/nothing", "/api/v1/nothing/", "/api/v1/grants/extra", "/api/v1/testowo/organisations/1/x"]:
        assert assert_json_error(client.get(url), 404) == "Not Found"


def test_an_address_without_its_slash_is_still_redirected(client, tenant):
    response = client.get("/api/v1/grants?tenant=testowo")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/grants/?tenant=testowo"


def _resolve(document, schema):
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def test_every_operation_documents_its_404_and_422_json_responses(client, db):
    document = client.get("/api/v1/openapi.json").json()
    operations = [(path, item[method]) for path, item in document["paths"].items() for method in item]

    assert len(operations) >= 3
    for path, operation in operations:
        for status in ("200", "404", "422"):
            response = operation["responses"].get(status)
            assert response, f"{path}: no {status} response documented"
            assert response["description"]
            schema = _resolve(document, response["content"]["application/json"]["schema"])
            assert schema["type"] == "object", (path, status)
        for status in ("404", "422"):
            schema = _resolve(document, operation["responses"][status]["content"]["application/json"]["schema"])
            assert schema["required"] == ["detail"], (path, status)
        detail_404 = _resolve(document, operation["responses"]["404"]["content"]["application/json"]["schema"])
        assert detail_404["properties"]["detail"]["type"] == "string"
        detail_422 = _resolve(document, operation["responses"]["422"]["content"]["application/json"]["schema"])
        issue = _resolve(document, detail_422["properties"]["detail"]["items"])
        assert {"type", "loc", "msg"} <= set(issue["required"])


def test_the_openapi_document_states_the_bounds_of_limit_and_offset(client, db):
    document = client.get("/api/v1/openapi.json").json()
    for path, endpoint in [("/api/v1/{tenant_slug}/organisations", "organisations"), ("/api/v1/grants/", "grants")]:
        parameters = {p["name"]: p["schema"] for p in document["paths"][path]["get"]["parameters"]}
        assert (parameters["limit"]["minimum"], parameters["limit"]["maximum"]) == (1, MAX_LIMITS[endpoint])
        assert (parameters["offset"]["minimum"], parameters["offset"]["maximum"]) == (0, MAX_OFFSET)


def test_no_parameter_value_gives_a_server_error(server_errors_as_responses, tenant, organisation):
    """Every parameter of every operation in the OpenAPI document, with hostile values: never a 500,
    always JSON, always a status the document describes for that operation."""
    client = server_errors_as_responses
    make_grant(tenant, organisation=organisation)
    document = client.get("/api/v1/openapi.json").json()
    valid = {"tenant_slug": tenant.slug, "id": str(organisation.pk), "tenant": tenant.slug}
    checked = 0
    for path, item in document["paths"].items():
        for method, operation in item.items():
            parameters = operation["parameters"]
            required = {p["name"]: valid[p["name"]] for p in parameters if p.get("required")}
            for parameter in parameters:
                for value in HOSTILE_VALUES:
                    values = {**required, parameter["name"]: value}
                    url = path
                    query = []
                    for name, given in values.items():
                        source = next(p["in"] for p in parameters if p["name"] == name)
                        if source == "path":
                            url = url.replace("{" + name + "}", given)
                        else:
                            query.append(f"{name}={given}")
                    url += "?" + "&".join(query)
                    response = getattr(client, method)(url)
                    assert response.status_code in {int(s) for s in operation["responses"]}, (url, response.content)
                    assert response["Content-Type"].startswith("application/json"), url
                    body = response.json()
                    if response.status_code == 200:
                        assert "items" in body or "id" in body, url
                    else:
                        assert set(body) == {"detail"}, url
                    checked += 1
    assert checked >= len(HOSTILE_VALUES) * 10
