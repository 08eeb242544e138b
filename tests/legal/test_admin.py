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


def _new_value(**changes):
    data = {
        "key": "small_grant.max_amount",
        "name": "Maksymalna kwota małego grantu",
        "value": "25000.00",
        "unit": "pln",
        "effective_from": "2031-01-01",
        "valid_to": "",
        "kind": "statutory",
        "legal_basis": "art. 19a ust. 1 (przykład)",
        "needs_verification": "on",
        "note": "",
    }
    data.update(changes)
    return data


def test_the_platform_administrator_adds_a_dated_value_of_a_dotted_key(admin_client):
    """Until now the key was a slug: the admin refused every real key (they contain a dot)."""
    from pozytek.legal.models import LegalParameter
    from pozytek.legal.selectors import legal_value

    response = admin_client.post("/admin/legal/legalparameter/add/", _new_value())

    assert response.status_code == 302
    row = LegalParameter.objects.get(key="small_grant.max_amount", effective_from="2031-01-01")
    assert row.tenant is None and str(row.value) == "25000.00"
    import datetime as dt

    assert legal_value("small_grant.max_amount", on=dt.date(2031, 6, 1)) == row.value


def test_a_second_value_from_the_same_day_is_a_field_error_not_a_server_error(admin_client):
    from pozytek.legal.models import LegalParameter

    admin_client.post("/admin/legal/legalparameter/add/", _new_value())
    again = admin_client.post("/admin/legal/legalparameter/add/", _new_value(value="30000.00"))

    assert again.status_code == 200
    assert "Ten parametr ma już wartość obowiązującą od tej daty." in again.content.decode()
    assert LegalParameter.objects.filter(key="small_grant.max_amount", effective_from="2031-01-01").count() == 1


def test_a_key_that_is_not_dotted_lower_case_is_refused_next_to_the_field(admin_client):
    response = admin_client.post("/admin/legal/legalparameter/add/", _new_value(key="Small Grant!"))

    assert response.status_code == 200
    assert "Użyj małych liter, cyfr i podkreśleń" in response.content.decode()
