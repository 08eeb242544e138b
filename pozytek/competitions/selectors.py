"""Reads of calls: the office's list, the public list with filters, one call for a page."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from pozytek.competitions.models import Call
from pozytek.competitions.states import PUBLIC_STATES
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
