"""States and choice lists of consultations (konsultacje projektów aktów)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ConsultationState(models.TextChoices):
    """Stored life of a consultation; "planned" and "open" are derived from the dates (see `Phase`)."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", pgettext_lazy("consultation", "Published")
    CLOSED = "closed", pgettext_lazy("consultation", "Closed")
    REPORTED = "reported", _("Report published")
    CANCELLED = "cancelled", pgettext_lazy("consultation", "Cancelled")


class Phase(models.TextChoices):
    """What the public sees: the state combined with the period on the server clock."""

    PLANNED = "planned", pgettext_lazy("consultation phase", "Planned")
    OPEN = "open", _("Open")
    CLOSED = "closed", pgettext_lazy("consultation", "Closed")
    REPORTED = "reported", _("Report published")


class Audience(models.TextChoices):
    """Who may take part (adresaci konsultacji)."""

    EVERYONE = "everyone", _("Everyone (residents and organisations)")
    NGOS = "ngos", _("Non-governmental organisations only")
    NGO_SPHERES = "ngo_spheres", _("Organisations working in chosen spheres of public tasks")
    COUNCIL = "council", _("A council (e.g. the Public Benefit Council)")


class Response(models.TextChoices):
    """The official's answer to a comment (stanowisko wobec uwagi)."""

    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    REJECTED = "rejected", _("Rejected")


class QuestionKind(models.TextChoices):
    """A survey question's type."""

    CHOICE = "choice", _("One answer from a list")
    SCALE = "scale", _("Scale from 1 to 5")
    TEXT = "text", _("Free text")


# Hard limits (not legal parameters): sizes that keep pages and the database sane.
COMMENT_MAX_CHARS = 10_000
UNIT_MAX_CHARS = 20_000
DOCX_MAX_BYTES = 5 * 1_048_576
