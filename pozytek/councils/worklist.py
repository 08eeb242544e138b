"""What councils put on the office dashboard (core.worklist): requests for a council's opinion past their
due date with no opinion recorded (`councils.manage_bodies`, the permission of the opinion page)."""

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pozytek.core.worklist import MAX_ENTRIES, WorkEntry, WorkItem, WorkSource, register_source
from pozytek.councils.selectors import overdue_requests

PERMISSION = "councils.manage_bodies"


def office_items(tenant: Any, user: Any) -> Sequence[WorkItem]:
    """Two queries."""
    if not user.has_perm(PERMISSION, tenant):
        return []
    requests = overdue_requests(tenant).order_by("due_on", "pk")
    count = requests.count()
    return [
        WorkItem(
            kind="opinions-overdue",
            label=_("Council opinion requests overdue"),
            count=count,
            overdue=count,
            url=reverse("councils_office:list", kwargs={"tenant_slug": tenant.slug}),
            entries=tuple(
                WorkEntry(
                    title=request.subject,
                    url=reverse("councils_office:opinion", kwargs={"tenant_slug": tenant.slug, "pk": request.pk}),
                    due=request.due_on,
                    overdue=True,
                    context=request.body.name,
                )
                for request in requests[:MAX_ENTRIES]
            ),
        )
    ]


COUNCILS = WorkSource(key="councils", label=_("Councils and teams"), office_items=office_items, order=60)

register_source(COUNCILS)  # imported by the app's ready(): see core/worklist.py
