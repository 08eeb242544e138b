"""The office's pages of own-initiative proposals (art. 12): the list with the terms (late answers flagged),
one proposal with the answer and the competition that followed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.competitions.forms.proposals import AnswerForm, LinkCallForm
from pozytek.competitions.models import TaskProposal
from pozytek.competitions.selectors import calls_to_link, office_proposal, office_proposals
from pozytek.competitions.services import answer_proposal, link_proposal_to_call
from pozytek.core.workflow import TransitionNotAllowed
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors

PERMISSION = "competitions.manage_calls"


class ProposalListView(OfficeAccessMixin, View):
    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        proposals = list(office_proposals(current_tenant(request))[:500])
        context = {"proposals": proposals, "today": timezone.localdate()}
        return render(request, "competitions/proposals/office_list.html", context)


class ProposalDetailView(OfficeAccessMixin, View):
    permission_required = PERMISSION
    template_name = "competitions/proposals/office_detail.html"

    def _proposal(self, request: HttpRequest, pk: int) -> TaskProposal:
        proposal = office_proposal(current_tenant(request), pk)
        if proposal is None:
            raise Http404
        return proposal

    def _render(self, request: HttpRequest, proposal: TaskProposal, status: int = 200, **forms: object) -> HttpResponse:
        tenant = current_tenant(request)
        context = {
            "proposal": proposal,
            "late": proposal.answered_at is None and timezone.localdate() > proposal.answer_due,
            "answer_form": forms.get("answer_form") or AnswerForm(),
            "link_form": forms.get("link_form")
            or LinkCallForm(calls=calls_to_link(tenant), initial={"call": proposal.call_id}),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        return self._render(request, self._proposal(request, pk))

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        proposal = self._proposal(request, pk)
        action = request.POST.get("action", "")
        try:
            if action == "link":
                link_form = LinkCallForm(request.POST, calls=calls_to_link(current_tenant(request)))
                if not link_form.is_valid():
                    return self._render(request, proposal, 400, link_form=link_form)
                try:
                    link_proposal_to_call(proposal=proposal, actor=request.user, call=link_form.cleaned_data["call"])
                except ValidationError as error:
                    attach_service_errors(link_form, error)
                    return self._render(request, proposal, 400, link_form=link_form)
                messages.success(request, _("The competition has been linked."))
            else:
                answer_form = AnswerForm(request.POST)
                if not answer_form.is_valid():
                    return self._render(request, proposal, 400, answer_form=answer_form)
                try:
                    answer_proposal(proposal=proposal, actor=request.user, **answer_form.cleaned_data)
                except ValidationError as error:
                    attach_service_errors(answer_form, error)
                    return self._render(request, proposal, 400, answer_form=answer_form)
                messages.success(request, _("The answer has been recorded and sent to the organisation."))
        except (TransitionNotAllowed, PermissionDenied) as refusal:
            messages.error(request, str(refusal))
        return redirect("competitions_office:proposal", tenant_slug=tenant_slug, pk=pk)
