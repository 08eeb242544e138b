"""Meetings (posiedzenia): schedule with an agenda, documents, invitations, attendance and minutes."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pozytek.core import files
from pozytek.core.audit import record_event
from pozytek.core.workflow import apply_transition
from pozytek.councils.models import Body, BodyMeeting, MeetingAgendaItem, MeetingAttendance, MeetingDocument
from pozytek.councils.permissions import acts_for_body, is_council_officer
from pozytek.councils.selectors import members_on
from pozytek.councils.states import BodyState, MeetingState
from pozytek.notifications.services import queue_email_text

AGENDA_MAX_ITEMS = 50
MINUTES_MAX_LENGTH = 100_000


def _require_officer(actor: Any, obj: Any) -> None:
    if not is_council_officer(actor, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def _agenda_lines(agenda: str) -> list[str]:
    return [line.strip().lstrip("-•*").strip() for line in (agenda or "").splitlines() if line.strip()]


@transaction.atomic
def schedule_meeting(
    *, body: Body, actor: Any, title: str, starts_at: dt.datetime, place: str, agenda: str = ""
) -> BodyMeeting:
    """Schedule a meeting in the future; `agenda` has one item per line."""
    _require_officer(actor, body)
    errors: dict[str, list[str]] = {}
    if body.state == BodyState.ENDED:
        errors["__all__"] = [_("The term of this body has ended.")]
    if not title.strip():
        errors["title"] = [_("Enter the title of the meeting.")]
    if not place.strip():
        errors["place"] = [_("Enter where the meeting takes place.")]
    if starts_at is None:
        errors["starts_at"] = [_("Enter the date and time of the meeting.")]
    elif starts_at <= timezone.now():
        errors["starts_at"] = [_("A meeting can only be scheduled in the future.")]
    items = _agenda_lines(agenda)
    if len(items) > AGENDA_MAX_ITEMS:
        errors["agenda"] = [_("The agenda can have at most %(n)d items.") % {"n": AGENDA_MAX_ITEMS}]
    elif any(len(item) > 500 for item in items):
        errors["agenda"] = [_("Each agenda item can have at most 500 characters.")]
    if errors:
        raise ValidationError(errors)
    meeting: BodyMeeting = BodyMeeting.objects.create(
        tenant=body.tenant, body=body, title=title.strip(), starts_at=starts_at, place=place.strip()
    )
    MeetingAgendaItem.objects.bulk_create(
        MeetingAgendaItem(tenant=body.tenant, meeting=meeting, position=n, title=item)
        for n, item in enumerate(items, start=1)
    )
    record_event(
        actor=actor,
        subject=meeting,
        action="council.meeting.schedule",
        data={"body": body.pk, "starts_at": starts_at.isoformat(), "agenda": items},
    )
    return meeting


@transaction.atomic
def add_document(*, meeting: BodyMeeting, actor: Any, title: str, upload: Any, public: bool = False) -> MeetingDocument:
    """Attach a document (PDF, DOCX, ODT, JPG, PNG identified by content, size-limited) to a meeting."""
    _require_officer(actor, meeting)
    errors: dict[str, list[str]] = {}
    content_type = ""
    try:
        content_type = files.identify(upload)
    except ValidationError as exc:
        errors["upload"] = exc.messages
    title = (title or "").strip()[:300]
    if not title:
        errors["title"] = [_("Say what the document is.")]
    if errors:
        raise ValidationError(errors)
    document = MeetingDocument(
        tenant=meeting.tenant,
        meeting=meeting,
        title=title,
        original_name=files.display_name(upload.name, content_type),
        content_type=content_type,
        size=upload.size,
        public=public,
        uploaded_by=actor,
    )
    document.file.save(f"file{files.EXTENSIONS[content_type][0]}", upload, save=False)
    document.save()
    record_event(
        actor=actor,
        subject=meeting,
        action="council.meeting.document",
        data={"title": title, "name": document.original_name, "size": document.size, "public": public},
    )
    return document


@transaction.atomic
def send_invitations(*, meeting: BodyMeeting, actor: Any) -> int:
    """E-mail the invitation with the agenda to the members in office on the meeting day; returns how many."""
    _require_officer(actor, meeting)
    meeting = BodyMeeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if meeting.state != MeetingState.SCHEDULED or meeting.starts_at <= timezone.now():
        raise ValidationError(_("Invitations are sent only for meetings still to come."))
    day = timezone.localtime(meeting.starts_at).date()
    recipients = sorted({m.email for m in members_on(meeting.body, day) if m.email})
    if not recipients:
        raise ValidationError(_("No member in office on that day has an e-mail address."))
    agenda = [item.title for item in meeting.agenda.all()]
    for address in recipients:
        queue_email_text(
            to=[address],
            template="councils/email/invitation.txt",
            context={"meeting": meeting, "body": meeting.body, "agenda": agenda, "tenant": meeting.tenant},
        )
    meeting.invitations_sent_at = timezone.now()
    meeting.save(update_fields=["invitations_sent_at", "updated_at"])
    record_event(actor=actor, subject=meeting, action="council.meeting.invite", data={"recipients": len(recipients)})
    return len(recipients)


@transaction.atomic
def record_minutes(*, meeting: BodyMeeting, actor: Any, minutes: str, present_member_ids: list[int]) -> BodyMeeting:
    """Record the attendance and the minutes of a meeting that took place; they are published with it."""
    if not (is_council_officer(actor, meeting) or acts_for_body(actor, meeting)):
        raise PermissionDenied(_("You are not allowed to do this."))
    meeting = BodyMeeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    minutes = (minutes or "").strip()
    errors: dict[str, list[str]] = {}
    if meeting.starts_at > timezone.now():
        errors["minutes"] = [_("Minutes can be recorded once the meeting has taken place.")]
    elif not minutes:
        errors["minutes"] = [_("Write the minutes.")]
    elif len(minutes) > MINUTES_MAX_LENGTH:
        errors["minutes"] = [_("The minutes can have at most %(n)d characters.") % {"n": MINUTES_MAX_LENGTH}]
    day = timezone.localtime(meeting.starts_at).date()
    eligible = {m.pk: m for m in members_on(meeting.body, day)}
    unknown = set(present_member_ids) - set(eligible)
    if unknown:
        errors["present"] = [_("Choose only members of the body in office on the day of the meeting.")]
    if errors:
        raise ValidationError(errors)
    if meeting.state != MeetingState.SCHEDULED:
        raise ValidationError(_("The minutes of this meeting have already been recorded."))
    meeting.minutes = minutes
    meeting.minutes_recorded_by = actor
    meeting.save(update_fields=["minutes", "minutes_recorded_by", "updated_at"])
    MeetingAttendance.objects.filter(meeting=meeting).delete()
    MeetingAttendance.objects.bulk_create(
        MeetingAttendance(tenant=meeting.tenant, meeting=meeting, member=member, present=pk in present_member_ids)
        for pk, member in eligible.items()
    )
    return apply_transition(
        meeting,
        "record_minutes",
        actor=actor,
        data={"present": sorted(present_member_ids)},
    )


@transaction.atomic
def cancel_meeting(*, meeting: BodyMeeting, actor: Any, reason: str) -> BodyMeeting:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the meeting is cancelled.")]})
    meeting = apply_transition(meeting, "cancel", actor=actor, reason=reason)
    meeting.cancel_reason = reason
    meeting.save(update_fields=["cancel_reason", "updated_at"])
    return meeting
