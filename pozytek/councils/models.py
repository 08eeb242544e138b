"""Councils and teams (ciała konsultacyjno-doradcze): bodies, members, recruitment, meetings, acts, opinions."""

from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pozytek.core.files import private_storage as private_storage  # re-exported: its migrations name it
from pozytek.core.models import TenantOwnedModel
from pozytek.councils.states import (
    ActKind,
    BodyKind,
    BodyState,
    CandidacyOutcome,
    CandidateCallState,
    DecisionMethod,
    MeetingState,
    MemberRole,
    MemberSide,
    RequestState,
)


def document_path(instance: "MeetingDocument", filename: str) -> str:
    return f"councils/{instance.meeting_id}/{uuid4().hex}{Path(filename).suffix.lower()[:8]}"


class Body(TenantOwnedModel):
    """A consultative and advisory body (ciało konsultacyjno-doradcze) of a local government.

    The Public Benefit Council (Rada Działalności Pożytku Publicznego, art. 41e–41i), a dialogue
    commission per field (komisja dialogu obywatelskiego) or a joint team (zespół). One row is one
    body in its current term (`term_start`–`term_end`).
    """

    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    legal_basis = models.CharField(_("legal basis (appointing act)"), max_length=500, blank=True)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    state = models.CharField(_("state"), max_length=20, choices=BodyState.choices, default=BodyState.FORMING)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    contact_email = models.EmailField(_("contact e-mail (secretariat)"), blank=True)

    class Meta:
        verbose_name = _("council or team")
        verbose_name_plural = _("councils and teams")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "slug"], name="council_body_slug_unique"),
            models.CheckConstraint(condition=Q(term_end__gt=F("term_start")), name="council_body_term_order"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public_benefit_council(self) -> bool:
        return self.kind == BodyKind.PUBLIC_BENEFIT_COUNCIL


class CandidateCall(TenantOwnedModel):
    """A call for candidates (nabór kandydatów) from organisations to a body."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="candidate_calls")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("information for candidates"), blank=True)
    seats = models.PositiveSmallIntegerField(_("number of seats for organisations"))
    deadline = models.DateTimeField(_("nominations until"))
    state = models.CharField(
        _("state"), max_length=20, choices=CandidateCallState.choices, default=CandidateCallState.OPEN
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    method = models.CharField(_("how members were chosen"), max_length=20, choices=DecisionMethod.choices, blank=True)
    decision_note = models.TextField(_("decision (vote result or appointing act)"), blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("call for candidates")
        verbose_name_plural = _("calls for candidates")
        ordering = ["-deadline", "pk"]

    def __str__(self) -> str:
        return self.title


class Candidacy(TenantOwnedModel):
    """A candidate an organisation nominates (zgłoszenie kandydata) in a call for candidates."""

    call = models.ForeignKey(CandidateCall, on_delete=models.CASCADE, related_name="candidacies")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    candidate_name = models.CharField(_("candidate's name"), max_length=200)
    candidate_email = models.EmailField(_("candidate's e-mail"))
    statement = models.TextField(_("experience of the candidate"), blank=True)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=CandidacyOutcome.choices, default=CandidacyOutcome.PENDING
    )
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["call", "organisation"], name="council_candidacy_one_per_org")]

    def __str__(self) -> str:
        return f"{self.candidate_name} ({self.organisation})"


class BodyMember(TenantOwnedModel):
    """A member of a body for a term (członek): who, whom they represent, role, term start and end."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("full name"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_seats",
        verbose_name=_("platform account"),
    )
    email = models.EmailField(_("e-mail for invitations"), blank=True)
    side = models.CharField(_("represents"), max_length=20, choices=MemberSide.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    represents_note = models.CharField(_("office, department or club"), max_length=300, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    term_start = models.DateField(_("member from"))
    term_end = models.DateField(_("member until"))
    candidacy = models.ForeignKey(Candidacy, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reminder_sent_at = models.DateTimeField(_("term end reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["body", "term_start", "full_name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(term_end__gte=F("term_start")), name="council_member_term_order"),
            models.CheckConstraint(
                condition=~Q(side="ngo") | Q(organisation__isnull=False), name="council_member_ngo_has_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class BodyMeeting(TenantOwnedModel):
    """A meeting (posiedzenie) of a body: agenda, documents, invitations, attendance and minutes."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300)
    state = models.CharField(_("state"), max_length=20, choices=MeetingState.choices, default=MeetingState.SCHEDULED)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    invitations_sent_at = models.DateTimeField(_("invitations sent"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"


class MeetingAgendaItem(TenantOwnedModel):
    """One point of a meeting's agenda (porządek obrad)."""

    meeting = models.ForeignKey(BodyMeeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("agenda item"), max_length=500)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class MeetingAttendance(TenantOwnedModel):
    """Whether a member attended a meeting (lista obecności)."""

    meeting = models.ForeignKey(BodyMeeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(BodyMember, on_delete=models.PROTECT, related_name="attendance")
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="council_attendance_once")]

    def __str__(self) -> str:
        return f"{self.member}: {self.present}"


class MeetingDocument(TenantOwnedModel):
    """A document of a meeting (materiały): private until marked public."""

    meeting = models.ForeignKey(BodyMeeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(storage=private_storage, upload_to=document_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    public = models.BooleanField(_("published on the body's page"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class BodyAct(TenantOwnedModel):
    """A resolution (uchwała) or opinion (opinia) adopted by a body, numbered per body, kind and year ("1/2027")."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="acts")
    meeting = models.ForeignKey(BodyMeeting, null=True, blank=True, on_delete=models.PROTECT, related_name="acts")
    kind = models.CharField(_("kind"), max_length=20, choices=ActKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"))
    adopted_on = models.DateField(_("adopted on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("resolution or opinion")
        verbose_name_plural = _("resolutions and opinions")
        ordering = ["-adopted_on", "-sequence", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "kind", "year", "sequence"], name="council_act_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}: {self.title}"

    @property
    def number(self) -> str:
        return f"{self.sequence}/{self.year}"


class OpinionRequest(TenantOwnedModel):
    """A request for the body's opinion on a draft (wniosek o opinię), due `council.opinion_days` after delivery."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="opinion_requests")
    subject = models.CharField(_("draft to give an opinion on"), max_length=500)
    consultation = models.ForeignKey(
        "consultations.Consultation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinion_requests",
        verbose_name=_("consultation"),
    )
    link = models.URLField(_("link to the draft"), blank=True)
    description = models.TextField(_("details"), blank=True)
    delivered_on = models.DateField(_("delivered to the body on"))
    due_on = models.DateField(_("opinion due by"))
    state = models.CharField(_("state"), max_length=20, choices=RequestState.choices, default=RequestState.PENDING)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    opinion = models.OneToOneField(
        BodyAct, null=True, blank=True, on_delete=models.PROTECT, related_name="request", verbose_name=_("opinion")
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("request for opinion")
        verbose_name_plural = _("requests for opinion")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=F("delivered_on")), name="council_request_due_order")
        ]

    def __str__(self) -> str:
        return self.subject
