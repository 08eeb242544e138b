"""What open competitions put on the dashboards (core.worklist): for the office, calls whose deadline has
passed but which are still open (`competitions.manage_calls`); for an organisation, the calls open now in
the local governments where it works, in its spheres of public tasks (a call without spheres is open to
every sphere), with the time left to the deadline."""

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pozytek.competitions.selectors import (
    calls_to_close,
    calls_with_offers_of_across_tenants,
    open_calls_across_tenants,
    proposals_awaiting_answer,
)
from pozytek.core.worklist import MAX_ENTRIES, WorkEntry, WorkItem, WorkSource, entries, register_source, time_left
from pozytek.organisations.selectors import organisation_reach_across_tenants

PERMISSION = "competitions.manage_calls"


def office_items(tenant: Any, user: Any) -> Sequence[WorkItem]:
    """Five queries: the calls to close, and the own-initiative proposals awaiting an answer (art. 12), the
    overdue ones counted apart."""
    if not user.has_perm(PERMISSION, tenant):
        return []
    calls = calls_to_close(tenant)
    proposals = proposals_awaiting_answer(tenant)
    today = timezone.localdate()
    return [
        WorkItem(
            kind="proposals-to-answer",
            label=_("Own-initiative proposals to answer (art. 12)"),
            count=proposals.count(),
            overdue=proposals.filter(answer_due__lt=today).count(),
            url=reverse("competitions_office:proposals", kwargs={"tenant_slug": tenant.slug}),
            entries=tuple(
                WorkEntry(
                    title=proposal.title,
                    url=reverse("competitions_office:proposal", kwargs={"tenant_slug": tenant.slug, "pk": proposal.pk}),
                    due=proposal.answer_due,
                    overdue=proposal.answer_due < today,
                    context=proposal.organisation.name,
                )
                for proposal in proposals[:MAX_ENTRIES]
            ),
        ),
        WorkItem(
            kind="calls-to-close",
            label=_("Calls past their deadline to close"),
            count=calls.count(),
            url=reverse("competitions_office:list", kwargs={"tenant_slug": tenant.slug}),
            entries=tuple(
                WorkEntry(
                    title=str(call),
                    url=reverse("competitions_office:preview", kwargs={"tenant_slug": tenant.slug, "pk": call.pk}),
                    due=call.offer_deadline,
                    overdue=True,
                )
                for call in calls[:MAX_ENTRIES]
            ),
        ),
    ]


def member_items(user: Any) -> Sequence[WorkItem]:
    """Seven queries: the organisations' reach (four, shared with the consultations), the open calls (two) and
    the organisations' offers in them. A call where the organisation already has an offer is left out (the
    offer is on the offers' card)."""
    reach = organisation_reach_across_tenants(user)
    if not reach:
        return []
    matching = []
    calls = open_calls_across_tenants({t for r in reach for t in r.tenant_ids})
    taken = (
        calls_with_offers_of_across_tenants([c.pk for c in calls], [r.organisation_id for r in reach])
        if calls
        else set()
    )
    for call in calls:
        spheres = {s.pk for s in call.spheres.all()}
        names = [
            r.name
            for r in reach
            if call.tenant_id in r.tenant_ids
            and (not spheres or spheres & r.sphere_ids)
            and (call.pk, r.organisation_id) not in taken
        ]
        if names:
            matching.append(
                WorkEntry(
                    title=str(call),
                    url=reverse("competitions:detail", kwargs={"tenant_slug": call.tenant.slug, "pk": call.pk}),
                    due=call.offer_deadline,
                    countdown=time_left(call.offer_deadline),
                    context=gettext("%(tenant)s · for %(organisations)s")
                    % {"tenant": call.tenant.name, "organisations": ", ".join(names)},
                )
            )
    return [
        WorkItem(
            kind="open-calls",
            label=_("Calls open now in your spheres"),
            count=len(matching),
            entries=entries(matching),
        )
    ]


CALLS = WorkSource(
    key="competitions",
    label=_("Open competitions"),
    office_items=office_items,
    member_items=member_items,
    order=15,
)

register_source(CALLS)  # imported by the app's ready(): see core/worklist.py
