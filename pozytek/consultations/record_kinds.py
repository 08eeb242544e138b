"""What consultations report into the cooperation programme (core.record_kinds).

A consultation counts in the year its period starts, once published: published, closed or reported.
A draft was never put to anyone and a cancelled one was called off, so neither counts. Comments are
those of the consultations counted; a comment merged into another shares that one's answer."""

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pozytek.consultations.models import Comment, Consultation
from pozytek.consultations.states import ConsultationState
from pozytek.core.record_kinds import Cooperation, Measure, Record, RecordKind, year_bounds

KIND = "consultation"
HELD_STATES = (ConsultationState.PUBLISHED, ConsultationState.CLOSED, ConsultationState.REPORTED)


def held_in(tenant: Any, year: int) -> QuerySet[Consultation]:
    first, last = year_bounds(year)
    return Consultation.objects.filter(tenant=tenant, state__in=HELD_STATES, starts_on__gte=first, starts_on__lte=last)


def consultation_records(tenant: Any, year: int) -> Sequence[Record]:
    """One query for the consultations, one for their spheres."""
    rows = held_in(tenant, year).prefetch_related("spheres").order_by("starts_on", "pk")
    return [
        Record(
            kind=KIND,
            pk=c.pk,
            title=c.title,
            on=c.starts_on,
            url=reverse("consultations:detail", kwargs={"tenant_slug": tenant.slug, "pk": c.pk}),
            spheres=tuple(sorted(s.pk for s in c.spheres.all())),
        )
        for c in rows
    ]


def comments_in(tenant: Any, year: int) -> QuerySet[Comment]:
    first, last = year_bounds(year)
    return Comment.objects.filter(
        tenant=tenant,
        consultation__state__in=HELD_STATES,
        consultation__starts_on__gte=first,
        consultation__starts_on__lte=last,
    )


def consultations_held(tenant: Any, year: int) -> int:
    return held_in(tenant, year).count()


def comments(tenant: Any, year: int) -> int:
    return comments_in(tenant, year).count()


def comments_answered(tenant: Any, year: int) -> int:
    answered = ~Q(response="") | (Q(duplicate_of__isnull=False) & ~Q(duplicate_of__response=""))
    return comments_in(tenant, year).filter(answered).count()


def organisations_commenting(tenant: Any, year: int) -> int:
    counted: int = comments_in(tenant, year).aggregate(n=Count("organisation", distinct=True))["n"]
    return counted


CONSULTATION = RecordKind(
    key=KIND,
    label=_("Consultations"),
    cooperation=Cooperation.NON_FINANCIAL,
    list_records=consultation_records,
    description=_("Consultations of draft acts whose period started in the year (drafts and cancelled ones aside)."),
    model_label="consultations.Consultation",
    order=30,
)

MEASURES = (
    Measure(
        key="consultations.held",
        label=_("Consultations held"),
        cooperation=Cooperation.NON_FINANCIAL,
        compute=consultations_held,
        kind=KIND,
        order=70,
        help_text=_("Consultations published whose period started in the year; cancelled ones are left out."),
    ),
    Measure(
        key="consultations.comments",
        label=_("Comments submitted in consultations"),
        cooperation=Cooperation.NON_FINANCIAL,
        compute=comments,
        kind=KIND,
        order=71,
        help_text=_("Every comment submitted in those consultations, by organisations and residents."),
    ),
    Measure(
        key="consultations.comments_answered",
        label=_("Comments answered"),
        cooperation=Cooperation.NON_FINANCIAL,
        compute=comments_answered,
        kind=KIND,
        order=72,
        help_text=_("Comments with the office's answer (a merged comment shares the answer of the one it joined)."),
    ),
    Measure(
        key="consultations.organisations",
        label=_("Organisations that commented"),
        cooperation=Cooperation.NON_FINANCIAL,
        compute=organisations_commenting,
        kind=KIND,
        order=73,
        help_text=_("Different organisations on whose behalf comments were submitted."),
    ),
)
