"""Own-initiative proposals of public tasks (art. 12): an organisation proposes, the office answers within
the statutory month with a reason (the organisation is e-mailed), the competition that followed is linked,
everything is public, late answers show on the office's dashboard, and the programme's report counts them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pozytek.competitions.models import TaskProposal
from pozytek.competitions.record_kinds import proposal_records
from pozytek.competitions.services import answer_proposal, link_proposal_to_call, submit_proposal, withdraw_proposal
from pozytek.competitions.states import ProposalState
from pozytek.core.workflow import TransitionNotAllowed
from pozytek.legal.models import SphereOfPublicTasks
from pozytek.legal.working_days import add_months
from tests.conftest import login_with_mfa
from tests.factories.competitions import CallFactory, PublishedCallFactory
from tests.factories.offers import ngo_member


def sphere():
    return SphereOfPublicTasks.objects.get(code="1")


def proposed(tenant, **kwargs):
    author, organisation = ngo_member(tenant=tenant)
    with scopes_disabled():
        proposal = submit_proposal(
            tenant=tenant,
            organisation=organisation,
            actor=author,
            title=kwargs.pop("title", "Punkt nieodpłatnych porad dla seniorów"),
            sphere=sphere(),
            description="Cotygodniowe dyżury prawnika i psychologa w klubie seniora.",
            estimated_cost=Decimal("24000.00"),
            **kwargs,
        )
    return proposal, author


def test_a_proposal_is_due_for_an_answer_within_a_month(tenant):
    proposal, _author = proposed(tenant)
    today = timezone.localdate()
    assert proposal.state == ProposalState.SUBMITTED
    assert (proposal.received_on, proposal.answer_due) == (today, add_months(today, 1))


def test_months_end_on_the_last_day_of_a_shorter_month():
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 12, 7), 1) == dt.date(2027, 1, 7)


def test_only_the_organisations_people_propose(tenant, resident):
    _author, organisation = ngo_member(tenant=tenant)
    with scopes_disabled(), pytest.raises(PermissionDenied):
        submit_proposal(
            tenant=tenant, organisation=organisation, actor=resident, title="X", sphere=sphere(), description="Y"
        )
    with scopes_disabled():
        assert not TaskProposal.objects.exists()


def test_the_answer_needs_a_reason_and_mails_the_organisation(tenant, official, django_capture_on_commit_callbacks):
    proposal, author = proposed(tenant)
    with scope(tenant=tenant):
        with pytest.raises(ValidationError) as refused:
            answer_proposal(proposal=proposal, actor=official, accept=True, reason=" ")
        assert "reason" in refused.value.message_dict
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            answered = answer_proposal(
                proposal=proposal, actor=official, accept=True, reason="Zadanie zgodne z programem współpracy."
            )
    assert answered.state == ProposalState.ACCEPTED
    assert answered.answered_at is not None
    assert author.email in {address for message in mail.outbox for address in message.to}


def test_only_the_office_answers_and_only_once(tenant, official, resident):
    proposal, author = proposed(tenant)
    with scope(tenant=tenant):
        with pytest.raises(PermissionDenied):
            answer_proposal(proposal=proposal, actor=author, accept=True, reason="Sam sobie odpowiadam")
        answer_proposal(proposal=proposal, actor=official, accept=False, reason="Brak środków w budżecie.")
        with pytest.raises(TransitionNotAllowed):
            answer_proposal(proposal=proposal, actor=official, accept=True, reason="Jednak tak")
        with pytest.raises(TransitionNotAllowed):
            withdraw_proposal(proposal=TaskProposal.objects.get(pk=proposal.pk), actor=author)


def test_the_competition_that_followed_is_linked_only_after_an_accepting_answer(tenant, official, other_tenant):
    proposal, _author = proposed(tenant)
    call = PublishedCallFactory(tenant=tenant)
    foreign = PublishedCallFactory(tenant=other_tenant)
    draft = CallFactory(tenant=tenant)
    with scope(tenant=tenant):
        with pytest.raises(ValidationError):
            link_proposal_to_call(proposal=proposal, actor=official, call=call)
        answer_proposal(proposal=proposal, actor=official, accept=True, reason="Ogłosimy konkurs.")
    for wrong in (foreign, draft):
        with scopes_disabled(), pytest.raises(ValidationError):
            link_proposal_to_call(proposal=proposal, actor=official, call=wrong)
    with scope(tenant=tenant):
        linked = link_proposal_to_call(proposal=proposal, actor=official, call=call)
    assert linked.call_id == call.pk


def test_the_programmes_report_counts_proposals_of_the_year_without_withdrawn_ones(tenant, official):
    kept, _a = proposed(tenant)
    gone, author = proposed(tenant, title="Wycofany wniosek")
    with scopes_disabled():
        withdraw_proposal(proposal=gone, actor=author)
    with scope(tenant=tenant):
        records = proposal_records(tenant, timezone.localdate().year)
    assert [record.pk for record in records] == [kept.pk]
    assert records[0].amount == Decimal("24000.00")


def test_an_organisation_proposes_through_the_page_and_the_public_reads_the_answer(client, tenant, official):
    author, organisation = ngo_member(tenant=tenant)
    client.force_login(author)
    url = reverse("competitions:proposal_new", kwargs={"tenant_slug": tenant.slug})
    data = {"organisation": organisation.pk, "title": "", "sphere": sphere().pk, "description": "Opis"}
    refused = client.post(url, data)
    assert refused.status_code == 400
    with scopes_disabled():
        assert not TaskProposal.objects.exists()
    response = client.post(url, {**data, "title": "Warsztaty dla rodziców"})
    with scopes_disabled():
        proposal = TaskProposal.objects.get()
    assert response.status_code == 302
    login_with_mfa(client, official)
    office = reverse("competitions_office:proposal", kwargs={"tenant_slug": tenant.slug, "pk": proposal.pk})
    assert client.post(office, {"accept": "no", "reason": ""}).status_code == 400
    assert (
        client.post(office, {"accept": "no", "reason": "Zadanie realizuje już miejska jednostka."}).status_code == 302
    )
    client.logout()
    page = client.get(reverse("competitions:proposal", kwargs={"tenant_slug": tenant.slug, "pk": proposal.pk}))
    assert "Zadanie realizuje już miejska jednostka." in page.content.decode()


def test_a_late_answer_shows_on_the_office_dashboard(client, tenant, official):
    proposal, _author = proposed(tenant)
    with scopes_disabled():
        TaskProposal.objects.filter(pk=proposal.pk).update(answer_due=timezone.localdate() - dt.timedelta(days=1))
    login_with_mfa(client, official)
    page = client.get(reverse("office:dashboard", kwargs={"tenant_slug": tenant.slug})).content.decode()
    assert reverse("competitions_office:proposal", kwargs={"tenant_slug": tenant.slug, "pk": proposal.pk}) in page


def test_only_people_who_keep_an_organisation_are_offered_the_proposal_form(client, tenant, resident):
    url = reverse("competitions:proposals", kwargs={"tenant_slug": tenant.slug})
    new = reverse("competitions:proposal_new", kwargs={"tenant_slug": tenant.slug})
    client.force_login(resident)
    assert new not in client.get(url).content.decode()
    author, _organisation = ngo_member(tenant=tenant)
    client.force_login(author)
    assert new in client.get(url).content.decode()
