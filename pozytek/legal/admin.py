"""Platform admins add dated values of legal parameters; past rows are never edited."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext as _

from pozytek.legal.models import LegalForm, LegalParameter, SphereOfPublicTasks
from pozytek.legal.services import add_legal_parameter_value


class LegalParameterForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new dated value: a second national value of a key from the same day is a field error here (the
    form leaves `tenant` out, so Django's own constraint check would skip it and the save would fail)."""

    class Meta:
        model = LegalParameter
        fields = [
            "key",
            "name",
            "value",
            "unit",
            "effective_from",
            "valid_to",
            "kind",
            "legal_basis",
            "needs_verification",
            "note",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        key, effective_from = data.get("key"), data.get("effective_from")
        if (
            key
            and effective_from
            and LegalParameter.objects.filter(key=key, effective_from=effective_from, tenant=None).exists()
        ):
            self.add_error("effective_from", _("This parameter already has a value from this date."))
        return data


@admin.register(LegalParameter)
class LegalParameterAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = LegalParameterForm
    list_display = [
        "key",
        "name",
        "value",
        "unit",
        "effective_from",
        "valid_to",
        "tenant",
        "kind",
        "legal_basis",
        "needs_verification",
    ]
    list_filter = ["needs_verification", "kind", "unit", "effective_from"]
    search_fields = ["key", "name", "legal_basis"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: LegalParameter, form: Any, change: bool) -> None:
        row = add_legal_parameter_value(
            actor=request.user,
            key=obj.key,
            value=obj.value,
            effective_from=obj.effective_from,
            name=obj.name,
            unit=obj.unit,
            legal_basis=obj.legal_basis,
            needs_verification=obj.needs_verification,
            note=obj.note,
            kind=obj.kind,
            valid_to=obj.valid_to,
        )
        obj.pk = row.pk


@admin.register(SphereOfPublicTasks)
class SphereAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "short_name", "valid_from", "valid_to", "needs_verification"]
    search_fields = ["code", "name"]


@admin.register(LegalForm)
class LegalFormAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "register", "status"]
