"""A resident starts an application (as a group or through an organisation they keep) and writes it: the
task, the members (each confirms by e-mail), the contributions, the estimate, the schedule; then submits."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.initiatives.forms.initiatives import (
    ApplicationForm,
    ContributionForm,
    EstimateForm,
    MemberForm,
    MilestoneForm,
    StartForm,
)
from pozytek.initiatives.models import Initiative
from pozytek.initiatives.selectors import coordinators_initiative, submission_problems, work_rate
from pozytek.initiatives.services import (
    add_contribution,
    add_estimate_item,
    add_member,
    add_milestone,
    remove_item,
    resend_invitation,
    start_initiative,
    submit_initiative,
    update_application,
)
from pozytek.initiatives.states import InitiativeState, WorkKind
from pozytek.initiatives.views.common import initiative_context, run
from pozytek.organisations.selectors import organisations_of
from pozytek.tenants.http import current_tenant

FORMS = {
    "details": ApplicationForm,
    "member": MemberForm,
    "contribution": ContributionForm,
    "estimate": EstimateForm,
    "milestone": MilestoneForm,
}


class StartView(LoginRequiredMixin, View):
    template_name = "initiatives/member/start.html"

    def _organisations(self, request: HttpRequest) -> list[Any]:
        return [membership.organisation for membership in organisations_of(request.user)]

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        form = StartForm(organisations=self._organisations(request))
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        organisations = self._organisations(request)
        form = StartForm(request.POST, organisations=organisations)
        started: list[Initiative] = []

        def start(data: dict[str, Any]) -> None:
            chosen = next((o for o in organisations if o.pk == data["organisation"]), None)
            started.append(
                start_initiative(
                    tenant=current_tenant(request),
                    actor=request.user,
                    title=data["title"],
                    area=data["area"],
                    applicant_kind=data["applicant_kind"],
                    organisation=chosen,
                )
            )

        if run(form, start):
            return redirect("initiatives:application", tenant_slug=tenant_slug, pk=started[0].pk)
        return render(request, self.template_name, {"form": form}, status=400)


class ApplicationView(LoginRequiredMixin, View):
    """The coordinator's page of one application: every section's form, what is missing, and submit."""

    template_name = "initiatives/member/application.html"

    def _initiative(self, request: HttpRequest, pk: int) -> Initiative:
        initiative = coordinators_initiative(current_tenant(request), request.user, pk)
        if initiative is None:
            raise Http404
        return initiative

    def _render(self, request: HttpRequest, initiative: Initiative, bound: dict[str, BaseForm]) -> HttpResponse:
        forms = {
            "details": ApplicationForm(instance=initiative, prefix="details"),
            "member": MemberForm(prefix="member"),
            "contribution": ContributionForm(prefix="contribution"),
            "estimate": EstimateForm(prefix="estimate"),
            "milestone": MilestoneForm(prefix="milestone"),
            **bound,
        }
        draft = initiative.state == InitiativeState.DRAFT
        context = {
            **initiative_context(initiative),
            "forms": forms,
            "draft": draft,
            "problems": submission_problems(initiative) if draft else [],
            "rates": [(label, work_rate(initiative.tenant, kind)) for kind, label in WorkKind.choices],
        }
        return render(request, self.template_name, context, status=400 if bound else 200)

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        return self._render(request, self._initiative(request, pk), {})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        initiative = self._initiative(request, pk)
        action, user = request.POST.get("action", ""), request.user
        try:
            if action in FORMS:
                kwargs: dict[str, Any] = {"instance": initiative} if action == "details" else {}
                form = FORMS[action](request.POST, prefix=action, **kwargs)
                if not run(form, lambda data: self._save(action, initiative, user, data)):
                    return self._render(request, initiative, {action: form})
                messages.success(request, _("Saved."))
            elif action == "remove":
                remove_item(
                    initiative=initiative, actor=user, kind=request.POST.get("kind", ""), pk=_int(request, "pk")
                )
                messages.success(request, _("Removed."))
            elif action == "resend":
                member = next((m for m in initiative.members.all() if m.pk == _int(request, "pk")), None)
                if member is not None:
                    resend_invitation(member=member, actor=user)
                    messages.success(request, _("The e-mail has been sent again."))
            elif action == "submit":
                submit_initiative(initiative=initiative, actor=user)
                messages.success(request, _("The application has been submitted to the office."))
            else:
                return self._render(request, initiative, {})
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        except TransitionBlocked as blocked:
            for problem in blocked.problems:
                messages.error(request, problem.message)
        except TransitionNotAllowed as refusal:
            messages.error(request, str(refusal))
        return redirect("initiatives:application", tenant_slug=tenant_slug, pk=pk)

    @staticmethod
    def _save(action: str, initiative: Initiative, user: Any, data: dict[str, Any]) -> Any:
        if action == "details":
            return update_application(initiative=initiative, actor=user, data=data)
        if action == "member":
            return add_member(initiative=initiative, actor=user, **data)
        if action == "contribution":
            return add_contribution(initiative=initiative, actor=user, **data)
        if action == "estimate":
            return add_estimate_item(initiative=initiative, actor=user, **data)
        return add_milestone(initiative=initiative, actor=user, **data)


def _int(request: HttpRequest, name: str) -> int:
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else 0
