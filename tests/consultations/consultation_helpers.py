"""Consultations in the states tests need: a draft, an open one, one whose period has ended."""

import datetime as dt

from django.utils import timezone
from django_scopes import scope

from pozytek.consultations import services
from pozytek.consultations.drafting import units_from_text
from pozytek.consultations.models import Consultation

DRAFT_TEXT = """§ 1. Program określa cele i formy współpracy Miasta z organizacjami pozarządowymi.
§ 2. Celem głównym programu jest budowanie partnerstwa.
§ 3. Współpraca odbywa się w formie zlecania zadań publicznych."""


def data(**overrides):
    today = timezone.localdate()
    values = {
        "title": "Projekt programu współpracy na rok 2027",
        "act_title": "Uchwała w sprawie programu współpracy",
        "justification": "Program jest wymagany przez art. 5a ustawy.",
        "audience": "everyone",
        "starts_on": today,
        "ends_on": today + dt.timedelta(days=14),
        "online_comments": True,
        "survey": False,
        "meetings": False,
        "comments_public": True,
        "contact_name": "Jan Kowalski",
        "contact_email": "jan.kowalski@urzad.example",
        "contact_phone": "",
    }
    values.update(overrides)
    return values


def draft(tenant, official, **overrides) -> Consultation:
    with scope(tenant=tenant):
        return services.create_consultation(
            tenant=tenant, actor=official, data=data(**overrides), units=units_from_text(DRAFT_TEXT)
        )


def published(tenant, official, **overrides) -> Consultation:
    consultation = draft(tenant, official, **overrides)
    with scope(tenant=tenant):
        return services.publish_consultation(consultation=consultation, actor=official)


def end_period(consultation: Consultation, days_ago: int = 1) -> Consultation:
    """Move the period into the past (as if the days had passed); the state is left to the services."""
    today = timezone.localdate()
    Consultation._base_manager.filter(pk=consultation.pk).update(
        starts_on=today - dt.timedelta(days=days_ago + 14), ends_on=today - dt.timedelta(days=days_ago)
    )
    with scope(tenant=consultation.tenant):
        consultation.refresh_from_db()
    return consultation


def unit(consultation: Consultation, position: int = 1):
    return consultation.units.get(position=position)
