"""States and choices of councils and teams (ciała konsultacyjno-doradcze)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BodyKind(models.TextChoices):
    """The kind of body; the art. 41f composition rule applies to the Public Benefit Council only."""

    PUBLIC_BENEFIT_COUNCIL = "council", _("Public Benefit Council")
    DIALOGUE_COMMISSION = "dialogue", _("Dialogue commission")
    JOINT_TEAM = "team", _("Joint team")


class BodyState(models.TextChoices):
    """A body's current term: being formed (members are appointed), active, or ended."""

    FORMING = "forming", _("Being formed")
    ACTIVE = "active", pgettext_lazy("state of a council", "Active")
    ENDED = "ended", _("Term ended")


class MemberRole(models.TextChoices):
    CHAIR = "chair", pgettext_lazy("council role", "Chair")
    DEPUTY = "deputy", _("Deputy chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", pgettext_lazy("member of a council", "Member")


class MemberSide(models.TextChoices):
    """Whom the member represents (art. 41f): the municipal council, the executive, or an organisation."""

    NGO = "ngo", _("Non-governmental organisation")
    EXECUTIVE = "executive", _("Mayor's office (executive)")
    MUNICIPAL_COUNCIL = "municipal_council", _("Municipal council")
    OTHER = "other", _("Other (expert)")


class CandidateCallState(models.TextChoices):
    """Call for candidates (nabór kandydatów) to a body."""

    OPEN = "open", _("Open for nominations")
    CLOSED = "closed", _("Closed")
    DECIDED = "decided", _("Decided")


class DecisionMethod(models.TextChoices):
    VOTE = "vote", _("Election (vote of the organisations)")
    APPOINTMENT = "appointment", _("Appointment by the mayor")


class CandidacyOutcome(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    APPOINTED = "appointed", _("Appointed")
    NOT_APPOINTED = "not_appointed", _("Not appointed")


class MeetingState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held (minutes recorded)")
    CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")


class ActKind(models.TextChoices):
    """What a body adopts: a resolution (uchwała) or an opinion (opinia); numbered per body, kind and year."""

    RESOLUTION = "resolution", _("Resolution")
    OPINION = "opinion", _("Opinion")


class RequestState(models.TextChoices):
    """A request for opinion (wniosek o opinię); "overdue" is computed from the due date."""

    PENDING = "pending", _("Awaiting opinion")
    ANSWERED = "answered", _("Opinion adopted")
    WITHDRAWN = "withdrawn", pgettext_lazy("opinion request", "Withdrawn")
