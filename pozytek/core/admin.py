"""The audit trail is visible to platform admins and can never be edited or deleted."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pozytek.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["created_at", "tenant", "actor", "action", "subject_type", "subject_id"]
    list_filter = ["action", "tenant"]
    search_fields = ["action", "subject_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
