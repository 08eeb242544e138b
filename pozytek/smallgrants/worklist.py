"""What small grants put on the office dashboard (core.worklist): offers received and waiting to be published
for comments (late ones past the statutory term flagged), and offers whose comment window has ended that
wait for the decision on purposefulness (`smallgrants.manage`, the permission of the office's pages)."""

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pozytek.core.worklist import MAX_ENTRIES, WorkEntry, WorkItem, WorkSource, register_source
from pozytek.smallgrants.selectors import awaiting_decision, awaiting_publication, today

PERMISSION = "smallgrants.manage"


def _entry(tenant: Any, publication: Any, *, due: Any, overdue: bool) -> WorkEntry:
    return WorkEntry(
        title=publication.offer.title,
        url=reverse("smallgrants_office:detail", kwargs={"tenant_slug": tenant.slug, "pk": publication.pk}),
        due=due,
        overdue=overdue,
        context=publication.offer.organisation.name,
    )


def office_items(tenant: Any, user: Any) -> Sequence[WorkItem]:
    """Four queries: a count and the first few of each list."""
    if not user.has_perm(PERMISSION, tenant):
        return []
    day = today()
    url = reverse("smallgrants_office:list", kwargs={"tenant_slug": tenant.slug})
    pending = awaiting_publication(tenant)
    to_decide = awaiting_decision(tenant, on=day)
    pending_count, late = pending.count(), pending.filter(publish_by__lt=day).count()
    return [
        WorkItem(
            kind="small-grants-to-publish",
            label=_("Small-grant offers to publish for comments"),
            count=pending_count,
            overdue=late,
            url=url,
            entries=tuple(
                _entry(tenant, p, due=p.publish_by, overdue=p.publish_by < day) for p in pending[:MAX_ENTRIES]
            ),
        ),
        WorkItem(
            kind="small-grants-to-decide",
            label=_("Small-grant offers to decide (comments closed)"),
            count=to_decide.count(),
            url=url,
            entries=tuple(_entry(tenant, p, due=p.comments_until, overdue=False) for p in to_decide[:MAX_ENTRIES]),
        ),
    ]


SMALL_GRANTS = WorkSource(key="smallgrants", label=_("Small grants"), office_items=office_items, order=35)

register_source(SMALL_GRANTS)  # imported by the app's ready(): see core/worklist.py
