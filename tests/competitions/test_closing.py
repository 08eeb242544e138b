"""Closing and cancelling calls (services, the scheduled command, office buttons) and unique numbers."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pozytek.competitions.models import Call
from pozytek.competitions.services import (
    cancel_call,
    close_call,
    close_expired_calls,
    create_call,
    publish_call,
    update_call,
)
from pozytek.competitions.states import CallState
from pozytek.core.models import AuditEvent
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.offers import services as offer_services
from tests.competitions.test_views import valid_post
from tests.conftest import login_with_mfa, with_totp
from tests.factories.competitions import CallFactory, PublishedCallFactory
from tests.factories.offers import complete_offer

pytestmark = pytest.mark.integration


def move_deadline(call: Call, **delta: float) -> Call:
    """Put the offer deadline `delta` from now (negative: in the past), as time passing would."""
    with scopes_disabled():
        Call.objects.filter(pk=call.pk).update(offer_deadline=timezone.now() + dt.timedelta(**delta))
        return Call.objects.get(pk=call.pk)


def state_of(call: Call) -> str:
    with scopes_disabled():
        return Call.objects.get(pk=call.pk).state


def submitted(call: Call):
    offer, actor = complete_offer(call)
    with scopes_disabled():
        offer_services.submit_offer(offer=offer, actor=actor)
    return offer, actor


@pytest.fixture
def office(client, official):
    login_with_mfa(client, official)
    return client


# --- closing -------------------------------------------------------------------------------------


def test_close_before_the_deadline_is_blocked(tenant, official):
    call = PublishedCallFactory(tenant=tenant)

    with scope(tenant=tenant), pytest.raises(TransitionBlocked) as blocked:
        close_call(call=call, actor=official)

    assert [p.section for p in blocked.value.problems] == ["offer_deadline"]
    assert state_of(call) == CallState.PUBLISHED


def test_close_shortly_before_the_deadline_is_still_blocked(tenant, official):
    call = move_deadline(PublishedCallFactory(tenant=tenant), seconds=5)

    with scope(tenant=tenant), pytest.raises(TransitionBlocked):
        close_call(call=call, actor=official)


def test_close_after_the_deadline_closes_and_records_the_actor(tenant, official):
    call = move_deadline(PublishedCallFactory(tenant=tenant), minutes=-1)

    with scope(tenant=tenant):
        closed = close_call(call=call, actor=official)

    assert closed.state == CallState.CLOSED
    event = AuditEvent.objects.get(action="call.close")
    assert event.actor_id == official.pk and event.tenant_id == tenant.pk


def test_close_refuses_a_resident_and_a_closed_call(tenant, official, resident):
    call = move_deadline(PublishedCallFactory(tenant=tenant), minutes=-1)

    with scope(tenant=tenant):
        with pytest.raises(PermissionDenied):
            close_call(call=call, actor=resident)
        close_call(call=call, actor=official)
        with pytest.raises(TransitionNotAllowed):
            close_call(call=call, actor=official)


def test_officials_cannot_use_the_system_transition_and_the_system_cannot_cancel(tenant, official):
    from pozytek.competitions.transitions import TRANSITIONS
    from pozytek.core.workflow import apply_transition

    call = move_deadline(PublishedCallFactory(tenant=tenant), minutes=-1)

    with scope(tenant=tenant):
        with pytest.raises(PermissionDenied):
            apply_transition(call, "auto_close", actor=official, transitions=TRANSITIONS)
        with pytest.raises(PermissionDenied):
            apply_transition(call, "close", actor=None, transitions=TRANSITIONS)
        with pytest.raises(PermissionDenied):
            apply_transition(call, "cancel", actor=None, transitions=TRANSITIONS)
    assert state_of(call) == CallState.PUBLISHED


def test_close_expired_calls_closes_only_expired_published_calls_in_every_tenant(tenant, other_tenant):
    expired = move_deadline(PublishedCallFactory(tenant=tenant), minutes=-1)
    expired_elsewhere = move_deadline(PublishedCallFactory(tenant=other_tenant), days=-2)
    still_open = move_deadline(PublishedCallFactory(tenant=tenant), minutes=5)
    draft = move_deadline(CallFactory(tenant=tenant), days=-1)
    cancelled = move_deadline(PublishedCallFactory(tenant=tenant, state=CallState.CANCELLED), days=-1)

    assert close_expired_calls() == 2

    assert state_of(expired) == CallState.CLOSED
    assert state_of(expired_elsewhere) == CallState.CLOSED
    assert state_of(still_open) == CallState.PUBLISHED
    assert state_of(draft) == CallState.DRAFT
    assert state_of(cancelled) == CallState.CANCELLED
    events = AuditEvent.objects.filter(action="call.auto_close")
    assert sorted(e.subject_id for e in events) == sorted([str(expired.pk), str(expired_elsewhere.pk)])
    assert {e.actor_id for e in events} == {None}
    assert {e.tenant_id for e in events} == {tenant.pk, other_tenant.pk}
    assert close_expired_calls() == 0


def test_close_expired_calls_never_closes_early_even_with_a_future_now(tenant):
    call = move_deadline(PublishedCallFactory(tenant=tenant), hours=1)

    assert close_expired_calls(now=timezone.now() + dt.timedelta(hours=2)) == 0
    assert state_of(call) == CallState.PUBLISHED


def test_close_expired_calls_command_prints_the_count(tenant):
    move_deadline(PublishedCallFactory(tenant=tenant), minutes=-1)
    move_deadline(PublishedCallFactory(tenant=tenant), minutes=-2)
    out = io.StringIO()

    call_command("close_expired_calls", stdout=out)

    assert out.getvalue().strip().endswith("2")
    with scopes_disabled():
        assert Call.objects.filter(state=CallState.CLOSED).count() == 2


# --- cancelling ----------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_cancel_requires_a_reason(tenant, official, reason):
    call = PublishedCallFactory(tenant=tenant)

    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        cancel_call(call=call, actor=official, reason=reason)

    assert "reason" in error.value.message_dict
    assert state_of(call) == CallState.PUBLISHED


def test_cancel_mails_each_organisation_with_a_submitted_offer_and_keeps_the_reason(
    tenant, official, django_capture_on_commit_callbacks
):
    call = PublishedCallFactory(tenant=tenant)
    _first, first_author = submitted(call)
    _second, second_author = submitted(call)
    complete_offer(call)  # a draft: its organisation is not told
    withdrawn, withdrawn_author = submitted(call)
    with scopes_disabled():
        offer_services.withdraw_offer(offer=withdrawn, actor=withdrawn_author)
    mail.outbox.clear()
    reason = "Żadna ze złożonych ofert nie spełnia wymogów ogłoszenia."

    with scope(tenant=tenant), django_capture_on_commit_callbacks(execute=True):
        cancelled = cancel_call(call=call, actor=official, reason=reason)

    assert cancelled.state == CallState.CANCELLED
    assert len(mail.outbox) == 2
    recipients = [set(m.to) for m in mail.outbox]
    assert any(first_author.email in r for r in recipients)
    assert any(second_author.email in r for r in recipients)
    assert all(withdrawn_author.email not in r for r in recipients)
    assert all(reason in m.body and call.title in m.body for m in mail.outbox)
    assert AuditEvent.objects.get(action="call.cancel").data["reason"] == reason


def test_cancel_a_closed_call_without_offers_sends_nothing(tenant, official, django_capture_on_commit_callbacks):
    call = move_deadline(PublishedCallFactory(tenant=tenant), minutes=-1)
    with scope(tenant=tenant):
        close_call(call=call, actor=official)

    with scope(tenant=tenant), django_capture_on_commit_callbacks(execute=True):
        cancel_call(call=call, actor=official, reason="Nie złożono żadnej oferty.")

    assert state_of(call) == CallState.CANCELLED
    assert mail.outbox == []


def test_a_draft_cannot_be_cancelled(tenant, official):
    call = CallFactory(tenant=tenant)

    with scope(tenant=tenant), pytest.raises(TransitionNotAllowed):
        cancel_call(call=call, actor=official, reason="Powód")


# --- office buttons ------------------------------------------------------------------------------


def test_preview_shows_the_close_button_only_after_the_deadline(office, tenant):
    call = PublishedCallFactory(tenant=tenant)
    close_url = f"/testowo/urzad/konkursy/{call.pk}/zamknij/"
    cancel_url = f"/testowo/urzad/konkursy/{call.pk}/uniewaznij/"

    before = office.get(f"/testowo/urzad/konkursy/{call.pk}/").content.decode()
    move_deadline(call, minutes=-1)
    after = office.get(f"/testowo/urzad/konkursy/{call.pk}/").content.decode()

    assert close_url not in before and cancel_url in before
    assert close_url in after and cancel_url in after
    assert 'name="reason"' in after


def test_draft_preview_has_neither_close_nor_cancel_nor_offers(office, tenant):
    call = CallFactory(tenant=tenant)

    page = office.get(f"/testowo/urzad/konkursy/{call.pk}/").content.decode()

    assert "/zamknij/" not in page and "/uniewaznij/" not in page
    assert f"/testowo/urzad/oferty/konkurs/{call.pk}/" not in page


def test_close_view_before_the_deadline_redirects_with_the_problem(office, tenant):
    call = PublishedCallFactory(tenant=tenant)

    response = office.post(f"/testowo/urzad/konkursy/{call.pk}/zamknij/", follow=True)

    assert response.redirect_chain[-1] == (f"/testowo/urzad/konkursy/{call.pk}/", 302)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert state_of(call) == CallState.PUBLISHED


def test_close_view_after_the_deadline_closes(office, tenant):
    call = move_deadline(PublishedCallFactory(tenant=tenant), minutes=-1)

    response = office.post(f"/testowo/urzad/konkursy/{call.pk}/zamknij/", follow=True)

    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert state_of(call) == CallState.CLOSED
    again = office.post(f"/testowo/urzad/konkursy/{call.pk}/zamknij/", follow=True)
    assert [m.level_tag for m in again.context["messages"]] == ["error"]


def test_cancel_view_without_a_reason_shows_the_form_error(office, tenant):
    call = PublishedCallFactory(tenant=tenant)

    response = office.post(f"/testowo/urzad/konkursy/{call.pk}/uniewaznij/", {"reason": "  "})

    assert response.status_code == 400
    assert "reason" in response.context["cancel_form"].errors
    assert 'aria-describedby="id_reason_hint id_reason_errors"' in response.content.decode()
    assert state_of(call) == CallState.PUBLISHED


def test_cancel_view_with_a_reason_cancels(office, tenant):
    call = PublishedCallFactory(tenant=tenant)

    response = office.post(f"/testowo/urzad/konkursy/{call.pk}/uniewaznij/", {"reason": "Nie złożono ofert."})

    assert response.status_code == 302
    assert state_of(call) == CallState.CANCELLED
    assert AuditEvent.objects.get(action="call.cancel").data["reason"] == "Nie złożono ofert."


@pytest.mark.parametrize("action", ["zamknij", "uniewaznij"])
@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("resident", 403), ("other_official", 403)])
def test_close_and_cancel_views_refuse_outsiders(client, tenant, other_tenant, resident, action, who, status):
    from pozytek.accounts.models import Role
    from tests.factories.accounts import MembershipFactory

    call = move_deadline(PublishedCallFactory(tenant=tenant), minutes=-1)
    users = {
        "resident": with_totp(resident),
        "other_official": with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user),
    }
    if who in users:
        login_with_mfa(client, users[who])

    response = client.post(f"/testowo/urzad/konkursy/{call.pk}/{action}/", {"reason": "Powód"})

    assert response.status_code == status
    assert state_of(call) == CallState.PUBLISHED


def test_another_tenants_call_cannot_be_closed_or_cancelled(office, other_tenant):
    call = move_deadline(PublishedCallFactory(tenant=other_tenant), minutes=-1)

    assert office.post(f"/testowo/urzad/konkursy/{call.pk}/zamknij/").status_code == 404
    assert office.post(f"/testowo/urzad/konkursy/{call.pk}/uniewaznij/", {"reason": "x"}).status_code == 404
    assert state_of(call) == CallState.PUBLISHED


# --- unique numbers ------------------------------------------------------------------------------


def test_a_duplicate_number_is_a_form_error_not_a_server_error(office, tenant, other_tenant):
    PublishedCallFactory(tenant=tenant, number="7/2027")
    PublishedCallFactory(tenant=other_tenant, number="8/2027")

    response = office.post("/testowo/urzad/konkursy/nowy/", valid_post(number="7/2027"))

    assert response.status_code == 400
    assert "number" in response.context["form"].errors
    with scopes_disabled():
        assert Call.objects.filter(tenant=tenant).count() == 1
    # another tenant's number is free here
    assert office.post("/testowo/urzad/konkursy/nowy/", valid_post(number="8/2027")).status_code == 302


def test_editing_a_draft_to_a_used_number_is_a_form_error(office, tenant):
    PublishedCallFactory(tenant=tenant, number="3/2027")
    draft = CallFactory(tenant=tenant, number="4/2027")

    response = office.post(f"/testowo/urzad/konkursy/{draft.pk}/edycja/", valid_post(number="3/2027"))

    assert response.status_code == 400
    assert "number" in response.context["form"].errors
    with scopes_disabled():
        assert Call.objects.get(pk=draft.pk).number == "4/2027"
    # keeping its own number is not a duplicate
    assert office.post(f"/testowo/urzad/konkursy/{draft.pk}/edycja/", valid_post(number="4/2027")).status_code == 302


def test_services_raise_a_field_error_for_a_used_number(tenant, official):
    PublishedCallFactory(tenant=tenant, number="1/2027")
    draft = CallFactory(tenant=tenant)

    with scope(tenant=tenant):
        with pytest.raises(ValidationError) as created:
            create_call(tenant=tenant, actor=official, data={"title": "Nowy", "number": "1/2027"})
        with pytest.raises(ValidationError) as updated:
            update_call(call=draft, actor=official, data={"number": "1/2027"})

    assert list(created.value.message_dict) == ["number"]
    assert list(updated.value.message_dict) == ["number"]


def test_automatic_numbering_skips_numbers_already_used(tenant, official):
    year = timezone.localdate().year
    CallFactory(tenant=tenant, number=f"1/{year}")  # typed by hand on a draft
    PublishedCallFactory(tenant=tenant, number=f"3/{year}", published_at=timezone.now() - dt.timedelta(days=1))
    first = CallFactory(tenant=tenant)
    second = CallFactory(tenant=tenant)

    with scope(tenant=tenant):
        first = publish_call(call=first, actor=official)
        second = publish_call(call=second, actor=official)

    # one call published this year → start at 2; 2 is free; then 3 is taken → 4
    assert first.number == f"2/{year}"
    assert second.number == f"4/{year}"
