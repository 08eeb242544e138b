"""E-mail the secretariat of each body before members' terms end; run daily from cron or a systemd timer."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pozytek.councils.services.reminders import send_term_reminders


class Command(BaseCommand):
    help = "Remind bodies (in every local government) of members whose term ends soon; each member once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="Days ahead (default: the platform setting).")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_term_reminders(days=options["days"])
        self.stdout.write(f"Reminders sent: {sent}")
