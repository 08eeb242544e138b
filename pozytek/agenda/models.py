"""The secret of a person's private calendar feed (platform-wide: a person's, whatever the tenant)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pozytek.core.models import TimeStampedModel


class CalendarToken(TimeStampedModel):
    """The secret part of the address of a person's private iCal feed; a new one replaces it on reset, and
    the old address is then not found."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(_("secret"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")

    def __str__(self) -> str:
        return f"{self.user_id}"
