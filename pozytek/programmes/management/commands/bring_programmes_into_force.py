"""Bring adopted cooperation programmes into force on 1 January of their first year; run daily from cron."""

from typing import Any

from django.core.management.base import BaseCommand

from pozytek.programmes.services.programmes import bring_programmes_into_force


class Command(BaseCommand):
    help = (
        "Bring every adopted cooperation programme (in every local government) whose first year has begun into force."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        moved = bring_programmes_into_force()
        self.stdout.write(f"Programmes brought into force: {moved}")
