"""Term end reminders: e-mail each body's secretariat N days before members' terms end, once per member.

N is a platform setting (POZYTEK_COUNCIL_TERM_REMINDER_DAYS, 30 by default), not law. One e-mail per
body and run lists every membership ending soon; `reminder_sent_at` keeps each member from being
listed twice. Run daily by the `remind_council_terms` command.
"""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.core.audit import record_event
from pozytek.councils.models import Body, BodyMember
from pozytek.councils.selectors import members_ending, today
from pozytek.councils.states import MemberRole
from pozytek.notifications.services import queue_email_text

DEFAULT_REMINDER_DAYS = 30


def reminder_days() -> int:
    return int(getattr(settings, "POZYTEK_COUNCIL_TERM_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))


def _addresses(body: Body) -> list[str]:
    addresses = {body.contact_email} if body.contact_email else set()
    day = today()
    for secretary in body.members.filter(role=MemberRole.SECRETARY, term_start__lte=day, term_end__gte=day):
        if secretary.email:
            addresses.add(secretary.email)
    return sorted(addresses)


def send_term_reminders(*, on: dt.date | None = None, days: int | None = None) -> int:
    """Remind about every membership ending within `days` of `on`; returns how many members were listed."""
    day = on or today()
    within = reminder_days() if days is None else days
    listed = 0
    with scopes_disabled():
        by_body: dict[int, list[int]] = defaultdict(list)
        for pk, body_id in members_ending(on=day, within_days=within).values_list("pk", "body_id"):
            by_body[body_id].append(pk)
        for body_id, pks in by_body.items():
            with transaction.atomic():
                body = Body.objects.select_for_update().select_related("tenant").get(pk=body_id)
                members = list(
                    BodyMember.objects.select_for_update()
                    .filter(pk__in=pks, reminder_sent_at__isnull=True)
                    .order_by("term_end", "full_name")
                )
                if not members:
                    continue
                BodyMember.objects.filter(pk__in=[m.pk for m in members]).update(reminder_sent_at=timezone.now())
                addresses = _addresses(body)
                if addresses:
                    queue_email_text(
                        to=addresses,
                        template="councils/email/term_ending.txt",
                        context={"members": members, "body": body, "tenant": body.tenant},
                    )
                record_event(
                    actor=None,
                    subject=body,
                    action="council.members.remind",
                    data={"members": [m.pk for m in members], "to": len(addresses)},
                )
                listed += len(members)
    return listed
