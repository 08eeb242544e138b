"""What regranting puts on the organisations' dashboard (core.worklist): applications of an operator's closed
calls waiting for its decision, for the people who keep the operator's profile."""

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pozytek.core.worklist import MAX_ENTRIES, WorkEntry, WorkItem, WorkSource, register_source
from pozytek.regranting.selectors import applications_to_decide_across_tenants


def member_items(user: Any) -> Sequence[WorkItem]:
    """One query whatever the number of applications."""
    waiting = applications_to_decide_across_tenants(user)
    if not waiting:
        return []
    entries = tuple(
        WorkEntry(
            title=application.title,
            url=reverse(
                "regranting_operator:application",
                kwargs={
                    "tenant_slug": application.tenant.slug,
                    "operator": application.sub_call.operator_id,
                    "pk": application.pk,
                },
            ),
            context=application.sub_call.operator.name,
        )
        for application in waiting[:MAX_ENTRIES]
    )
    return [
        WorkItem(
            kind="regranting-to-decide",
            label=_("Micro-grant applications to decide"),
            count=len(waiting),
            url=entries[0].url,
            entries=entries,
        )
    ]


REGRANTING = WorkSource(key="regranting", label=_("Regranting"), member_items=member_items, order=37)

register_source(REGRANTING)  # imported by the app's ready(): see core/worklist.py
