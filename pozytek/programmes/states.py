"""States and choices of the cooperation programme (program współpracy) and its realisation report."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgrammeKind(models.TextChoices):
    """Art. 5a ust. 1 (annual, obligatory) or ust. 2 (multi-year, optional)."""

    ANNUAL = "annual", _("Annual programme")
    MULTI_YEAR = "multi_year", _("Multi-year programme")


class ProgrammeState(models.TextChoices):
    """draft → in consultation → adopted (the council's resolution) → in force → reported."""

    DRAFT = "draft", pgettext_lazy("state of a programme", "Draft")
    IN_CONSULTATION = "in_consultation", _("In consultation")
    ADOPTED = "adopted", pgettext_lazy("state of a programme", "Adopted")
    IN_FORCE = "in_force", pgettext_lazy("state of a programme", "In force")
    REPORTED = "reported", pgettext_lazy("state of a programme", "Reported")


# A programme that the council has adopted is public and can no longer be edited.
ADOPTED_STATES = (ProgrammeState.ADOPTED, ProgrammeState.IN_FORCE, ProgrammeState.REPORTED)
EDITABLE_STATES = (ProgrammeState.DRAFT, ProgrammeState.IN_CONSULTATION)


class ReportState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("state of a realisation report", "Being prepared")
    PUBLISHED = "published", pgettext_lazy("state of a realisation report", "Published")


class ReportSection(models.TextChoices):
    """Sections of the realisation report an official writes a narrative for."""

    INTRODUCTION = "introduction", _("Introduction")
    FINANCIAL = "financial", _("Financial cooperation")
    NON_FINANCIAL = "non_financial", _("Non-financial cooperation")
    GOALS = "goals", _("Goals and forms of cooperation")
    INDICATORS = "indicators", _("Evaluation indicators")
    CONCLUSIONS = "conclusions", _("Conclusions and recommendations")


class ActivityKind(models.TextChoices):
    """What kind of cooperation an activity recorded by hand is: the forms no module keeps (the seeds'
    "zakup usług (w tym klauzule społeczne)", partnership projects, agreements without a grant)."""

    OTHER = "other", _("Other activity")
    SERVICE_PURCHASE = "service_purchase", _("Purchase of services (public procurement)")
    PARTNERSHIP = "partnership", _("Partnership project on external funds")
    NON_GRANT_AGREEMENT = "non_grant_agreement", _("Agreement without a grant (e.g. lending, cooperation)")
