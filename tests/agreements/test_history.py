"""The agreement's history on the office page and on the organisation's page: prepared, edited (office
only), signed with the signed file's SHA-256, annexed, terminated; only this record's, this tenant's events."""

import re

import pytest
from django.db import transaction
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from pozytek.agreements.history import agreement_history
from pozytek.agreements.models import Agreement
from pozytek.agreements.services.agreements import (
    ProposedTerms,
    sign_agreement,
    terminate_agreement,
    update_agreement,
)
from pozytek.core.audit import record_event
from tests.agreements.agreement_helpers import awarded_grant, member_of, prepared, terms, upload
from tests.agreements.annex_helpers import approved
from tests.conftest import login_with_mfa

pytestmark = pytest.mark.integration

REASON = "Notatka urzędu: organizacja nie złożyła zabezpieczenia"


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def history_section(html: str) -> str:
    match = re.search(r'<section class="history".*?</section>', html, re.S)
    assert match, "the page has no history section"
    return match.group(0)


def fresh(agreement: Agreement) -> Agreement:
    with scopes_disabled():
        return Agreement.objects.select_related("tenant", "offer", "offer__call", "version", "grant").get(
            pk=agreement.pk
        )


@pytest.fixture
def case(tenant, official):
    """(agreement, keeper): prepared, edited, signed, annexed, terminated."""

    official.full_name = "Jan Urzędnik"
    official.save()
    grant = awarded_grant(tenant, official)
    keeper = member_of(grant)
    keeper.full_name = "Anna Prezes"
    keeper.save()
    agreement = prepared(grant, official)
    with scope(tenant=tenant):
        update_agreement(
            agreement=fresh(agreement), actor=official, proposed=ProposedTerms(**terms(grant, place="Nowe Testowo"))
        )
        sign_agreement(agreement=fresh(agreement), actor=official, concluded_on=timezone.localdate(), upload=upload())
    approved(fresh(agreement), keeper, official)
    with scope(tenant=tenant):
        terminate_agreement(agreement=fresh(agreement), actor=official, reason=REASON)
    return fresh(agreement), keeper


def test_the_office_sees_the_agreements_changes_in_order(client, official, case, tenant):
    agreement, _keeper = case
    with scopes_disabled():
        entries = agreement_history(agreement, tenant=tenant, audience="office")
    assert [e.label for e in entries] == [
        "Agreement prepared",
        "Terms of the agreement edited",
        "Record the signed agreement",
        "Annex approved: terms changed",
        "Terminate the agreement",
    ]
    assert [(e.source, e.target) for e in entries if e.source] == [
        ("Prepared: awaiting signatures", "Signed"),
        ("Signed", "Terminated"),
    ]
    assert {e.who for e in entries} == {"Jan Urzędnik"}
    assert entries[-1].reason == REASON
    login_with_mfa(client, official)
    response = client.get(f"/testowo/urzad/umowy/{agreement.pk}/")
    assert response.status_code == 200
    section = history_section(response.content.decode())
    assert agreement.signed_file_sha256 in section
    assert f"/testowo/urzad/umowy/{agreement.pk}/podpisana/" in section
    assert f"/testowo/urzad/oferty/{agreement.offer_id}/wersja/1.pdf" in section
    assert "Terms of the agreement edited" in section and REASON in section


def test_the_organisation_sees_the_office_and_never_its_working_notes(client, case, tenant):
    agreement, keeper = case
    client.force_login(keeper)
    response = client.get(f"/moje-organizacje/umowy/{agreement.pk}/")
    assert response.status_code == 200
    section = history_section(response.content.decode())
    assert "Record the signed agreement" in section and "Terminate the agreement" in section
    assert "Terms of the agreement edited" not in section and REASON not in section
    assert "Jan Urzędnik" not in section and tenant.office_name in section
    assert f"/moje-organizacje/umowy/{agreement.pk}/podpisana/" in section and "/urzad/" not in section


def test_other_tenants_events_never_appear_and_one_query(case, tenant, other_tenant, django_assert_num_queries):
    agreement, keeper = case
    with scopes_disabled(), django_assert_num_queries(1):
        before = agreement_history(agreement, tenant=tenant, audience="member")
    with transaction.atomic():
        record_event(actor=None, subject=agreement, action="agreement.prepare", data={}, tenant=other_tenant)
        for _ in range(15):
            record_event(
                actor=keeper, subject=agreement, action="agreement.annex", data={"annex": 9, "sha256": "0" * 64}
            )
    for audience in ("office", "member"):
        with scopes_disabled(), django_assert_num_queries(1):
            after = agreement_history(agreement, tenant=tenant, audience=audience)
        assert len(after) == len(before) + 15 + (1 if audience == "office" else 0)
        assert all(e.who != "the platform" for e in after)
