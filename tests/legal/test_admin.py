"""The platform administrator sees which legal parameters are verified, since when, on what basis."""

import pytest

from tests.conftest import login_with_mfa

pytestmark = pytest.mark.integration


@pytest.fixture
def admin_client(client, platform_admin):
    login_with_mfa(client, platform_admin)
    return client


def test_admin_list_shows_verification_state_basis_and_kind(admin_client):
    html = admin_client.get("/admin/legal/legalparameter/").content.decode()

    assert "column-needs_verification" in html
    assert "column-effective_from" in html
    assert "column-legal_basis" in html
    assert "column-kind" in html
    assert "art. 251 ust. 3 ustawy o finansach publicznych" in html
    assert "wartość domyślna; samorząd ustala własną" in html


def test_admin_filters_parameters_still_to_be_verified(admin_client):
    html = admin_client.get("/admin/legal/legalparameter/?needs_verification__exact=1").content.decode()

    assert "competition.justification_request_days" in html
    assert "competition.offer_period_min_days" not in html
    assert "kind__exact=tenant_default" in html  # the filter by kind is offered
