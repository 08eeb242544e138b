"""What consultations put on the dashboards (core.worklist): for the office, comments awaiting an answer
(`consultations.manage_consultations`, the permission of the comments page); for an organisation, the
consultations open now in the local governments where it works and that it may join (everyone, every
organisation, or organisations of its spheres; a council's consultations are its members')."""

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pozytek.consultations.selectors import consultations_with_comments_to_answer, open_consultations_across_tenants
from pozytek.consultations.states import Audience
from pozytek.core.worklist import WorkEntry, WorkItem, WorkSource, entries, register_source
from pozytek.organisations.selectors import organisation_reach_across_tenants

PERMISSION = "consultations.manage_consultations"


def office_items(tenant: Any, user: Any) -> Sequence[WorkItem]:
    """One query."""
    if not user.has_perm(PERMISSION, tenant):
        return []
    consultations = consultations_with_comments_to_answer(tenant)
    return [
        WorkItem(
            kind="comments",
            label=_("Consultation comments to answer"),
            count=sum(row.count for row in consultations),
            url=reverse("consultations_office:list", kwargs={"tenant_slug": tenant.slug}),
            entries=entries(
                [
                    WorkEntry(
                        title=str(row.consultation),
                        url=reverse(
                            "consultations_office:comments",
                            kwargs={"tenant_slug": tenant.slug, "pk": row.consultation.pk},
                        ),
                        due=row.consultation.ends_on,
                        state=gettext("%(count)d to answer") % {"count": row.count},
                    )
                    for row in consultations
                ]
            ),
        )
    ]


def member_items(user: Any) -> Sequence[WorkItem]:
    """Two queries beyond the organisations' reach (shared with the calls)."""
    reach = organisation_reach_across_tenants(user)
    if not reach:
        return []
    matching = []
    for consultation in open_consultations_across_tenants({t for r in reach for t in r.tenant_ids}):
        if consultation.audience == Audience.COUNCIL:
            continue
        spheres = {s.pk for s in consultation.spheres.all()}
        names = [
            r.name
            for r in reach
            if consultation.tenant_id in r.tenant_ids
            and (consultation.audience != Audience.NGO_SPHERES or spheres & r.sphere_ids)
        ]
        if names:
            matching.append(
                WorkEntry(
                    title=str(consultation),
                    url=reverse(
                        "consultations:detail", kwargs={"tenant_slug": consultation.tenant.slug, "pk": consultation.pk}
                    ),
                    due=consultation.ends_on,
                    state=consultation.get_audience_display(),
                    context=gettext("%(tenant)s · for %(organisations)s")
                    % {"tenant": consultation.tenant.name, "organisations": ", ".join(names)},
                )
            )
    return [
        WorkItem(
            kind="open-consultations",
            label=_("Consultations open now"),
            count=len(matching),
            entries=entries(matching),
        )
    ]


CONSULTATIONS = WorkSource(
    key="consultations",
    label=_("Consultations"),
    office_items=office_items,
    member_items=member_items,
    order=50,
)

register_source(CONSULTATIONS)  # imported by the app's ready(): see core/worklist.py
