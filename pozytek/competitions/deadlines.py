"""What open competitions put into calendars (core.deadlines): each public call's deadline for offers
(a moment) and its deadline for the choice of offers (a day). Drafts and cancelled calls are left out."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pozytek.competitions.models import Call
from pozytek.competitions.states import CallState
from pozytek.core.deadlines import DatedItem, DeadlineSource, day_span, item_uid

CALENDAR_STATES = (CallState.PUBLISHED, CallState.CLOSED, CallState.RESOLVED)
OFFER_DEADLINE = "call-deadline"
CHOICE_DEADLINE = "call-choice"


def call_items(tenant: Any, start: dt.date, end: dt.date) -> Sequence[DatedItem]:
    """One query: the tenant's public calls with a deadline in the range."""
    first, after = day_span(start, end)
    calls = Call.objects.filter(tenant=tenant, state__in=CALENDAR_STATES).filter(
        Q(offer_deadline__gte=first, offer_deadline__lt=after) | Q(choice_deadline__gte=start, choice_deadline__lte=end)
    )
    items: list[DatedItem] = []
    for call in calls.order_by("pk"):
        url = reverse("competitions:detail", kwargs={"tenant_slug": tenant.slug, "pk": call.pk})
        name = str(call)
        if call.offer_deadline is not None and first <= call.offer_deadline < after:
            items.append(
                DatedItem(
                    kind=OFFER_DEADLINE,
                    uid=item_uid(OFFER_DEADLINE, call.pk),
                    title=gettext("Deadline for offers: %(call)s") % {"call": name},
                    start=call.offer_deadline,
                    url=url,
                    tenant_name=tenant.name,
                )
            )
        if call.choice_deadline is not None and start <= call.choice_deadline <= end:
            items.append(
                DatedItem(
                    kind=CHOICE_DEADLINE,
                    uid=item_uid(CHOICE_DEADLINE, call.pk),
                    title=gettext("Choice of offers due: %(call)s") % {"call": name},
                    start=call.choice_deadline,
                    all_day=True,
                    url=url,
                    tenant_name=tenant.name,
                )
            )
    return items


CALLS = DeadlineSource(key="competitions", label=_("Open competitions"), public_items=call_items, order=10)
