"""Writes of the calendar: a new secret for a person's private feed."""

import secrets
from typing import Any

from django.db import transaction

from pozytek.agenda.models import CalendarToken
from pozytek.core.audit import record_event


@transaction.atomic
def reset_calendar_token(*, actor: Any) -> CalendarToken:
    """Give the person a new secret address for their feed; the old address is not found any more."""
    CalendarToken.objects.filter(user=actor).delete()
    token = CalendarToken.objects.create(user=actor, token=secrets.token_urlsafe(32))
    record_event(actor=actor, subject=token, action="agenda.calendar_token_reset")
    return token
