"""`in_array`: the rows whose integer column is among the values, one array parameter on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pozytek.tenants.models import Tenant

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_the_rows_among_the_values_as_in_gives_them(tenant, other_tenant):
    ids = [tenant.pk, other_tenant.pk, 10**9]

    with CaptureQueriesContext(connection) as queries:
        found = sorted(Tenant.objects.filter(pk__in_array=ids).values_list("pk", flat=True))

    assert found == sorted(Tenant.objects.filter(pk__in=ids).values_list("pk", flat=True))
    assert found == sorted([tenant.pk, other_tenant.pk])
    if connection.vendor == "postgresql":
        assert "= ANY(" in queries[0]["sql"]


def test_no_values_no_rows(tenant):
    assert list(Tenant.objects.filter(pk__in_array=[])) == []
    assert list(Tenant.objects.exclude(pk__in_array=[]).values_list("pk", flat=True)) == [tenant.pk]


def test_values_must_be_integers(tenant):
    assert list(Tenant.objects.filter(pk__in_array=[str(tenant.pk)]).values_list("pk", flat=True)) == [tenant.pk]
    with pytest.raises(ValueError):
        Tenant.objects.filter(pk__in_array=["1; DROP TABLE x"])
