"""States of organisations, claims, profile changes and imports (their lifecycles: transitions.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganisationState(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("organisation", "active")
    INACTIVE = "inactive", pgettext_lazy("organisation", "inactive")
    MERGED = "merged", pgettext_lazy("organisation", "merged into another profile")


class ReviewState(models.TextChoices):
    """A claim or a profile change waiting for an official."""

    PENDING = "pending", _("awaiting verification")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


class AreaBasis(models.TextChoices):
    """Why an organisation is in a local government's directory."""

    SEAT = "seat", _("seat in the area")
    ACTIVITY = "activity", _("declared activity in the area")
    OFFICE = "office", _("added by the office")


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", _("uploaded")
    MAPPED = "mapped", _("columns mapped")
    PREVIEWED = "previewed", _("checked (dry run)")
    QUEUED = "queued", _("waiting to run")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed: nothing imported")


class MemberRole(models.TextChoices):
    OWNER = "owner", _("owner")
    EDITOR = "editor", _("editor")


class Source(models.TextChoices):
    SELF = "self", _("registered by the organisation")
    OFFICE = "office", _("added by an official")
    KRS = "krs", _("imported from a KRS extract")
    SPREADSHEET = "spreadsheet", _("imported from a spreadsheet")
