"""The office's side of the offer update: the call's list, the review (evaluated version beside the update),
accept (offer AWARDED, register row "awarded") or return with reasons; e-mails; who may see and do it."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from pozytek.accounts.models import Role
from pozytek.agreements.selectors_updates import update_rows, update_versions
from pozytek.agreements.services.updates import accept_update, return_update
from pozytek.core.models import AuditEvent
from pozytek.core.workflow import TransitionNotAllowed
from pozytek.grants.states import GrantStatus
from pozytek.offers import services
from pozytek.offers.states import OfferState
from tests.agreements.update_helpers import (
    AWARDED,
    REQUESTED,
    awarded_less,
    fresh,
    grant_of,
    revise,
    submitted_update,
    versions,
)
from tests.conftest import login_with_mfa, with_totp
from tests.factories.accounts import MembershipFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

REASONS = "Harmonogram nie pokrywa ferii; proszę uzupełnić."


@pytest.fixture
def case(tenant, official):
    return submitted_update(tenant, official)


@pytest.fixture
def other_official(other_tenant):
    return with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user)


def office_url(name: str, tenant, **kwargs) -> str:
    return reverse(f"agreements_office_updates:{name}", kwargs={"tenant_slug": tenant.slug, **kwargs})


def review_url(case, tenant=None) -> str:
    return office_url("review", tenant or case.offer.tenant, offer_pk=case.offer.pk)


def version_number(case) -> str:
    return str(versions(case.offer)[-1].number)


# --- selectors ------------------------------------------------------------------------------------------------


def test_the_list_has_only_offers_awaiting_their_update_with_the_figures(case):
    with scopes_disabled():
        rows = update_rows(case.call)
    assert [row.offer.pk for row in rows] == [case.offer.pk]
    row = rows[0]
    assert (row.requested, row.awarded) == (REQUESTED, AWARDED)
    assert (row.updated_grant, row.updated_total) == (AWARDED, Decimal("8500.00"))
    assert row.update.number == 2


def test_before_the_update_there_is_only_the_evaluated_version(tenant, official):
    pending = awarded_less(tenant, official)
    with scopes_disabled():
        pair = update_versions(fresh(pending.offer))
        rows = update_rows(pending.call)
    assert pair.original.number == 1 and pair.update is None
    assert rows[0].updated_grant is None


# --- services -------------------------------------------------------------------------------------------------


def test_accepting_the_update_awards_the_offer_and_mails_the_organisation(
    case, official, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with scopes_disabled(), translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        accepted = accept_update(offer=case.offer, actor=official)
    assert accepted.state == OfferState.AWARDED and fresh(case.offer).state == OfferState.AWARDED
    assert grant_of(case.offer).status == GrantStatus.AWARDED
    sent = [m for m in mail.outbox if "Offer update accepted" in m.subject]
    assert len(sent) == 1 and sent[0].to == [case.offer.organisation.email]
    assert "7000.00" in sent[0].body and "version 2" in sent[0].body
    with scopes_disabled():
        actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"offer.submit_update", "offer.accept_update", "grant.status"} <= actions


def test_accepting_twice_is_refused(case, official):
    with scopes_disabled():
        accept_update(offer=case.offer, actor=official)
        with pytest.raises(TransitionNotAllowed):
            accept_update(offer=fresh(case.offer), actor=official)


def test_nothing_to_accept_before_the_update_is_submitted(tenant, official):
    pending = awarded_less(tenant, official)
    with scopes_disabled(), pytest.raises(TransitionNotAllowed):
        accept_update(offer=pending.offer, actor=official)
    assert grant_of(pending.offer).status == GrantStatus.UPDATE


def test_another_tenants_official_cannot_accept_or_return(case, other_official):
    with scopes_disabled():
        with pytest.raises(PermissionDenied):
            accept_update(offer=case.offer, actor=other_official)
        with pytest.raises(PermissionDenied):
            return_update(offer=case.offer, actor=other_official, reasons=REASONS)
    assert fresh(case.offer).state == OfferState.UPDATE_SUBMITTED


def test_the_organisation_cannot_accept_its_own_update(case):
    with scopes_disabled(), pytest.raises(PermissionDenied):
        accept_update(offer=case.offer, actor=case.author)


@pytest.mark.parametrize("reasons", ["", "   ", "x" * 5001])
def test_returning_needs_reasons(case, official, reasons):
    with scopes_disabled(), pytest.raises(ValidationError) as error:
        return_update(offer=case.offer, actor=official, reasons=reasons)
    assert "reasons" in error.value.message_dict
    assert fresh(case.offer).state == OfferState.UPDATE_SUBMITTED


def test_returning_the_update_reopens_it_with_the_reasons_by_mail(case, official, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with scopes_disabled(), translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        returned = return_update(offer=case.offer, actor=official, reasons=f"  {REASONS}  ")
    assert returned.state == OfferState.UPDATE_REQUIRED
    assert grant_of(case.offer).status == GrantStatus.UPDATE
    sent = [m for m in mail.outbox if "returned for changes" in m.subject]
    assert len(sent) == 1 and REASONS in sent[0].body
    with scopes_disabled():
        event = AuditEvent.objects.get(action="offer.return_update")
        assert event.data["reason"] == REASONS
        # The organisation revises and submits again: a third version, reviewed again.
        revise(case, trainer_hours="75")
        version = services.submit_update(offer=fresh(case.offer), actor=case.author)
        assert version.number == 3 and update_versions(fresh(case.offer)).update == version
        return_update(offer=fresh(case.offer), actor=official, reasons=REASONS)
        with pytest.raises(TransitionNotAllowed):  # the same return sent twice
            return_update(offer=fresh(case.offer), actor=official, reasons=REASONS)


# --- pages ----------------------------------------------------------------------------------------------------


def test_the_list_page(client, case, official):
    login_with_mfa(client, official)
    response = client.get(office_url("list", case.offer.tenant, call_pk=case.call.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="offer-{case.offer.pk}"' in html and f'id="offer-{case.full.pk}"' not in html
    assert "9,000.00" in html and "7,000.00" in html and "8,500.00" in html and review_url(case) in html


def test_the_review_shows_both_versions_and_the_changes(client, case, official):
    login_with_mfa(client, official)
    response = client.get(review_url(case), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="update-amounts"' in html and "Evaluated offer (version 1)" in html and "Update (version 2)" in html
    assert 'id="changes-costs"' in html and 'id="changes-sources"' in html
    assert 'id="accept-update"' in html and 'id="return-update"' in html


def test_accept_over_http_then_again(client, case, official):
    login_with_mfa(client, official)
    data = {"accept-version": version_number(case)}
    first = client.post(office_url("accept", case.offer.tenant, offer_pk=case.offer.pk), data)
    assert first.status_code == 302 and first.url == review_url(case)
    assert fresh(case.offer).state == OfferState.AWARDED
    second = client.post(office_url("accept", case.offer.tenant, offer_pk=case.offer.pk), data, follow=True)
    assert second.status_code == 200 and 'id="update-accepted"' in second.content.decode()
    assert grant_of(case.offer).status == GrantStatus.AWARDED


def test_return_over_http_needs_reasons(client, case, official):
    login_with_mfa(client, official)
    target = office_url("return", case.offer.tenant, offer_pk=case.offer.pk)
    empty = client.post(
        target, {"return-version": version_number(case), "return-reasons": " "}, HTTP_ACCEPT_LANGUAGE="en"
    )
    html = empty.content.decode()
    assert empty.status_code == 400 and "Give the reasons why the update is returned." in html
    assert 'aria-describedby="id_return-reasons_hint id_return-reasons_errors"' in html
    assert fresh(case.offer).state == OfferState.UPDATE_SUBMITTED
    done = client.post(target, {"return-version": version_number(case), "return-reasons": REASONS})
    assert done.status_code == 302 and fresh(case.offer).state == OfferState.UPDATE_REQUIRED
    again = client.post(target, {"return-version": version_number(case), "return-reasons": REASONS})
    assert again.status_code == 302


def test_a_decision_on_another_version_than_shown_is_refused(client, case, official):
    login_with_mfa(client, official)
    response = client.post(office_url("accept", case.offer.tenant, offer_pk=case.offer.pk), {"accept-version": "1"})
    assert response.status_code == 409 and fresh(case.offer).state == OfferState.UPDATE_SUBMITTED
    forged = client.post(office_url("accept", case.offer.tenant, offer_pk=case.offer.pk), {"accept-version": "x"})
    assert forged.status_code == 400 and fresh(case.offer).state == OfferState.UPDATE_SUBMITTED


def test_an_offer_awarded_in_full_has_no_update_page(client, case, official):
    login_with_mfa(client, official)
    assert client.get(office_url("review", case.offer.tenant, offer_pk=case.full.pk)).status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "resident", "ngo_member", "other_official"])
def test_only_the_tenants_office_reviews_updates(client, case, resident, other_official, who):
    users = {"resident": resident, "ngo_member": case.author, "other_official": other_official}
    if who != "anonymous":
        login_with_mfa(client, users[who])
    tenant = case.offer.tenant
    pages = [office_url("list", tenant, call_pk=case.call.pk), review_url(case)]
    for page in pages:
        response = client.get(page)
        assert response.status_code == (302 if who == "anonymous" else 403)
    data = {"accept-version": version_number(case)}
    response = client.post(office_url("accept", tenant, offer_pk=case.offer.pk), data)
    assert response.status_code == (302 if who == "anonymous" else 403)
    assert fresh(case.offer).state == OfferState.UPDATE_SUBMITTED


def test_another_tenants_ids_are_not_found(client, case, other_tenant, other_official):
    login_with_mfa(client, other_official)
    assert client.get(office_url("list", other_tenant, call_pk=case.call.pk)).status_code == 404
    assert client.get(review_url(case, other_tenant)).status_code == 404
    data = {"accept-version": version_number(case), "return-reasons": REASONS, "return-version": version_number(case)}
    assert client.post(office_url("accept", other_tenant, offer_pk=case.offer.pk), data).status_code == 404
    assert client.post(office_url("return", other_tenant, offer_pk=case.offer.pk), data).status_code == 404
    assert fresh(case.offer).state == OfferState.UPDATE_SUBMITTED


def test_an_official_without_totp_is_sent_to_set_it_up(client, case, tenant):
    plain = MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user
    client.force_login(plain)
    response = client.get(review_url(case))
    assert response.status_code == 302 and response.url.startswith(reverse("mfa_activate_totp"))


def test_the_review_before_any_update_has_nothing_to_decide(client, tenant, official):
    pending = awarded_less(tenant, official)
    login_with_mfa(client, official)
    response = client.get(office_url("review", tenant, offer_pk=pending.offer.pk), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200 and 'id="no-update"' in html and 'id="accept-update"' not in html
    forged = client.post(office_url("accept", tenant, offer_pk=pending.offer.pk), {"accept-version": "1"})
    assert forged.status_code == 302 and fresh(pending.offer).state == OfferState.UPDATE_REQUIRED
