"""Other recorded forms of cooperation (the seeds' "zakup usług (w tym klauzule społeczne)", partnership
projects, agreements without a grant): recorded under the programme with their partner, value and period,
counted in the programme's report with their value, and shown on the organisation's public profile."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from pozytek.programmes.models import Activity
from pozytek.programmes.record_kinds import activity_records
from pozytek.programmes.services import programmes as services
from pozytek.programmes.states import ActivityKind
from tests.conftest import login_with_mfa
from tests.factories.organisations import OrganisationFactory
from tests.programmes.helpers import draft_programme, programme_in_force

YEAR = 2026


def record(tenant, official, programme, **kwargs):
    with scope(tenant=tenant):
        return services.record_activity(
            programme=programme,
            actor=official,
            form=programme.forms.first(),
            on=dt.date(YEAR, 3, 1),
            title=kwargs.pop("title", "Usługa opieki wytchnieniowej"),
            **kwargs,
        )


def test_a_purchase_of_services_keeps_its_value_partner_period_and_social_clauses(tenant, official):
    programme = programme_in_force(tenant, official, year=YEAR)
    activity = record(
        tenant,
        official,
        programme,
        kind=ActivityKind.SERVICE_PURCHASE,
        ends_on=dt.date(YEAR, 12, 31),
        partner="Spółdzielnia Socjalna Razem",
        value=Decimal("48000.00"),
        social_clauses=True,
    )
    with scope(tenant=tenant):
        rows = activity_records(tenant, YEAR)
    assert (activity.kind, activity.partner, activity.social_clauses) == (
        "service_purchase",
        "Spółdzielnia Socjalna Razem",
        True,
    )
    assert [(row.pk, row.amount) for row in rows] == [(activity.pk, Decimal("48000.00"))]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"ends_on": dt.date(YEAR, 2, 1)}, "ends_on"),
        ({"value": Decimal("-1")}, "value"),
        ({"social_clauses": True, "kind": ActivityKind.PARTNERSHIP}, "social_clauses"),
        ({"kind": "grant"}, "kind"),
    ],
)
def test_bad_values_are_refused_next_to_their_field_and_nothing_is_saved(tenant, official, kwargs, field):
    programme = programme_in_force(tenant, official, year=YEAR)
    with pytest.raises(ValidationError) as refused:
        record(tenant, official, programme, **kwargs)
    assert field in refused.value.message_dict
    with scopes_disabled():
        assert not Activity.objects.exists()


def test_the_office_form_records_a_partnership_project(client, tenant, official):
    programme = programme_in_force(tenant, official, year=YEAR)
    partner = OrganisationFactory(listed_in=tenant, name="Fundacja Partnerska")
    login_with_mfa(client, official)
    url = reverse("programmes_office:activity_add", kwargs={"tenant_slug": tenant.slug, "pk": programme.pk})
    with scopes_disabled():
        form = programme.forms.first()
    data = {
        "form": form.pk,
        "kind": "partnership",
        "on": f"{YEAR}-01-15",
        "ends_on": f"{YEAR}-01-14",
        "title": "Projekt partnerski z funduszy EOG",
        "value": "250000.00",
        "organisations": [partner.pk],
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    with scopes_disabled():
        assert not Activity.objects.exists()
    assert client.post(url, {**data, "ends_on": f"{YEAR}-12-31"}).status_code == 302
    with scopes_disabled():
        activity = Activity.objects.get()
    assert (activity.kind, activity.value, activity.ends_on) == (
        "partnership",
        Decimal("250000.00"),
        dt.date(YEAR, 12, 31),
    )


def test_the_organisations_profile_shows_its_other_cooperation_from_adopted_programmes_only(client, tenant, official):
    organisation = OrganisationFactory(listed_in=tenant, name="Spółdzielnia Socjalna Razem")
    adopted = programme_in_force(tenant, official, year=YEAR)
    record(
        tenant,
        official,
        adopted,
        kind=ActivityKind.SERVICE_PURCHASE,
        value=Decimal("12000.00"),
        organisations=[organisation],
        title="Catering z klauzulą społeczną",
        social_clauses=True,
    )
    draft = draft_programme(tenant, official, year=YEAR + 1)
    assert draft.state == "draft"
    page = client.get(reverse("organisations:profile", kwargs={"tenant_slug": tenant.slug, "pk": organisation.pk}))
    text = page.content.decode()
    assert "Catering z klauzulą społeczną" in text
    assert re.search(r"12[\xa0 ,]000[.,]00", text)
