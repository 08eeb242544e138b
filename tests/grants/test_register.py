"""The public grants register page: filters, totals, pagination, links, the organisation's history."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from pozytek.grants.models import Grant
from pozytek.grants.selectors import (
    grants_of_organisation,
    grants_of_organisation_across_tenants,
    public_grants,
    register_spheres,
    register_totals,
)
from pozytek.grants.states import GrantStatus
from pozytek.grants.views.public import PAGE_SIZE
from pozytek.tenants.states import TenantState
from tests.evaluation.decision_helpers import closed_call
from tests.factories.organisations import OrganisationFactory
from tests.factories.tenants import TenantFactory
from tests.grants.register_helpers import SECRETS, make_grant, register_rows

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def url(tenant, **params) -> str:
    base = reverse("grants:register", kwargs={"tenant_slug": tenant.slug})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@pytest.fixture
def register(tenant, other_tenant):
    return register_rows(tenant, other_tenant)


def test_the_page_lists_published_grants_with_totals(client, tenant, register):
    response = client.get(url(tenant))
    assert response.status_code == 200
    assert response.context["totals"].count == 3
    assert response.context["totals"].awarded == Decimal("25000.75")
    assert response.context["totals"].settled == Decimal("4800.10")
    ids = [row["id"] for row in response.context["rows"]]
    assert ids == [g.pk for g in sorted(register.published, key=lambda g: (-g.year, g.organisation_name, g.pk))]
    html = response.content.decode()
    assert "Liga piłkarska dzieci" in html
    assert "Klub Sportowy Orlik" in html
    assert "25,000.75" in html
    assert 'id="total-settled">4,800.10' in html
    assert reverse("competitions:detail", kwargs={"tenant_slug": tenant.slug, "pk": register.call.pk}) in html
    for secret in SECRETS:
        assert secret not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": "2026"}, ["Turniej na osiedlu"]),
        ({"sphere": "2"}, ["Koncerty w dzielnicach"]),
        ({"status": "settled"}, ["Turniej na osiedlu"]),
        ({"mode": "entrust"}, ["Koncerty w dzielnicach"]),
        ({"q": "liga"}, ["Liga piłkarska dzieci"]),
        ({"q": "orlik turniej"}, ["Turniej na osiedlu"]),
        ({"year": "2027", "sphere": "1"}, ["Liga piłkarska dzieci"]),
    ],
)
def test_filters_and_their_totals(client, tenant, register, params, expected):
    response = client.get(url(tenant, **params))
    assert response.status_code == 200
    assert [row["task_title"] for row in response.context["rows"]] == expected
    totals = response.context["totals"]
    assert totals.count == len(expected)
    chosen = [g for g in register.published if g.task_title in expected]
    assert totals.awarded == sum((g.amount_awarded for g in chosen), Decimal(0))


def test_filter_by_call(client, tenant, register):
    response = client.get(url(tenant, call=register.call.pk))
    assert {row["task_title"] for row in response.context["rows"]} == {
        "Liga piłkarska dzieci",
        "Koncerty w dzielnicach",
    }


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"status": "secret"},
        {"mode": "x"},
        {"sphere": "'; DROP TABLE"},
        {"call": "-1"},
        {"page": "abc"},
        {"q": "x" * 5000},
    ],
)
def test_bad_filter_values_are_ignored(client, tenant, register, params):
    response = client.get(url(tenant, **params))
    assert response.status_code == 200
    if "q" not in params:
        assert response.context["totals"].count == 3


def test_filter_choices_are_what_the_register_holds(client, tenant, register):
    response = client.get(url(tenant))
    assert response.context["years"] == [2027, 2026]
    assert [code for code, _label in response.context["spheres"]] == ["1", "2"]
    with scopes_disabled():
        assert [code for code, _label in register_spheres(tenant)] == ["1", "2"]


def test_export_links_carry_the_filters(client, tenant, register):
    html = client.get(url(tenant, year="2027", q="liga")).content.decode()
    for name in ("register_csv", "register_xlsx", "register_json"):
        assert reverse(f"grants:{name}", kwargs={"tenant_slug": tenant.slug}) + "?year=2027&amp;q=liga" in html


def test_pagination(client, tenant):
    organisation = OrganisationFactory(listed_in=tenant)
    for n in range(PAGE_SIZE + 5):
        make_grant(tenant, organisation=organisation, task_title=f"Zadanie {n:03d}", amount_awarded=Decimal("10.00"))
    first = client.get(url(tenant))
    assert len(first.context["rows"]) == PAGE_SIZE
    assert first.context["totals"].count == PAGE_SIZE + 5
    assert first.context["totals"].awarded == Decimal("550.00")
    assert 'rel="next"' in first.content.decode()
    second = client.get(url(tenant, page=2))
    assert len(second.context["rows"]) == 5
    assert client.get(url(tenant, page=999)).context["page_obj"].number == 2


def test_paginated_links_keep_the_filters(client, tenant):
    organisation = OrganisationFactory(listed_in=tenant)
    for _n in range(PAGE_SIZE + 1):
        make_grant(tenant, organisation=organisation, year=2027)
    html = client.get(url(tenant, year="2027")).content.decode()
    assert "?year=2027&amp;page=2" in html


def test_empty_register(client, tenant):
    response = client.get(url(tenant))
    assert response.status_code == 200
    with translation.override("en"):
        assert "No grants match the filters." in response.content.decode()
    assert response.context["totals"].awarded == Decimal("0.00")


def test_unknown_and_draft_tenants_are_not_found(client, db):
    assert client.get("/nie-ma-takiej/dotacje/").status_code == 404
    draft = TenantFactory(state=TenantState.DRAFT)
    make_grant(draft)
    for name in ("register", "register_csv", "register_xlsx", "register_json"):
        assert client.get(reverse(f"grants:{name}", kwargs={"tenant_slug": draft.slug})).status_code == 404


def test_the_totals_are_computed_in_the_database(tenant, register, django_assert_num_queries):
    grants = public_grants(tenant, year=2027)
    with django_assert_num_queries(1):
        totals = register_totals(grants)
    assert totals.count == 2


def test_a_decision_puts_its_grants_in_the_register(client, tenant, official):
    from pozytek.evaluation.services.decision import record_decision

    closed = closed_call(tenant, requested=("9000.00", "8000.00"), total_funds="20000.00")
    with scopes_disabled():
        record_decision(
            call=closed.call,
            actor=official,
            number="ZAR/15/2027",
            date=timezone.localdate(),
            note="",
            amounts={closed.offers[0].pk: Decimal("9000.00"), closed.offers[1].pk: Decimal("6000.00")},
            reasons={closed.offers[1].pk: "Mniej środków."},
        )
    response = client.get(url(tenant))
    rows = response.context["rows"]
    assert {row["organisation_name"] for row in rows} == {"Klub Sportowy 1", "Klub Sportowy 2"}
    assert {row["status"] for row in rows} == {GrantStatus.AWARDED, GrantStatus.UPDATE}
    assert response.context["totals"].awarded == Decimal("15000.00")
    assert {row["decision_number"] for row in rows} == {"ZAR/15/2027"}


def test_history_of_an_organisation(tenant, other_tenant):
    organisation = OrganisationFactory(listed_in=[tenant, other_tenant], name="Fundacja Wspólna")
    here = make_grant(tenant, organisation=organisation, task_title="Tutaj", year=2026)
    there = make_grant(other_tenant, organisation=organisation, task_title="Tam", year=2027)
    make_grant(tenant, organisation=organisation, task_title="UNPUBLISHED-SECRET-TASK", published=False)
    draft = TenantFactory(state=TenantState.DRAFT)
    make_grant(draft, organisation=organisation, task_title="DRAFT-TENANT-TASK")
    make_grant(tenant, task_title="Someone else's")

    everywhere = grants_of_organisation_across_tenants(organisation)
    assert [row["id"] for row in everywhere] == [there.pk, here.pk]
    assert everywhere[0]["tenant_slug"] == other_tenant.slug
    assert [row["id"] for row in grants_of_organisation(organisation, tenant)] == [here.pk]

    with translation.override("en"):
        html = render_to_string("grants/_history.html", {"grants_history": everywhere, "tenant": tenant})
    assert "Tutaj" in html and "Tam" in html
    assert other_tenant.name in html
    assert "UNPUBLISHED-SECRET-TASK" not in html and "DRAFT-TENANT-TASK" not in html
    assert reverse("grants:register", kwargs={"tenant_slug": other_tenant.slug}) in html


def test_history_is_empty_for_an_organisation_without_grants(tenant):
    organisation = OrganisationFactory(listed_in=tenant)
    assert grants_of_organisation_across_tenants(organisation) == []
    with translation.override("en"):
        html = render_to_string("grants/_history.html", {"grants_history": [], "tenant": tenant})
    assert "has no published grants" in html


def test_unpublished_rows_stay_out_of_the_register(tenant):
    """Unpublished rows exist in the table but never in the register."""
    register_rows(tenant, TenantFactory())
    with scopes_disabled():
        assert Grant.objects.filter(tenant=tenant).count() == 4
    assert public_grants(tenant).count() == 3
