"""Prepared queries (pozytek/core/prepared.py) give what their queryset gives, compiled once."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from pozytek.core.prepared import PreparedQuery
from pozytek.offers.models import Action, Offer
from pozytek.offers.selectors import OFFEROR_COUNT, with_offeror_count
from pozytek.tenants.models import Tenant
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import complete_offer
from tests.factories.tenants import TenantFactory

pytestmark = pytest.mark.integration


def _fields(obj):
    return {k: v for k, v in obj.__dict__.items() if k != "_state"}


def test_instances_with_related_rows_and_annotations_are_those_of_the_queryset(tenant):
    offer, actor = complete_offer(PublishedCallFactory(tenant=tenant), joint=True)

    def build(pk, user_id):
        return with_offeror_count(
            Offer._base_manager.filter(pk=pk, organisation__members__user_id=user_id)
        ).select_related("call", "organisation")

    prepared = PreparedQuery(build, pk=int, user_id=int)
    with scopes_disabled():
        expected = build(offer.pk, actor.pk).get()
    for _ in range(2):  # compiled on the first call, reused on the second
        (found,) = prepared.fetch(pk=offer.pk, user_id=actor.pk)
        assert _fields(found) == _fields(expected)
        assert getattr(found, OFFEROR_COUNT) == 2
        assert _fields(found.call) == _fields(expected.call)
        assert _fields(found.organisation) == _fields(expected.organisation)
        assert found._state.db == "default" and not found._state.adding
        assert found.__dict__["_loaded_state"] == offer.state  # post_init ran: the workflow's guard sees the state
    assert prepared.fetch(pk=offer.pk, user_id=actor.pk + 1000) == []


def test_values_and_new_values_each_call(tenant, other_tenant):
    prepared = PreparedQuery(lambda slug: Tenant.objects.filter(slug=slug).values_list("pk", "name"), slug=str)
    assert prepared.fetch(slug=tenant.slug) == [(tenant.pk, tenant.name)]
    assert prepared.fetch(slug=other_tenant.slug) == [(other_tenant.pk, other_tenant.name)]
    assert prepared.fetch(slug="o'reilly; --") == []
    renamed = TenantFactory(slug="nowa")
    assert prepared.fetch(slug="nowa") == [(renamed.pk, renamed.name)]  # rows are read each time, never cached


def test_one_query_each_call(tenant):
    prepared = PreparedQuery(lambda pk: Tenant.objects.filter(pk=pk), pk=int)
    prepared.fetch(pk=tenant.pk)
    with CaptureQueriesContext(connection) as queries:
        assert prepared.fetch(pk=tenant.pk) == [tenant]
    assert len(queries) == 1 and str(tenant.pk) in queries[0]["sql"]


@pytest.mark.django_db(transaction=True)  # outside the test's own transaction, as a request is
def test_locking_needs_a_transaction(tenant):
    prepared = PreparedQuery(lambda pk: Tenant.objects.select_for_update().filter(pk=pk).values_list("slug"), pk=int)
    if connection.features.has_select_for_update:
        with pytest.raises(TransactionManagementError):
            prepared.fetch(pk=tenant.pk)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        assert prepared.fetch(pk=tenant.pk) == [(tenant.slug,)]
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in queries[0]["sql"]


def test_parameters_are_checked(tenant):
    prepared = PreparedQuery(lambda pk: Tenant.objects.filter(pk=pk), pk=int)
    with pytest.raises(TypeError):
        prepared.fetch(pk=str(tenant.pk))
    with pytest.raises(TypeError):
        prepared.fetch(pk=True)
    with pytest.raises(TypeError):
        prepared.fetch(id=tenant.pk)
    with pytest.raises(ImproperlyConfigured):
        PreparedQuery(lambda pk: Tenant.objects.filter(pk=pk), pk=float)


def test_small_integer_columns_and_repeated_constants(tenant):
    offer, _ = complete_offer(PublishedCallFactory(tenant=tenant))
    with scopes_disabled():
        year = offer.actions.get().year
        by_year = PreparedQuery(
            lambda year: Action._base_manager.filter(year=year, order=0).values_list("year"), year=int
        )
        assert by_year.fetch(year=year) == [(year,)]
        # A parameter equal to a constant of the query is still told apart from it.
        assert by_year.fetch(year=0) == []


def test_a_parameter_that_does_not_reach_the_sql_unchanged_is_refused(tenant):
    contains = PreparedQuery(lambda name: Tenant.objects.filter(name__contains=name), name=str)
    with pytest.raises(ImproperlyConfigured):
        contains.fetch(name="Testowo")
    unused = PreparedQuery(lambda pk: Tenant.objects.all(), pk=int)
    with pytest.raises(ImproperlyConfigured):
        unused.fetch(pk=tenant.pk)
