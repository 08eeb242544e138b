"""The call form tells the official the minimum offer period the publication will enforce, with its article."""

import datetime as dt
from decimal import Decimal

import pytest

from pozytek.legal.models import LegalParameter
from tests.conftest import login_with_mfa

pytestmark = pytest.mark.integration


def test_call_form_shows_the_minimum_offer_period_and_its_article(client, tenant, official):
    login_with_mfa(client, official)

    html = client.get("/testowo/urzad/konkursy/nowy/").content.decode()

    assert "co najmniej 21 dni" in html
    assert "art. 13 ust. 1 ustawy z dnia 24 kwietnia 2003 r." in html


def test_call_form_shows_the_tenants_own_longer_period(client, tenant, official):
    LegalParameter.objects.create(
        key="competition.offer_period_min_days",
        value=Decimal(30),
        unit="days",
        effective_from=dt.date(2020, 1, 1),
        name="Minimalny termin na składanie ofert",
        legal_basis="uchwała w sprawie programu współpracy",
        tenant=tenant,
    )
    login_with_mfa(client, official)

    html = client.get("/testowo/urzad/konkursy/nowy/").content.decode()

    assert "co najmniej 30 dni" in html
    assert "uchwała w sprawie programu współpracy" in html
