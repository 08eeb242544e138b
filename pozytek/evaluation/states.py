"""States and choices of the evaluation of offers (ocena ofert, art. 15)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FormalOutcome(models.TextChoices):
    """Result of one pass of the formal checklist over a submitted version of an offer."""

    PASSED = "passed", _("Formally correct")
    CORRECTION = "correction", _("Correction requested")
    REJECTED = "rejected", _("Rejected on formal grounds")


class RecruitmentState(models.TextChoices):
    """Nabór kandydatów do komisji konkursowej."""

    OPEN = "open", _("Open for nominations")
    CLOSED = "closed", _("Closed")


class CommissionState(models.TextChoices):
    FORMING = "forming", _("Being formed")
    APPOINTED = "appointed", _("Appointed: scoring")
    CLOSED = "closed", _("Scoring closed")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", pgettext_lazy("member of a commission", "Member")
    EXPERT = "expert", _("Expert (advisory vote)")


class MemberKind(models.TextChoices):
    """Whom the member represents (art. 15 ust. 2b)."""

    OFFICE = "office", _("Representative of the local government")
    NGO = "ngo", _("Person nominated by an organisation")
    EXPERT = "expert", _("Expert with specialist knowledge")


class WithoutNgoReason(models.TextChoices):
    """The only cases in which a commission may work without NGO members (art. 15 ust. 2da)."""

    NONE_NOMINATED = "none_nominated", _("No organisation nominated anyone")
    NOMINEES_ABSENT = "nominees_absent", _("The nominated persons do not take part")
    ALL_EXCLUDED = "all_excluded", _("All nominated persons are excluded")


class CardState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("state of a score card", "Draft")
    SUBMITTED = "submitted", _("Submitted")


class RequestState(models.TextChoices):
    """A request for the justification of a result (żądanie uzasadnienia)."""

    OPEN = "open", _("Awaiting answer")
    ANSWERED = "answered", _("Answered")
