"""The consultation's history on the office page: created, published, closed, report published, in order,
with the states and the report linked; only this consultation's, this tenant's events; one query."""

import re

import pytest
from django.db import transaction
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from pozytek.consultations import services
from pozytek.consultations.history import consultation_history
from pozytek.core.audit import record_event
from tests.conftest import login_with_mfa
from tests.consultations.consultation_helpers import draft, end_period, published

pytestmark = pytest.mark.integration


@pytest.fixture
def reported(tenant, official):
    official.full_name = "Jan Urzędnik"
    official.save()
    draft(tenant, official, title="Inna konsultacja")  # another consultation: its events are its own
    consultation = end_period(published(tenant, official))
    with scope(tenant=tenant):
        closed = services.close_consultation(consultation=consultation, actor=official)
        return services.publish_report(consultation=closed, actor=official, summary="Bez uwag.")


def test_the_office_sees_the_consultations_changes_in_order(client, official, reported, tenant):
    with scopes_disabled():
        entries = consultation_history(reported, tenant=tenant)
    assert [e.label for e in entries] == [
        "Consultation created",
        "Publish the consultation",
        "Close the consultation",
        "Publish the consultation report",
    ]
    assert [(e.source, e.target) for e in entries if e.source] == [
        ("Draft", "Published"),
        ("Published", "Closed"),
        ("Closed", "Report published"),
    ]
    assert {e.who for e in entries} == {"Jan Urzędnik"}
    login_with_mfa(client, official)
    response = client.get(
        reverse("consultations_office:detail", kwargs={"tenant_slug": tenant.slug, "pk": reported.pk})
    )
    assert response.status_code == 200
    section = re.search(r'<section class="history".*?</section>', response.content.decode(), re.S).group(0)
    assert "Publish the consultation report" in section and "Jan Urzędnik" in section
    assert reverse("consultations_office:report", kwargs={"tenant_slug": tenant.slug, "pk": reported.pk}) in section


def test_other_tenants_events_never_appear_and_one_query(
    reported, official, tenant, other_tenant, django_assert_num_queries
):
    with scopes_disabled(), django_assert_num_queries(1):
        before = consultation_history(reported, tenant=tenant)
    with transaction.atomic():
        record_event(actor=None, subject=reported, action="consultation.create", data={}, tenant=other_tenant)
        for _ in range(10):
            record_event(actor=official, subject=reported, action="consultation.answer", data={})
    with scopes_disabled(), django_assert_num_queries(1):
        after = consultation_history(reported, tenant=tenant)
    assert len(after) == len(before) + 10
