"""Platform administration of local governments: every write goes through the services."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.tenants.models import District, Tenant
from pozytek.tenants.services import (
    PROFILE_FIELDS,
    add_district,
    create_tenant,
    publish_tenant,
    resume_tenant,
    suspend_tenant,
    update_tenant_profile,
    validate_tenant_identity,
)


class DistrictInline(admin.TabularInline):  # type: ignore[type-arg]
    model = District
    extra = 0
    fields = ["name", "kind"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TenantAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """Checks the platform's own rules (reserved slugs, TERYT length) next to the fields."""

    class Meta:
        model = Tenant
        fields = ["name", "slug", "kind", "teryt", *PROFILE_FIELDS, "coat_of_arms"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk is None and not self.errors:
            try:
                validate_tenant_identity(slug=cleaned["slug"], kind=cleaned["kind"], teryt=cleaned["teryt"])
            except ValidationError as error:
                for field, messages_ in error.message_dict.items():
                    self.add_error(field, messages_)
        return cleaned


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = TenantAdminForm
    list_display = ["name", "slug", "kind", "teryt", "state"]
    list_filter = ["kind", "state"]
    search_fields = ["name", "slug", "teryt"]
    readonly_fields = ["state", "state_changed_at", "created_at", "updated_at"]
    inlines = [DistrictInline]
    actions = ["publish", "suspend", "resume"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "slug", "kind", "teryt"] if obj else fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Tenant, form: Any, change: bool) -> None:
        data = {field: form.cleaned_data.get(field) for field in PROFILE_FIELDS if field in form.cleaned_data}
        if change:
            data["coat_of_arms"] = form.cleaned_data.get("coat_of_arms")
            update_tenant_profile(tenant=obj, actor=request.user, data=data)
        else:
            created = create_tenant(
                actor=request.user,
                name=obj.name,
                slug=obj.slug,
                kind=obj.kind,
                teryt=obj.teryt,
                **{k: v for k, v in data.items() if v not in (None, "")},
            )
            obj.pk = created.pk

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if inline_form.has_changed() and not inline_form.instance.pk:
                district = add_district(
                    tenant=form.instance,
                    actor=request.user,
                    name=inline_form.cleaned_data["name"],
                    kind=inline_form.cleaned_data["kind"],
                )
                formset.new_objects.append(district)

    def _transition(self, request: HttpRequest, queryset: QuerySet[Tenant], service: Any) -> None:
        for tenant in queryset:
            try:
                service(tenant=tenant, actor=request.user)
            except (TransitionNotAllowed, TransitionBlocked, PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{tenant}: {error}", messages.ERROR)
            else:
                self.message_user(request, f"{tenant}: OK", messages.SUCCESS)

    @admin.action(description=_("Publish the selected local governments"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Tenant]) -> None:
        self._transition(request, queryset, publish_tenant)

    @admin.action(description=_("Suspend the selected local governments"))
    def suspend(self, request: HttpRequest, queryset: QuerySet[Tenant]) -> None:
        self._transition(request, queryset, suspend_tenant)

    @admin.action(description=_("Resume the selected local governments"))
    def resume(self, request: HttpRequest, queryset: QuerySet[Tenant]) -> None:
        self._transition(request, queryset, resume_tenant)
