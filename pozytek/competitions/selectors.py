"""Reads of calls: the office's list, the public list with filters, one call for a page."""

from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.competitions.models import Call, TaskProposal
from pozytek.competitions.states import PUBLIC_STATES, CallState, ProposalState
from pozytek.core.record_kinds import year_span
from pozytek.organisations.selectors import in_directory_of


def calls_of_tenant(tenant: Any) -> QuerySet[Call]:
    """Every call of the tenant, drafts included (office list)."""
    return Call.objects.filter(tenant=tenant).order_by("-created_at", "-pk")


def public_calls(tenant: Any, *, sphere: int | None = None, state: str = "", year: int | None = None) -> QuerySet[Call]:
    """Published, closed and cancelled calls of the tenant, newest first, with their spheres."""
    calls = Call.objects.filter(tenant=tenant, state__in=PUBLIC_STATES)
    if sphere:
        calls = calls.filter(spheres=sphere)
    if state:
        calls = calls.filter(state=state)
    if year:
        calls = calls.filter(published_at__year=year)
    return calls.prefetch_related("spheres").order_by("-published_at", "-pk")


def public_years(tenant: Any) -> list[int]:
    dates = Call.objects.filter(tenant=tenant, state__in=PUBLIC_STATES).dates("published_at", "year", order="DESC")
    return [d.year for d in dates]


def calls_announced_in(tenant: Any, year: int) -> QuerySet[Call]:
    """Calls the tenant announced (published) in `year`, Polish time; a call cancelled later was still
    announced. What the cooperation programme's report counts and lists as open competitions."""
    start, end = year_span(year)
    return Call.objects.filter(tenant=tenant, state__in=PUBLIC_STATES, published_at__gte=start, published_at__lt=end)


def office_call(tenant: Any, pk: int) -> Call:
    """A call of this tenant (any state) or 404."""
    calls = (
        Call.objects.filter(tenant=tenant)
        .select_related("priority_task__programme")
        .prefetch_related("spheres", "criteria", "checklist")
    )
    call: Call = get_object_or_404(calls, pk=pk)
    return call


def public_call(tenant: Any, pk: int) -> Call:
    """A public call of this tenant or 404 (drafts and other tenants' calls are not found)."""
    calls = Call.objects.filter(tenant=tenant, state__in=PUBLIC_STATES)
    call: Call = get_object_or_404(calls.prefetch_related("spheres", "criteria", "checklist"), pk=pk)
    return call


def organisations_to_notify(call: Call) -> QuerySet[Any]:
    """Organisations in the local government's directory working in one of the call's spheres, with an
    e-mail address: one message each about the call (its publication, the commission's recruitment)."""
    return (
        in_directory_of(call.tenant).filter(spheres__in=call.spheres.all()).exclude(email="").distinct().order_by("pk")
    )


# Work waiting (core.worklist: competitions/worklist.py) --------------------------------------------------


def calls_to_close(tenant: Any) -> QuerySet[Call]:
    """Calls still open for offers although their deadline has passed (the cron closes them; the office may
    close one at once), the oldest deadline first."""
    return Call.objects.filter(tenant=tenant, state=CallState.PUBLISHED, offer_deadline__lte=timezone.now()).order_by(
        "offer_deadline", "pk"
    )


def open_calls_across_tenants(tenant_ids: Any) -> list[Call]:
    """Calls open for offers now in these local governments, the nearest deadline first, with their tenant
    and spheres: two queries. Crosses tenants on purpose (an organisation's dashboard), filtered by the
    tenants where the person's organisations work."""
    with scopes_disabled():
        return list(
            Call.objects.filter(
                tenant_id__in=list(tenant_ids), state=CallState.PUBLISHED, offer_deadline__gt=timezone.now()
            )
            .select_related("tenant")
            .prefetch_related("spheres")
            .order_by("offer_deadline", "pk")
        )


def calls_with_offers_of_across_tenants(call_ids: Any, organisation_ids: Any) -> set[tuple[int, int]]:
    """(call, organisation) pairs where one of these organisations has an offer in one of these calls: one
    query (an organisation's dashboard lists a call as one to join only while it has no offer there). Crosses
    tenants on purpose, filtered by the calls and the person's organisations."""
    with scopes_disabled():
        pairs = Call.objects.filter(pk__in=list(call_ids), offers__organisation_id__in=list(organisation_ids))
        return set(pairs.values_list("pk", "offers__organisation_id"))


# Own-initiative proposals (art. 12) ----------------------------------------------------------------------


def _proposals(tenant: Any) -> QuerySet[TaskProposal]:
    return TaskProposal.objects.filter(tenant=tenant).select_related("organisation", "sphere", "call")


def public_proposals(tenant: Any) -> QuerySet[TaskProposal]:
    """Proposals received (withdrawn ones aside), newest first: the proposal, the answer and the competition
    that followed are public."""
    return _proposals(tenant).exclude(state=ProposalState.WITHDRAWN).order_by("-received_on", "-pk")


def public_proposal(tenant: Any, pk: int) -> TaskProposal | None:
    return public_proposals(tenant).filter(pk=pk).first()


def office_proposals(tenant: Any) -> QuerySet[TaskProposal]:
    """Every proposal, those awaiting an answer first (the earliest term first)."""
    return _proposals(tenant).order_by(
        models.Case(models.When(state=ProposalState.SUBMITTED, then=0), default=1), "answer_due", "-pk"
    )


def office_proposal(tenant: Any, pk: int) -> TaskProposal | None:
    return _proposals(tenant).select_related("submitted_by").filter(pk=pk).first()


def proposals_awaiting_answer(tenant: Any) -> QuerySet[TaskProposal]:
    return _proposals(tenant).filter(state=ProposalState.SUBMITTED).order_by("answer_due", "pk")


def proposals_in(tenant: Any, year: int) -> QuerySet[TaskProposal]:
    """Proposals received in `year` (withdrawn ones aside): what the programme's report counts."""
    return public_proposals(tenant).filter(received_on__year=year)


def calls_to_link(tenant: Any) -> QuerySet[Call]:
    """Calls past their draft that an accepted proposal may name as the competition that followed."""
    return Call.objects.filter(tenant=tenant).exclude(state=CallState.DRAFT).order_by("-pk")
