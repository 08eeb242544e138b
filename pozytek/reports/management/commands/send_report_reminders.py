"""E-mail reminders about reports due soon and overdue (run daily by cron, like close_expired_calls)."""

from typing import Any

from django.core.management.base import BaseCommand

from pozytek.reports.services import send_report_reminders


class Command(BaseCommand):
    help = "E-mail organisations whose report is due soon or overdue (each reminder once)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_report_reminders()
        self.stdout.write(f"{sent} reminder(s) sent")
