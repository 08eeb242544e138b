"""Close published calls whose offer deadline has passed; run every minute from cron or a systemd timer."""

from typing import Any

from django.core.management.base import BaseCommand

from pozytek.competitions.services import close_expired_calls


class Command(BaseCommand):
    help = "Close every published call (in every local government) whose offer deadline has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = close_expired_calls()
        self.stdout.write(f"Closed calls: {closed}")
