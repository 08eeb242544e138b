"""The council's history on the office page: created, edited, its term started and ended, in order with
the states (an edit's own "from"/"to" data is not a move); only this body's, this tenant's events; one query."""

import re

import pytest
from django.db import transaction
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from pozytek.core.audit import record_event
from pozytek.councils.history import body_history
from pozytek.councils.services import bodies
from tests.conftest import login_with_mfa
from tests.councils.helpers import balanced_council, make_body

pytestmark = pytest.mark.integration


@pytest.fixture
def ended(tenant, official):
    official.full_name = "Jan Urzędnik"
    official.save()
    make_body(tenant, official, name="Zespół wspólny")  # another body: its events are its own
    body = balanced_council(tenant, official)
    with scope(tenant=tenant):
        bodies.update_body(body=body, actor=official, description="Nowy opis rady")
        return bodies.end_term(body=body, actor=official)


def test_the_office_sees_the_councils_changes_in_order(client, official, ended, tenant):
    with scopes_disabled():
        entries = body_history(ended, tenant=tenant)
    assert [(e.label, e.source, e.target) for e in entries] == [
        ("Council created", "", ""),
        ("Start the term", "Being formed", "Active"),
        ("Details edited", "", ""),
        ("End the term", "Active", "Term ended"),
    ]
    assert {e.who for e in entries} == {"Jan Urzędnik"}
    login_with_mfa(client, official)
    response = client.get(reverse("councils_office:body", kwargs={"tenant_slug": tenant.slug, "pk": ended.pk}))
    assert response.status_code == 200
    section = re.search(r'<section class="history".*?</section>', response.content.decode(), re.S).group(0)
    assert "End the term" in section and "Jan Urzędnik" in section


def test_other_tenants_events_never_appear_and_one_query(
    ended, official, tenant, other_tenant, django_assert_num_queries
):
    with scopes_disabled(), django_assert_num_queries(1):
        before = body_history(ended, tenant=tenant)
    with transaction.atomic():
        record_event(actor=None, subject=ended, action="council.body.create", data={}, tenant=other_tenant)
        for _ in range(10):
            record_event(actor=official, subject=ended, action="council.body.update", data={"from": {}, "to": {}})
    with scopes_disabled(), django_assert_num_queries(1):
        after = body_history(ended, tenant=tenant)
    assert len(after) == len(before) + 10
