"""States of a small grant's publication for comments (art. 19a ust. 3–5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PublicationState(models.TextChoices):
    """Stored life of the publication; whether the comment window is open is derived from its dates."""

    PENDING = "pending", _("Awaiting publication")
    PUBLISHED = "published", pgettext_lazy("small grant offer", "Published for comments")
    WITHDRAWN = "withdrawn", pgettext_lazy("small grant offer", "Taken down")
