"""Office pages of a local government (staff with MFA only): the dashboard and the office data."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.accounts.selectors import members_of
from pozytek.core.deadlines import public_items
from pozytek.core.selectors import audit_events_of_tenant
from pozytek.core.worklist import office_work
from pozytek.office.forms import TenantProfileForm
from pozytek.programmes.selectors import deadline_warnings
from pozytek.tenants.http import current_tenant
from pozytek.tenants.services import update_tenant_profile
from pozytek.ui.form_errors import attach_service_errors

# The dashboard's nearest legal deadlines: calls closing, results due, consultations ending, council meetings.
UPCOMING_DAYS = 60
UPCOMING_ITEMS = 8


class DashboardView(OfficeAccessMixin, View):
    """What to do next: the work waiting in every module (core.worklist), the nearest deadlines
    (core.deadlines), then the way into each module, the office data, staff and recent changes."""

    permission_required = "tenants.view_office"

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = current_tenant(request)
        today = timezone.localdate()
        work = office_work(tenant, request.user)
        return render(
            request,
            "office/dashboard.html",
            {
                "work": work,
                "work_count": sum(group.count for group in work),
                "upcoming": public_items(tenant, today, today + dt.timedelta(days=UPCOMING_DAYS))[:UPCOMING_ITEMS],
                "members": members_of(tenant),
                "events": audit_events_of_tenant(tenant, limit=30),
                "can_edit": request.user.has_perm("tenants.change_profile", tenant),
                "can_manage_small_grants": request.user.has_perm("smallgrants.manage", tenant),
                "deadlines": deadline_warnings(tenant),
            },
        )


class ProfileEditView(OfficeAccessMixin, View):
    permission_required = "tenants.change_profile"
    template_name = "office/profile_form.html"

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        return render(request, self.template_name, {"form": TenantProfileForm(instance=current_tenant(request))})

    def post(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = current_tenant(request)
        form = TenantProfileForm(request.POST, request.FILES, instance=tenant)
        if form.is_valid():
            try:
                update_tenant_profile(tenant=tenant, actor=request.user, data=form.cleaned_data)
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The office data has been saved."))
                return redirect("office:dashboard", tenant_slug=tenant.slug)
        return render(request, self.template_name, {"form": form}, status=400)
