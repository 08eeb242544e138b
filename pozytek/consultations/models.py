"""Consultations of draft acts (konsultacje projektów aktów) with NGOs and residents."""

from pathlib import Path
from typing import ClassVar
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pozytek.consultations.states import Audience, ConsultationState, QuestionKind, Response
from pozytek.core.files import private_storage as private_storage  # re-exported: its migrations name it
from pozytek.core.models import TenantOwnedModel, scoped_through


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A random name on disk (the original one is kept in the database)."""
    return f"consultations/{instance.consultation_id}/{uuid4().hex}{Path(filename).suffix.lower()[:8]}"


class Consultation(TenantOwnedModel):
    """A consultation (konsultacje) of a draft act: the draft in numbered units, audience, period, forms."""

    title = models.CharField(_("subject"), max_length=300)
    act_title = models.CharField(_("title of the draft act"), max_length=500, blank=True)
    justification = models.TextField(_("justification of the draft (uzasadnienie)"), blank=True)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    spheres = models.ManyToManyField(
        "legal.SphereOfPublicTasks",
        blank=True,
        related_name="consultations",
        verbose_name=_("spheres of public tasks"),
    )
    council = models.ForeignKey(
        "councils.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("council consulted"),
        help_text=_("For the audience “a council”: its members take part."),
    )
    starts_on = models.DateField(_("start of the period"), null=True, blank=True)
    ends_on = models.DateField(_("end of the period (last day)"), null=True, blank=True)
    online_comments = models.BooleanField(_("online comments"), default=True)
    survey = models.BooleanField(_("form / survey"), default=False)
    meetings = models.BooleanField(_("consultation meetings"), default=False)
    comments_public = models.BooleanField(
        _("comments are public"),
        default=True,
        help_text=_("Comments are shown on the consultation page with the author's organisation."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    report_summary = models.TextField(_("summary of the consultation (for the report)"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ConsultationState.choices, default=ConsultationState.DRAFT
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    report_published_at = models.DateTimeField(_("report published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-starts_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="consultation_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)


class Unit(models.Model):
    """A numbered unit of the draft (jednostka redakcyjna: paragraf, ustęp, rozdział) open to comments."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="units")
    position = models.PositiveIntegerField(_("order"))
    label = models.CharField(_("number"), max_length=40, help_text=_("E.g. § 1 or Chapter 2."))
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    # No tenant column of its own: scoped through its parent's tenant (core.models.scoped_through).
    objects: ClassVar[models.Manager["Unit"]] = scoped_through("consultation")

    class Meta:
        verbose_name = _("unit of the draft")
        verbose_name_plural = _("units of the draft")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "position"], name="consultation_unit_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.heading}".strip()


class Attachment(models.Model):
    """A document published with the draft (załącznik)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # No tenant column of its own: scoped through its parent's tenant (core.models.scoped_through).
    objects: ClassVar[models.Manager["Attachment"]] = scoped_through("consultation")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.title)


class Comment(TenantOwnedModel):
    """A comment (uwaga) on one unit of the draft or on the whole, with the official's answer."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="comments", verbose_name=_("unit")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultation_comments",
        verbose_name=_("on behalf of"),
    )
    proposed_wording = models.TextField(_("proposed wording"), blank=True)
    justification = models.TextField(_("comment and justification"))
    response = models.CharField(_("answer"), max_length=20, choices=Response.choices, blank=True)
    response_reason = models.TextField(_("reason for the answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        verbose_name=_("merged into"),
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(duplicate_of=F("pk")), name="consultation_comment_not_own_duplicate"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Meeting(models.Model):
    """A consultation meeting (spotkanie konsultacyjne) with optional registration and minutes."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="meeting_set")
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    registration_required = models.BooleanField(_("registration required"), default=False)
    capacity = models.PositiveIntegerField(_("number of places"), null=True, blank=True)
    minutes = models.TextField(_("minutes (protokół ze spotkania)"), blank=True)
    attendance = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    # No tenant column of its own: scoped through its parent's tenant (core.models.scoped_through).
    objects: ClassVar[models.Manager["Meeting"]] = scoped_through("consultation")

    class Meta:
        verbose_name = _("consultation meeting")
        verbose_name_plural = _("consultation meetings")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.place}"


class MeetingRegistration(models.Model):
    """A person's registration for a meeting (zgłoszenie udziału)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # No tenant column of its own: scoped through its parent's tenant (core.models.scoped_through).
    objects: ClassVar[models.Manager["MeetingRegistration"]] = scoped_through("meeting__consultation")

    class Meta:
        verbose_name = _("meeting registration")
        verbose_name_plural = _("meeting registrations")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="consultation_meeting_registration")]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.user_id}"


class Question(models.Model):
    """A question of the consultation survey (formularz / ankieta)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("order"))
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("type"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.CHOICE)
    choices = models.TextField(_("answers to choose from"), blank=True, help_text=_("One per line."))
    # No tenant column of its own: scoped through its parent's tenant (core.models.scoped_through).
    objects: ClassVar[models.Manager["Question"]] = scoped_through("consultation")

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return str(self.text)

    @property
    def choice_list(self) -> list[str]:
        if self.kind == QuestionKind.SCALE:
            return ["1", "2", "3", "4", "5"]
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class SurveyResponse(models.Model):
    """One participant's filled-in survey."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="survey_responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # No tenant column of its own: scoped through its parent's tenant (core.models.scoped_through).
    objects: ClassVar[models.Manager["SurveyResponse"]] = scoped_through("consultation")

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [models.UniqueConstraint(fields=["consultation", "user"], name="consultation_survey_once")]

    def __str__(self) -> str:
        return f"{self.consultation_id}/{self.user_id}"


class SurveyAnswer(models.Model):
    """The answer to one question within a survey response."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(blank=True)
    # No tenant column of its own: scoped through its parent's tenant (core.models.scoped_through).
    objects: ClassVar[models.Manager["SurveyAnswer"]] = scoped_through("response__consultation")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="consultation_answer_once")]

    def __str__(self) -> str:
        return str(self.value)[:50]
