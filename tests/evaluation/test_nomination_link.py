"""HTTP: the office's commission page links to the nomination page only for those who may nominate."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.evaluation.models import Recruitment
from pozytek.organisations.models import OrganisationMember
from pozytek.organisations.states import MemberRole
from tests.conftest import login_with_mfa
from tests.evaluation.commission_helpers import closed_call, commission_for
from tests.factories.offers import ngo_member

pytestmark = pytest.mark.integration


@pytest.fixture
def recruitment(tenant, official):
    commission = commission_for(closed_call(tenant, offers=1).call)
    with scopes_disabled():
        return Recruitment.objects.create(
            tenant=tenant, commission=commission, deadline=timezone.now() + dt.timedelta(days=7), opened_by=official
        )


def urls(recruitment):
    office = reverse(
        "evaluation_office_commission:detail",
        kwargs={"tenant_slug": recruitment.tenant.slug, "call_pk": recruitment.commission.call_id},
    )
    nominate = reverse(
        "evaluation_workspace:nominate",
        kwargs={"tenant_slug": recruitment.tenant.slug, "recruitment_pk": recruitment.pk},
    )
    return office, nominate


def test_an_official_without_an_organisation_gets_no_link_to_the_nomination_page(client, official, recruitment):
    office, nominate = urls(recruitment)
    login_with_mfa(client, official)

    response = client.get(office)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{nominate}"' not in html
    assert nominate in html  # the address is still shown, to pass on to organisations
    assert client.get(nominate).status_code == 403  # what the link would have led to


def test_an_official_who_keeps_an_organisation_follows_the_link(client, official, recruitment, tenant):
    ngo_member(tenant=tenant)  # someone else's organisation does not count
    _other, organisation = ngo_member(tenant=tenant)
    OrganisationMember.objects.create(organisation=organisation, user=official, role=MemberRole.EDITOR)
    office, nominate = urls(recruitment)
    login_with_mfa(client, official)

    html = client.get(office).content.decode()

    assert f'href="{nominate}"' in html
    assert client.get(nominate).status_code == 200
