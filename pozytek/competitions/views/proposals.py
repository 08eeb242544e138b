"""Own-initiative proposals of public tasks (art. 12): the public list and page, an organisation's proposal
and its withdrawal. The office answers on its own pages (office_proposals.py)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from pozytek.competitions.forms.proposals import ProposalForm
from pozytek.competitions.models import TaskProposal
from pozytek.competitions.selectors import public_proposal, public_proposals
from pozytek.competitions.services import submit_proposal, withdraw_proposal
from pozytek.competitions.states import ProposalState
from pozytek.core.workflow import TransitionNotAllowed
from pozytek.organisations.permissions import is_member
from pozytek.organisations.selectors import organisations_of
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors


def proposal_list(request: HttpRequest, tenant_slug: str) -> HttpResponse:
    proposals = list(public_proposals(current_tenant(request))[:200])
    can_propose = organisations_of(request.user).exists()  # only people who keep an organisation's profile
    return render(request, "competitions/proposals/list.html", {"proposals": proposals, "can_propose": can_propose})


def _public(request: HttpRequest, pk: int) -> TaskProposal:
    proposal = public_proposal(current_tenant(request), pk)
    if proposal is None:
        raise Http404
    return proposal


def proposal_detail(request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
    proposal = _public(request, pk)
    can_withdraw = proposal.state == ProposalState.SUBMITTED and bool(is_member(request.user, proposal.organisation))
    return render(request, "competitions/proposals/detail.html", {"proposal": proposal, "can_withdraw": can_withdraw})


@require_POST
@login_required
def proposal_withdraw(request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
    proposal = _public(request, pk)
    try:
        withdraw_proposal(proposal=proposal, actor=request.user)
    except TransitionNotAllowed as refusal:
        messages.error(request, str(refusal))
        return redirect("competitions:proposal", tenant_slug=tenant_slug, pk=pk)
    messages.success(request, _("The proposal has been withdrawn."))
    return redirect("competitions:proposals", tenant_slug=tenant_slug)


class ProposalStartView(LoginRequiredMixin, View):
    """An organisation proposes a public task on its own initiative."""

    template_name = "competitions/proposals/form.html"

    def _organisations(self, request: HttpRequest) -> list[Any]:
        return [membership.organisation for membership in organisations_of(request.user)]

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        organisations = self._organisations(request)
        form = ProposalForm(organisations=organisations)
        return render(request, self.template_name, {"form": form, "has_organisations": bool(organisations)})

    def post(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        organisations = {o.pk: o for o in self._organisations(request)}
        form = ProposalForm(request.POST, organisations=list(organisations.values()))
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                proposal = submit_proposal(
                    tenant=current_tenant(request),
                    organisation=organisations[data.pop("organisation")],
                    actor=request.user,
                    **data,
                )
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal))
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The proposal has been received. The office answers by %(day)s.")
                    % {"day": proposal.answer_due.strftime("%d.%m.%Y")},
                )
                return redirect("competitions:proposal", tenant_slug=tenant_slug, pk=proposal.pk)
        context = {"form": form, "has_organisations": bool(organisations)}
        return render(request, self.template_name, context, status=400)
