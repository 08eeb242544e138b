"""What local initiatives put on the office dashboard (core.worklist): applications to score and decide, and
approved ones whose agreement is to be prepared and signed (`initiatives.manage`)."""

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pozytek.core.worklist import MAX_ENTRIES, WorkEntry, WorkItem, WorkSource, register_source
from pozytek.initiatives.selectors import awaiting_agreement, awaiting_assessment

PERMISSION = "initiatives.manage"


def _entry(tenant: Any, initiative: Any, *, due: Any) -> WorkEntry:
    return WorkEntry(
        title=initiative.title,
        url=reverse("initiatives_office:detail", kwargs={"tenant_slug": tenant.slug, "pk": initiative.pk}),
        due=due,
        overdue=False,
        context=initiative.organisation.name
        if initiative.organisation
        else str(initiative.get_applicant_kind_display()),
    )


def office_items(tenant: Any, user: Any) -> Sequence[WorkItem]:
    """Four queries: a count and the first few of each list."""
    if not user.has_perm(PERMISSION, tenant):
        return []
    url = reverse("initiatives_office:list", kwargs={"tenant_slug": tenant.slug})
    to_assess, to_contract = awaiting_assessment(tenant), awaiting_agreement(tenant)

    def day(moment: Any) -> Any:
        return timezone.localdate(moment) if moment else None

    return [
        WorkItem(
            kind="initiatives-to-assess",
            label=_("Local initiative applications to score and decide"),
            count=to_assess.count(),
            url=url,
            entries=tuple(_entry(tenant, i, due=day(i.submitted_at)) for i in to_assess[:MAX_ENTRIES]),
        ),
        WorkItem(
            kind="initiatives-to-contract",
            label=_("Local initiative agreements to prepare"),
            count=to_contract.count(),
            url=url,
            entries=tuple(_entry(tenant, i, due=day(i.decided_at)) for i in to_contract[:MAX_ENTRIES]),
        ),
    ]


INITIATIVES = WorkSource(key="initiatives", label=_("Local initiative"), office_items=office_items, order=36)

register_source(INITIATIVES)  # imported by the app's ready(): see core/worklist.py
