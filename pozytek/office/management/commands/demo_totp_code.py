"""Print the current TOTP code of the demo office staff (development only)."""

import time
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pozytek.tenants.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current one-time code for the demo TOTP secret (only with DJANGO_DEBUG on)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Only available in development (DJANGO_DEBUG=1).")
        counter = int(time.time()) // 30
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
