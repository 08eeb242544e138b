"""Requests for the justification of a result (art. 15 ust. 2j): the public form and its period, the
due date from the legal parameter, the office's list and the answer (recorded once, e-mailed)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pozytek.accounts.models import Role
from pozytek.core.models import AuditEvent
from pozytek.core.workflow import TransitionNotAllowed
from pozytek.evaluation.models import Decision, JustificationRequest
from pozytek.evaluation.services.decision import record_decision
from pozytek.evaluation.services.requests import answer_request, request_justification
from pozytek.evaluation.states import RequestState
from pozytek.legal.models import LegalParameter
from tests.conftest import login_with_mfa, with_totp
from tests.evaluation.decision_helpers import closed_call
from tests.factories.accounts import MembershipFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def resolved(tenant, official):
    data = closed_call(tenant, requested=("9000.00", "5000.00"))
    with scope(tenant=tenant):
        record_decision(
            call=data.call,
            actor=official,
            number="ZAR/3/2027",
            date=timezone.localdate(),
            note="",
            amounts={data.offers[0].pk: Decimal(9000), data.offers[1].pk: Decimal(0)},
            reasons={},
        )
    mail.outbox.clear()
    return data


def url(call, name: str = "justification") -> str:
    return reverse(f"evaluation_public_results:{name}", kwargs={"tenant_slug": call.tenant.slug, "call_pk": call.pk})


def office_url(name: str, tenant, **kwargs) -> str:
    return reverse(f"evaluation_office_decision:{name}", kwargs={"tenant_slug": tenant.slug, **kwargs})


def ask(client, call, **fields):
    data = {"name": "Jan Kowalski", "email": "jan@example.org", "offer": "", "question": "Dlaczego?", **fields}
    return client.post(url(call), data)


def requests_of(call) -> list[JustificationRequest]:
    with scopes_disabled():
        return list(JustificationRequest.objects.filter(call=call))


def test_anyone_may_ask_and_the_answer_is_due_after_the_legal_number_of_days(
    resolved, client, tenant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, resolved.call, offer=str(resolved.offers[1].pk), question="Proszę o uzasadnienie.")

    assert response.status_code == 302
    (request,) = requests_of(resolved.call)
    assert request.offer_id == resolved.offers[1].pk
    assert request.state == RequestState.OPEN
    assert request.answer_due == timezone.localdate() + dt.timedelta(days=14)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([tenant.email, "jan@example.org"])
    office_mail = next(m for m in mail.outbox if m.to == [tenant.email])
    assert "Proszę o uzasadnienie." in office_mail.body
    assert office_url("answer", tenant, request_pk=request.pk) in office_mail.body
    assert AuditEvent.objects.filter(action="justificationrequest.create", subject_id=str(request.pk)).exists()


def test_a_tenants_own_answer_period_wins(resolved, tenant):
    LegalParameter.objects.create(
        key="competition.justification_answer_days",
        name="Termin odpowiedzi (program współpracy)",
        unit="days",
        value=Decimal(7),
        effective_from=timezone.localdate() - dt.timedelta(days=30),
        tenant=tenant,
    )
    with scope(tenant=tenant):
        request = request_justification(
            call=resolved.call, name="Jan", email="jan@example.org", offer=None, question="Dlaczego?"
        )
    assert request.answer_due == timezone.localdate() + dt.timedelta(days=7)


def test_requests_are_refused_after_the_period_with_the_date(resolved, client):
    published = timezone.now() - dt.timedelta(days=31)
    with scopes_disabled():
        Decision.objects.filter(call=resolved.call).update(published_at=published)
    deadline = timezone.localdate(published) + dt.timedelta(days=30)

    page = client.get(url(resolved.call))
    assert page.status_code == 200
    assert 'id="period-ended"' in page.content.decode()
    assert page.context["until"] == deadline

    response = ask(client, resolved.call)
    assert response.status_code == 400
    assert requests_of(resolved.call) == []
    with scope(tenant=resolved.call.tenant), pytest.raises(ValidationError) as error:
        request_justification(call=resolved.call, name="Jan", email="jan@example.org", offer=None, question="?")
    assert deadline.strftime("%Y") in " ".join(error.value.messages)


def test_the_last_day_of_the_period_is_still_open(resolved, client):
    with scopes_disabled():
        Decision.objects.filter(call=resolved.call).update(published_at=timezone.now() - dt.timedelta(days=30))
    assert ask(client, resolved.call).status_code == 302


def test_no_requests_before_the_results(tenant, client):
    data = closed_call(tenant, requested=("1000.00",))
    assert client.get(url(data.call)).status_code == 404
    assert ask(client, data.call).status_code == 404


@pytest.mark.parametrize(
    "fields",
    [
        {"question": "x" * 5001},
        {"question": "   "},
        {"email": "nie-e-mail"},
        {"name": ""},
        {"offer": "999999"},
        {"offer": "abc"},
    ],
)
def test_bad_requests_give_field_messages(resolved, client, fields):
    response = ask(client, resolved.call, **fields)

    assert response.status_code == 400
    assert set(fields) <= set(response.context["form"].errors)
    assert requests_of(resolved.call) == []


def test_an_offer_of_another_call_is_refused_by_the_service(resolved, tenant, official):
    other = closed_call(tenant, requested=("1000.00",))
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        request_justification(
            call=resolved.call, name="Jan", email="jan@example.org", offer=other.offers[0], question="?"
        )
    assert "offer" in error.value.message_dict


def test_a_question_of_exactly_5000_characters_is_accepted(resolved, client):
    assert ask(client, resolved.call, question="y" * 5000).status_code == 302


@pytest.fixture
def office(client, official):
    login_with_mfa(client, official)
    return client


@pytest.fixture
def request_row(resolved):
    with scope(tenant=resolved.call.tenant):
        return request_justification(
            call=resolved.call,
            name="<b>Jan</b>",
            email="jan@example.org",
            offer=None,
            question="<script>alert(1)</script> Dlaczego?",
        )


def test_the_office_list_shows_due_dates_and_highlights_overdue_requests(resolved, request_row, office, tenant):
    with scopes_disabled():
        JustificationRequest.objects.filter(pk=request_row.pk).update(
            answer_due=timezone.localdate() - dt.timedelta(days=1)
        )

    response = office.get(office_url("requests", tenant, call_pk=resolved.call.pk))

    assert response.status_code == 200
    assert response.context["requests"] == [(request_row, True)]
    html = response.content.decode()
    assert f'id="request-{request_row.pk}" class="overdue"' in html
    assert "<b>Jan</b>" not in html and "&lt;b&gt;Jan&lt;/b&gt;" in html


def test_the_answer_is_recorded_once_and_mailed(request_row, office, tenant, django_capture_on_commit_callbacks):
    answer_url = office_url("answer", tenant, request_pk=request_row.pk)
    page = office.get(answer_url)
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(answer_url, {"answer": "Oferta uzyskała za mało punktów."})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        again = office.post(answer_url, {"answer": "Inna odpowiedź."}, follow=True)

    assert again.status_code == 200
    with scopes_disabled():
        request = JustificationRequest.objects.get(pk=request_row.pk)
    assert request.state == RequestState.ANSWERED
    assert request.answer == "Oferta uzyskała za mało punktów."
    assert request.answered_at is not None
    assert [m.to for m in mail.outbox] == [["jan@example.org"]]
    assert "Oferta uzyskała za mało punktów." in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="justificationrequest.answer", subject_id=str(request.pk)).count() == 1


def test_an_empty_answer_is_refused(request_row, office, tenant):
    response = office.post(office_url("answer", tenant, request_pk=request_row.pk), {"answer": "  "})
    assert response.status_code == 400
    assert response.context["form"].errors["answer"]
    with scopes_disabled():
        assert JustificationRequest.objects.get(pk=request_row.pk).state == RequestState.OPEN


def test_the_service_answers_once(request_row, official):
    with scope(tenant=request_row.tenant):
        answer_request(request=request_row, actor=official, answer="Uzasadnienie.")
        with pytest.raises(TransitionNotAllowed):
            answer_request(request=request_row, actor=official, answer="Jeszcze raz.")


def test_answer_pages_are_for_the_office_of_the_tenant(request_row, client, tenant, other_tenant, resolved):
    answer_url = office_url("answer", tenant, request_pk=request_row.pk)
    response = client.get(answer_url)
    assert response.status_code == 302 and "/konto/" in response["Location"]

    client.force_login(resolved.authors[0])
    assert client.get(answer_url).status_code == 403
    assert client.post(answer_url, {"answer": "x"}).status_code == 403

    foreign_official = with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user)
    login_with_mfa(client, foreign_official)
    foreign_url = office_url("answer", other_tenant, request_pk=request_row.pk)
    assert client.get(foreign_url).status_code == 404
    assert client.post(foreign_url, {"answer": "x"}).status_code == 404
    with scopes_disabled():
        assert JustificationRequest.objects.get(pk=request_row.pk).state == RequestState.OPEN
