"""Writes of consultations: the office prepares, publishes, answers and reports; participants comment,
fill in the survey and register for meetings. Every function checks its rules on the server, runs in a
transaction and records an audit event; mail goes out after commit."""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pozytek.consultations.drafting import UnitData
from pozytek.consultations.models import (
    Attachment,
    Comment,
    Consultation,
    Meeting,
    MeetingRegistration,
    Question,
    SurveyAnswer,
    SurveyResponse,
    Unit,
)
from pozytek.consultations.permissions import is_consultation_officer
from pozytek.consultations.selectors import (
    council_member_emails,
    has_ended,
    is_open,
    organisations_to_notify,
    participant_emails,
    participation_problem,
)
from pozytek.consultations.states import COMMENT_MAX_CHARS, ConsultationState, QuestionKind, Response
from pozytek.core import files
from pozytek.core.audit import record_event
from pozytek.core.workflow import apply_transition
from pozytek.notifications.services import queue_email_text
from pozytek.organisations.models import Organisation

CONSULTATION_FIELDS = (
    "title",
    "act_title",
    "justification",
    "audience",
    "council",
    "starts_on",
    "ends_on",
    "online_comments",
    "survey",
    "meetings",
    "comments_public",
    "contact_name",
    "contact_email",
    "contact_phone",
)
# What may still change once the consultation is published: who to ask, and the meetings' details.
PUBLISHED_FIELDS = ("contact_name", "contact_email", "contact_phone")
EDITABLE_STATES = (ConsultationState.DRAFT,)
ANSWERABLE_STATES = (ConsultationState.PUBLISHED, ConsultationState.CLOSED)


def clean_text(value: str) -> str:
    """Plain text as stored: no NUL characters, Unix line ends, no surrounding blanks."""
    return str(value or "").replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _require_officer(actor: Any, consultation: Consultation) -> None:
    if not is_consultation_officer(actor, consultation):
        raise PermissionDenied(_("You are not allowed to do this."))


def _lock(consultation: Consultation) -> Consultation:
    locked: Consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    return locked


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    return value.isoformat() if isinstance(value, dt.date) else value


# --- the office: preparing a consultation -------------------------------------------------------


@transaction.atomic
def create_consultation(
    *, tenant: Any, actor: Any, data: Mapping[str, Any], units: Iterable[UnitData] = ()
) -> Consultation:
    """A draft consultation (konsultacje w przygotowaniu) with its data and, optionally, its units."""
    consultation = Consultation(tenant=tenant, created_by=actor)
    _require_officer(actor, consultation)
    _assign(consultation, data, CONSULTATION_FIELDS)
    consultation.full_clean(exclude=["created_by"])
    consultation.save()
    if "spheres" in data:
        consultation.spheres.set(data["spheres"])
    _replace_units(consultation, list(units))
    record_event(actor=actor, subject=consultation, action="consultation.create", data={"title": consultation.title})
    return consultation


def _assign(consultation: Consultation, data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(data) - set(CONSULTATION_FIELDS) - {"spheres"}
    if unknown:
        raise TypeError(f"Unknown consultation fields: {sorted(unknown)}")
    council = data.get("council")
    if council is not None and council.tenant_id != consultation.tenant_id:
        raise ValidationError({"council": [_("Choose a council of this local government.")]})
    for name in allowed:
        if name in data:
            value = data[name]
            setattr(consultation, name, clean_text(value) if isinstance(value, str) else value)


@transaction.atomic
def update_consultation(*, consultation: Consultation, actor: Any, data: Mapping[str, Any]) -> Consultation:
    """Change a draft (everything) or a published consultation (only the contact person)."""
    locked = _lock(consultation)
    _require_officer(actor, locked)
    if locked.state == ConsultationState.DRAFT:
        allowed: tuple[str, ...] = CONSULTATION_FIELDS
    elif locked.state == ConsultationState.PUBLISHED:
        allowed = PUBLISHED_FIELDS
    else:
        raise ValidationError(_("A closed consultation can no longer be changed."))
    before = {f: _plain(getattr(locked, f)) for f in allowed}
    _assign(locked, data, allowed)
    locked.full_clean(exclude=["created_by"])
    locked.save()
    if "spheres" in data and locked.state == ConsultationState.DRAFT:
        locked.spheres.set(data["spheres"])
    after = {f: _plain(getattr(locked, f)) for f in allowed}
    changes = {f: [before[f], after[f]] for f in allowed if before[f] != after[f]}
    record_event(actor=actor, subject=locked, action="consultation.update", data={"changes": changes})
    return locked


def _replace_units(consultation: Consultation, units: list[UnitData]) -> None:
    if consultation.comments.exists():
        raise ValidationError(_("The draft already has comments; its units can no longer be replaced."))
    consultation.units.all().delete()
    Unit.objects.bulk_create(
        Unit(
            consultation=consultation,
            position=n,
            label=clean_text(u.label)[:40],
            heading=clean_text(u.heading)[:300],
            text=clean_text(u.text),
        )
        for n, u in enumerate(units, start=1)
    )


@transaction.atomic
def replace_units(*, consultation: Consultation, actor: Any, units: list[UnitData], source: str = "") -> None:
    """Put the draft's text (pasted or from a DOCX) in place of the current units; drafts only."""
    locked = _lock(consultation)
    _require_officer(actor, locked)
    if locked.state not in EDITABLE_STATES:
        raise ValidationError(_("The draft can be changed only before the consultation is published."))
    _replace_units(locked, units)
    record_event(actor=actor, subject=locked, action="consultation.units", data={"count": len(units), "source": source})


@transaction.atomic
def add_attachment(*, consultation: Consultation, actor: Any, title: str, upload: Any) -> Attachment:
    """Attach a document (PDF, DOCX, ODT, JPG, PNG identified by content) before the period ends."""
    locked = _lock(consultation)
    _require_officer(actor, locked)
    if locked.state not in (ConsultationState.DRAFT, ConsultationState.PUBLISHED):
        raise ValidationError(_("Attachments can be added only before the consultation is closed."))
    try:
        content_type = files.identify(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    title = clean_text(title)[:200] or files.safe_name(upload.name)
    attachment = Attachment(
        consultation=locked,
        title=title,
        original_name=files.display_name(upload.name, content_type),
        content_type=content_type,
        size=upload.size,
    )
    attachment.file.save(f"file{files.EXTENSIONS[content_type][0]}", upload, save=False)
    attachment.save()
    record_event(actor=actor, subject=locked, action="consultation.attach", data={"name": attachment.original_name})
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: Attachment, actor: Any) -> None:
    locked = _lock(attachment.consultation)
    _require_officer(actor, locked)
    if locked.state != ConsultationState.DRAFT:
        raise ValidationError(_("Attachments of a published consultation stay as they were published."))
    record_event(actor=actor, subject=locked, action="consultation.detach", data={"name": attachment.original_name})
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def set_questions(*, consultation: Consultation, actor: Any, questions: list[dict[str, Any]]) -> None:
    """Replace the survey's questions (text, kind, choices one per line); drafts only."""
    locked = _lock(consultation)
    _require_officer(actor, locked)
    if locked.state not in EDITABLE_STATES:
        raise ValidationError(_("The survey can be changed only before the consultation is published."))
    locked.questions.all().delete()
    for n, row in enumerate(questions, start=1):
        question = Question(
            consultation=locked,
            position=n,
            text=clean_text(row["text"])[:500],
            kind=row.get("kind") or QuestionKind.CHOICE,
            choices=clean_text(row.get("choices", "")),
        )
        if question.kind == QuestionKind.CHOICE and len(question.choice_list) < 2:
            raise ValidationError(
                _("Question %(n)d needs at least two answers to choose from (one per line).") % {"n": n}
            )
        question.full_clean(exclude=["consultation"])
        question.save()
    record_event(actor=actor, subject=locked, action="consultation.questions", data={"count": len(questions)})


@transaction.atomic
def add_meeting(
    *,
    consultation: Consultation,
    actor: Any,
    starts_at: dt.datetime,
    place: str,
    description: str = "",
    registration_required: bool = False,
    capacity: int | None = None,
) -> Meeting:
    """Plan a consultation meeting; it must be in the future."""
    locked = _lock(consultation)
    _require_officer(actor, locked)
    if locked.state not in (ConsultationState.DRAFT, ConsultationState.PUBLISHED):
        raise ValidationError(_("Meetings can be added only before the consultation is closed."))
    errors: dict[str, list[str]] = {}
    if starts_at <= timezone.now():
        errors["starts_at"] = [_("The meeting cannot be in the past.")]
    if not clean_text(place):
        errors["place"] = [_("Enter the place of the meeting (an address or a link).")]
    if capacity is not None and capacity < 1:
        errors["capacity"] = [_("Enter at least one place, or leave it empty for no limit.")]
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(
        consultation=locked,
        starts_at=starts_at,
        place=clean_text(place)[:300],
        description=clean_text(description),
        registration_required=registration_required,
        capacity=capacity,
    )
    record_event(actor=actor, subject=locked, action="consultation.meeting", data={"starts_at": starts_at.isoformat()})
    return meeting


@transaction.atomic
def record_minutes(*, meeting: Meeting, actor: Any, minutes: str, attendance: int | None = None) -> Meeting:
    """The minutes of a meeting that has taken place (for the report)."""
    locked = _lock(meeting.consultation)
    _require_officer(actor, locked)
    if locked.state == ConsultationState.REPORTED:
        raise ValidationError(_("The report has been published; the minutes can no longer change."))
    if meeting.starts_at > timezone.now():
        raise ValidationError({"minutes": [_("Minutes can be recorded only after the meeting has started.")]})
    minutes = clean_text(minutes)
    if not minutes:
        raise ValidationError({"minutes": [_("Enter the minutes.")]})
    meeting.minutes, meeting.attendance = minutes, attendance
    meeting.save(update_fields=["minutes", "attendance"])
    record_event(actor=actor, subject=locked, action="consultation.minutes", data={"meeting": meeting.pk})
    return meeting


@transaction.atomic
def publish_consultation(*, consultation: Consultation, actor: Any) -> Consultation:
    """Publish (guarded by `transitions.publication_problems`) and tell the organisations it is for."""
    published = apply_transition(consultation, "publish", actor=actor)
    published.published_at = timezone.now()
    published.save(update_fields=["published_at"])
    for organisation in organisations_to_notify(published):
        queue_email_text(
            to=[organisation.email],
            template="consultations/email/published.txt",
            context={"consultation": published, "tenant": published.tenant, "organisation": organisation},
        )
    for email in council_member_emails(published):
        queue_email_text(
            to=[email],
            template="consultations/email/published.txt",
            context={"consultation": published, "tenant": published.tenant, "organisation": published.council},
        )
    return published


@transaction.atomic
def cancel_consultation(*, consultation: Consultation, actor: Any, reason: str) -> Consultation:
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for cancelling.")]})
    return apply_transition(consultation, "cancel", actor=actor, reason=reason[:2000])


@transaction.atomic
def close_consultation(*, consultation: Consultation, actor: Any) -> Consultation:
    return apply_transition(consultation, "close", actor=actor)


# --- participants -------------------------------------------------------------------------------


def _participation(consultation: Consultation, actor: Any, organisation: Organisation | None) -> None:
    if not is_open(consultation):
        raise ValidationError(_("The consultation is not open: it takes comments only during its period."))
    problem = participation_problem(consultation, actor, organisation)
    if problem:
        raise ValidationError({"organisation": [problem]})


@transaction.atomic
def submit_comment(
    *,
    consultation: Consultation,
    actor: Any,
    unit_id: int | None,
    organisation: Organisation | None,
    proposed_wording: str = "",
    justification: str,
) -> Comment:
    """A comment on one unit of this consultation's draft (or on the whole when `unit_id` is None).

    Checked here, whatever the form did: the period (server clock), the audience, the unit, the
    length. Sending the same comment twice (a double click) returns the first one.
    """
    locked = _lock(consultation)
    if not locked.online_comments:
        raise ValidationError(_("This consultation does not take comments online."))
    _participation(locked, actor, organisation)
    errors: dict[str, list[str]] = {}
    unit = None
    if unit_id is not None:
        unit = Unit.objects.filter(consultation=locked, pk=unit_id).first()
        if unit is None:
            errors["unit"] = [_("Choose a unit of this draft (or the whole draft).")]
    proposed_wording, justification = clean_text(proposed_wording), clean_text(justification)
    if not justification:
        errors["justification"] = [_("Write your comment and its justification.")]
    for name, value in (("proposed_wording", proposed_wording), ("justification", justification)):
        if len(value) > COMMENT_MAX_CHARS:
            errors[name] = [
                _("The text has %(length)d characters; at most %(max)d are allowed.")
                % {"length": len(value), "max": COMMENT_MAX_CHARS}
            ]
    if errors:
        raise ValidationError(errors)
    same: Comment | None = Comment.objects.filter(
        consultation=locked,
        author=actor,
        unit=unit,
        organisation=organisation,
        proposed_wording=proposed_wording,
        justification=justification,
    ).first()
    if same is not None:
        return same
    comment: Comment = Comment.objects.create(
        tenant=locked.tenant,
        consultation=locked,
        unit=unit,
        author=actor,
        organisation=organisation,
        proposed_wording=proposed_wording,
        justification=justification,
    )
    record_event(
        actor=actor,
        subject=comment,
        action="consultation.comment",
        data={
            "consultation": locked.pk,
            "unit": unit.label if unit else "",
            "organisation": getattr(organisation, "pk", None),
        },
    )
    return comment


@transaction.atomic
def submit_survey(
    *, consultation: Consultation, actor: Any, organisation: Organisation | None, answers: Mapping[int, str]
) -> SurveyResponse:
    """One filled-in survey per person; every answer checked against its question."""
    locked = _lock(consultation)
    if not locked.survey:
        raise ValidationError(_("This consultation has no survey."))
    _participation(locked, actor, organisation)
    if SurveyResponse.objects.filter(consultation=locked, user=actor).exists():
        raise ValidationError(_("You have already filled in this survey."))
    errors: dict[str, list[str]] = {}
    rows = []
    for question in locked.questions.all():
        value = clean_text(answers.get(question.pk, ""))
        if question.kind == QuestionKind.TEXT:
            if len(value) > COMMENT_MAX_CHARS:
                errors[f"q{question.pk}"] = [_("At most %(max)d characters.") % {"max": COMMENT_MAX_CHARS}]
        elif value and value not in question.choice_list:
            errors[f"q{question.pk}"] = [_("Choose one of the answers listed.")]
        rows.append((question, value))
    if errors:
        raise ValidationError(errors)
    if not any(value for _question, value in rows):
        raise ValidationError(_("Answer at least one question."))
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(consultation=locked, user=actor, organisation=organisation)
    except IntegrityError as error:
        raise ValidationError(_("You have already filled in this survey.")) from error
    SurveyAnswer.objects.bulk_create(SurveyAnswer(response=response, question=q, value=v) for q, v in rows if v)
    record_event(actor=actor, subject=locked, action="consultation.survey", data={"response": response.pk})
    return response


@transaction.atomic
def register_for_meeting(*, meeting: Meeting, actor: Any, organisation: Organisation | None) -> MeetingRegistration:
    """Register for a future meeting with places left; registering twice returns the first registration."""
    locked: Meeting = Meeting.objects.select_for_update().select_related("consultation").get(pk=meeting.pk)
    consultation = locked.consultation
    if consultation.state != ConsultationState.PUBLISHED:
        raise ValidationError(_("Registration is closed."))
    if not locked.registration_required:
        raise ValidationError(_("This meeting needs no registration: just come."))
    if locked.starts_at <= timezone.now():
        raise ValidationError(_("This meeting has already taken place."))
    problem = participation_problem(consultation, actor, organisation)
    if problem:
        raise ValidationError({"organisation": [problem]})
    existing = MeetingRegistration.objects.filter(meeting=locked, user=actor).first()
    if existing is not None:
        return existing
    if locked.capacity is not None and locked.registrations.count() >= locked.capacity:
        raise ValidationError(_("There are no places left at this meeting."))
    registration = MeetingRegistration.objects.create(meeting=locked, user=actor, organisation=organisation)
    record_event(actor=actor, subject=consultation, action="consultation.register", data={"meeting": locked.pk})
    return registration


# --- the office: answers and the report ---------------------------------------------------------


def _lock_for_answers(consultation: Consultation, actor: Any) -> Consultation:
    """The consultation, closed first if its period is over; answers are given only after the end."""
    locked = _lock(consultation)
    _require_officer(actor, locked)
    if locked.state not in ANSWERABLE_STATES or not has_ended(locked):
        raise ValidationError(_("Comments are answered after the consultation has ended, before the report."))
    if locked.state == ConsultationState.PUBLISHED:
        locked = apply_transition(locked, "close", actor=actor)
    return locked


@transaction.atomic
def answer_comment(*, comment: Comment, actor: Any, response: str, reason: str) -> Comment:
    """The office's answer to a comment: accepted, partly accepted or rejected, with the reason."""
    consultation = _lock_for_answers(comment.consultation, actor)
    locked: Comment = Comment.objects.select_for_update().get(pk=comment.pk, consultation=consultation)
    errors: dict[str, list[str]] = {}
    if response not in Response.values:
        errors["response"] = [_("Choose the answer.")]
    reason = clean_text(reason)
    if not reason:
        errors["response_reason"] = [_("Give the reason for the answer.")]
    elif len(reason) > COMMENT_MAX_CHARS:
        errors["response_reason"] = [_("At most %(max)d characters.") % {"max": COMMENT_MAX_CHARS}]
    if locked.duplicate_of_id is not None:
        errors["response"] = [_("This comment was merged into another one; answer that one.")]
    if errors:
        raise ValidationError(errors)
    locked.response, locked.response_reason = response, reason
    locked.answered_at, locked.answered_by = timezone.now(), actor
    locked.save(update_fields=["response", "response_reason", "answered_at", "answered_by", "updated_at"])
    record_event(actor=actor, subject=locked, action="consultation.answer", data={"response": response})
    return locked


@transaction.atomic
def merge_comment(*, comment: Comment, into: Comment, actor: Any) -> Comment:
    """Mark `comment` as a duplicate of `into` (same consultation): it shares that comment's answer."""
    consultation = _lock_for_answers(comment.consultation, actor)
    if into.consultation_id != consultation.pk or into.pk == comment.pk:
        raise ValidationError({"into": [_("Choose another comment of this consultation.")]})
    target = into.duplicate_of or into
    if target.pk == comment.pk:
        raise ValidationError({"into": [_("Choose another comment of this consultation.")]})
    locked: Comment = Comment.objects.select_for_update().get(pk=comment.pk)
    Comment.objects.filter(duplicate_of=locked).update(duplicate_of=target)
    locked.duplicate_of = target
    locked.response, locked.response_reason, locked.answered_at, locked.answered_by = "", "", None, None
    locked.save(update_fields=["duplicate_of", "response", "response_reason", "answered_at", "answered_by"])
    record_event(actor=actor, subject=locked, action="consultation.merge", data={"into": target.pk})
    return locked


@transaction.atomic
def unmerge_comment(*, comment: Comment, actor: Any) -> Comment:
    _lock_for_answers(comment.consultation, actor)
    locked: Comment = Comment.objects.select_for_update().get(pk=comment.pk)
    locked.duplicate_of = None
    locked.save(update_fields=["duplicate_of"])
    record_event(actor=actor, subject=locked, action="consultation.unmerge", data={})
    return locked


@transaction.atomic
def publish_report(*, consultation: Consultation, actor: Any, summary: str = "") -> Consultation:
    """Publish the consultation report (raport z konsultacji) and tell every participant."""
    closed = _lock_for_answers(consultation, actor)
    summary = clean_text(summary)
    if len(summary) > COMMENT_MAX_CHARS:
        raise ValidationError({"summary": [_("At most %(max)d characters.") % {"max": COMMENT_MAX_CHARS}]})
    closed.report_summary = summary
    closed.save(update_fields=["report_summary"])
    reported = apply_transition(closed, "publish_report", actor=actor)
    reported.report_published_at = timezone.now()
    reported.save(update_fields=["report_published_at"])
    for email in participant_emails(reported):
        queue_email_text(
            to=[email],
            template="consultations/email/report_published.txt",
            context={"consultation": reported, "tenant": reported.tenant},
        )
    return reported
