"""Office pages forming the call's commission: recruitment, nominations, members, appointment.

One page (`detail`) shows everything with its forms; each action is a POST to its own URL that
calls one service and redirects back (or shows the page again with the form's errors, status 400).
The call is read through a tenant-filtered selector: another tenant's id gives 404.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.evaluation.forms.commission import AppointForm, MemberForm, RecruitmentForm, WithoutNgoForm
from pozytek.evaluation.models import Commission
from pozytek.evaluation.permissions import may_nominate
from pozytek.evaluation.selectors import (
    call_of_tenant,
    members_of,
    nominations_of,
    participating_organisation_ids,
)
from pozytek.evaluation.services.commission import (
    add_member,
    appoint_commission,
    close_recruitment,
    ensure_commission,
    member_of_commission,
    nomination_of_commission,
    open_recruitment,
    recruitment_is_open,
    recruitment_of,
    remove_member,
    set_without_ngo_reason,
)
from pozytek.evaluation.states import CommissionState, RecruitmentState
from pozytek.evaluation.transitions import appointment_problems
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors

TEMPLATE = "evaluation/commission/detail.html"


class CommissionOfficeView(OfficeAccessMixin, View):
    permission_required = "evaluation.manage_evaluation"

    def commission(self, request: HttpRequest, call_pk: int) -> Commission:
        call = call_of_tenant(current_tenant(request), call_pk)
        return ensure_commission(call=call, actor=request.user)

    def back(self, tenant_slug: str, call_pk: int) -> HttpResponse:
        return redirect("evaluation_office_commission:detail", tenant_slug=tenant_slug, call_pk=call_pk)

    def page(self, request: HttpRequest, commission: Commission, status: int = 200, **forms_: Any) -> HttpResponse:
        call = commission.call
        recruitment = recruitment_of(commission)
        participating = participating_organisation_ids(call)
        nominations = [(n, n.organisation_id in participating) for n in nominations_of(commission)]
        seated = {m.nomination_id for m in members_of(commission) if m.nomination_id}
        forming = commission.state == CommissionState.FORMING
        context = {
            "call": call,
            "commission": commission,
            "forming": forming,
            "recruitment": recruitment,
            "recruitment_open": recruitment is not None and recruitment_is_open(recruitment),
            "recruitment_closable": recruitment is not None and recruitment.state == RecruitmentState.OPEN,
            # the nomination page is for people who keep an organisation's profile (others get 403 there)
            "can_nominate": may_nominate(request.user),
            "nominations": [
                {"nomination": n, "excluded": excluded, "seated": n.pk in seated} for n, excluded in nominations
            ],
            "members": list(members_of(commission)),
            "problems": appointment_problems(commission) if forming else [],
            "recruitment_form": forms_.get("recruitment_form") or RecruitmentForm(prefix="recruitment"),
            "member_form": forms_.get("member_form") or MemberForm(prefix="member", nominations=nominations),
            "without_ngo_form": forms_.get("without_ngo_form")
            or WithoutNgoForm(
                prefix="without_ngo",
                initial={"reason": commission.without_ngo_reason, "note": commission.without_ngo_note},
            ),
            "appoint_form": forms_.get("appoint_form")
            or AppointForm(
                prefix="appoint",
                initial={"number": commission.appointment_number, "date": commission.appointment_date},
            ),
        }
        return render(request, TEMPLATE, context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
        return self.page(request, self.commission(request, call_pk))


class ActionView(CommissionOfficeView):
    """A POST-only action of the page."""

    http_method_names = ["post"]


class OpenRecruitmentView(ActionView):
    def post(self, request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
        commission = self.commission(request, call_pk)
        form = RecruitmentForm(request.POST, prefix="recruitment")
        if form.is_valid():
            try:
                open_recruitment(
                    commission=commission,
                    actor=request.user,
                    deadline=form.cleaned_data["deadline"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(
                    request, _("The recruitment is open. Organisations of the call's spheres have been told by e-mail.")
                )
                return self.back(tenant_slug, call_pk)
        return self.page(request, commission, status=400, recruitment_form=form)


class CloseRecruitmentView(ActionView):
    def post(self, request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
        commission = self.commission(request, call_pk)
        recruitment = recruitment_of(commission)
        if recruitment is None:
            messages.error(request, _("The recruitment has not been opened."))
            return self.back(tenant_slug, call_pk)
        try:
            close_recruitment(recruitment=recruitment, actor=request.user)
        except TransitionNotAllowed:
            messages.info(request, _("The recruitment is already closed."))
        else:
            messages.success(request, _("The recruitment is closed."))
        return self.back(tenant_slug, call_pk)


class AddMemberView(ActionView):
    def post(self, request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
        commission = self.commission(request, call_pk)
        participating = participating_organisation_ids(commission.call)
        nominations = [(n, n.organisation_id in participating) for n in nominations_of(commission)]
        form = MemberForm(request.POST, prefix="member", nominations=nominations)
        if form.is_valid():
            data = form.cleaned_data
            nomination = nomination_of_commission(commission, data["nomination"]) if data["nomination"] else None
            try:
                add_member(
                    commission=commission,
                    actor=request.user,
                    user_email=data["user_email"] or "",
                    role=data["role"],
                    kind=data["kind"],
                    represents=data["represents"],
                    nomination=nomination,
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The member has been added."))
                return self.back(tenant_slug, call_pk)
        return self.page(request, commission, status=400, member_form=form)


class RemoveMemberView(ActionView):
    def post(self, request: HttpRequest, tenant_slug: str, call_pk: int, member_pk: int) -> HttpResponse:
        commission = self.commission(request, call_pk)
        member = member_of_commission(commission, member_pk)
        try:
            remove_member(member=member, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The member has been removed."))
        return self.back(tenant_slug, call_pk)


class WithoutNgoView(ActionView):
    def post(self, request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
        commission = self.commission(request, call_pk)
        form = WithoutNgoForm(request.POST, prefix="without_ngo")
        if form.is_valid():
            try:
                set_without_ngo_reason(
                    commission=commission,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return self.back(tenant_slug, call_pk)
        return self.page(request, commission, status=400, without_ngo_form=form)


class AppointView(ActionView):
    def post(self, request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
        commission = self.commission(request, call_pk)
        form = AppointForm(request.POST, prefix="appoint")
        if form.is_valid():
            try:
                appoint_commission(
                    commission=commission,
                    actor=request.user,
                    number=form.cleaned_data["number"],
                    date=form.cleaned_data["date"],
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            except TransitionBlocked as blocked:
                for problem in blocked.problems:
                    form.add_error(None, problem.message)
            except TransitionNotAllowed:
                messages.info(request, _("The commission has already been appointed."))
                return self.back(tenant_slug, call_pk)
            else:
                messages.success(request, _("The commission has been appointed. Its members have been told by e-mail."))
                return self.back(tenant_slug, call_pk)
        return self.page(request, commission, status=400, appoint_form=form)
