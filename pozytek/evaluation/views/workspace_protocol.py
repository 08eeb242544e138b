"""The chair's round and the protocol: progress and live ranking, proposals, closing, protocol, acceptance.

Commission pages need a signed-in person with TOTP (CommissionAccessMixin). The commission is read
through a tenant-filtered lookup (another tenant's id gives 404). The chair works on the progress page;
office staff of the tenant see it read-only. The protocol is for every member (all roles) and office
staff once the round is closed. Anyone else gets 404, a member who is not the chair 403 on the chair's
pages. Object rules are the predicates of `permissions.py`, never `has_perm` (superusers pass that).
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.documents.services import pdf_response
from pozytek.evaluation.access import CommissionAccessMixin
from pozytek.evaluation.documents import (
    CARDS_BODY,
    PROTOCOL_BODY,
    cards_document,
    commission_in_tenant,
    protocol_context,
    protocol_document,
)
from pozytek.evaluation.forms.protocol import ProposalsForm, initial_for
from pozytek.evaluation.models import Commission, CommissionMember
from pozytek.evaluation.permissions import is_evaluation_officer
from pozytek.evaluation.selectors import compute_ranking, scoring_progress, seat_of
from pozytek.evaluation.services.protocol import close_round, set_proposals, sign_protocol
from pozytek.evaluation.states import CommissionState, MemberRole
from pozytek.evaluation.transitions import closing_problems
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors


def _progress_url(request: HttpRequest, commission: Commission) -> str:
    return reverse(
        "evaluation_protocol:progress",
        kwargs={"tenant_slug": current_tenant(request).slug, "commission_pk": commission.pk},
    )


def _protocol_url(request: HttpRequest, commission: Commission) -> str:
    return reverse(
        "evaluation_protocol:protocol",
        kwargs={"tenant_slug": current_tenant(request).slug, "commission_pk": commission.pk},
    )


class _CommissionPage(CommissionAccessMixin, View):
    """Reads the commission of the request's tenant and who the user is in it."""

    def load(self, request: HttpRequest, commission_pk: int) -> tuple[Commission, CommissionMember | None, bool]:
        commission = commission_in_tenant(current_tenant(request), commission_pk)
        seat = seat_of(request.user, commission)
        officer = bool(is_evaluation_officer(request.user, commission))
        return commission, seat, officer


class _ChairPage(_CommissionPage):
    def chair_or_officer(self, request: HttpRequest, commission_pk: int) -> tuple[Commission, bool]:
        """(commission, is the chair); office staff read; a plain member 403; anyone else 404."""
        commission, seat, officer = self.load(request, commission_pk)
        chair = seat is not None and seat.role == MemberRole.CHAIR
        if not chair and not officer:
            if seat is not None:
                raise PermissionDenied(_("Only the chair of the commission sees this page."))
            raise Http404
        return commission, chair


class ProgressView(_ChairPage):
    """Per member: declaration and cards; the live ranking; the chair's proposals and opinion."""

    def get(self, request: HttpRequest, tenant_slug: str, commission_pk: int) -> HttpResponse:
        commission, chair = self.chair_or_officer(request, commission_pk)
        return self.page(request, commission, chair, form=None)

    def post(self, request: HttpRequest, tenant_slug: str, commission_pk: int) -> HttpResponse:
        commission, chair = self.chair_or_officer(request, commission_pk)
        if not chair:
            raise PermissionDenied(_("Only the chair of the commission proposes the amounts."))
        if commission.state != CommissionState.APPOINTED:
            messages.error(request, _state_message(commission))
            return redirect(_progress_url(request, commission))
        ranking = compute_ranking(commission)
        form = ProposalsForm(request.POST, rows=ranking.rows)
        if form.is_valid():
            try:
                set_proposals(
                    commission=commission,
                    actor=request.user,
                    amounts=form.amounts(),
                    notes=form.notes(),
                    opinion=form.cleaned_data["opinion"],
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The proposals and the opinion are saved."))
                return redirect(_progress_url(request, commission))
        return self.page(request, commission, chair, form=form, status=400)

    def page(
        self, request: HttpRequest, commission: Commission, chair: bool, *, form: Any, status: int = 200
    ) -> HttpResponse:
        scoring = commission.state in (CommissionState.APPOINTED, CommissionState.CLOSED)
        ranking = compute_ranking(commission) if scoring else None
        editable = chair and commission.state == CommissionState.APPOINTED and ranking is not None
        if editable and form is None and ranking is not None:
            form = ProposalsForm(rows=ranking.rows, initial=initial_for(ranking.rows, commission.opinion))
        blocking = closing_problems(commission) if editable else []
        context = {
            "commission": commission,
            "call": commission.call,
            "chair": chair,
            "editable": editable,
            "progress": scoring_progress(commission),
            "ranking": ranking,
            "form": form if editable else None,
            "rows": form.bound_rows() if editable and form is not None else [],
            "blocking": blocking,
            "over_funds": ranking is not None and ranking.proposed_total > ranking.funds,
        }
        return render(request, "evaluation/protocol/progress.html", context, status=status)


def _state_message(commission: Commission) -> str:
    if commission.state == CommissionState.CLOSED:
        return _("The scoring is already closed: the ranking and the proposals can no longer change.")
    return _("The commission has not been appointed yet: scoring has not started.")


class CloseView(_ChairPage):
    """POST: the chair closes the scoring (once; a second closing gets a clear message)."""

    def post(self, request: HttpRequest, tenant_slug: str, commission_pk: int) -> HttpResponseRedirect:
        commission, chair = self.chair_or_officer(request, commission_pk)
        if not chair:
            raise PermissionDenied(_("Only the chair of the commission closes the scoring."))
        try:
            close_round(commission=commission, actor=request.user)
        except TransitionNotAllowed:
            current = commission_in_tenant(current_tenant(request), commission.pk)
            messages.warning(request, _state_message(current))
            if current.state == CommissionState.CLOSED:
                return redirect(_protocol_url(request, commission))
            return redirect(_progress_url(request, commission))
        except TransitionBlocked as blocked:
            messages.error(request, _("The scoring cannot be closed yet:"))
            for problem in blocked.problems:
                messages.error(request, problem.message)
            return redirect(_progress_url(request, commission))
        messages.success(
            request, _("The scoring is closed and the ranking is frozen. Members are asked to accept the protocol.")
        )
        return redirect(_protocol_url(request, commission))


class _ProtocolPage(_CommissionPage):
    def readable(self, request: HttpRequest, commission_pk: int) -> tuple[Commission, CommissionMember | None]:
        """Members (any role) and office staff, once the round is closed; otherwise 404."""
        commission, seat, officer = self.load(request, commission_pk)
        if seat is None and not officer:
            raise Http404
        if commission.state != CommissionState.CLOSED:
            raise Http404
        return commission, seat


class ProtocolView(_ProtocolPage):
    def get(self, request: HttpRequest, tenant_slug: str, commission_pk: int) -> HttpResponse:
        commission, seat = self.readable(request, commission_pk)
        context = protocol_context(commission, with_scores=True)
        signed = next((e.signed_at for e in context["members"] if seat is not None and e.member.pk == seat.pk), None)
        context.update(
            {"body_template": PROTOCOL_BODY, "cards_template": CARDS_BODY, "seat": seat, "signed_at": signed}
        )
        return render(request, "evaluation/protocol/protocol.html", context)


class ProtocolPdfView(_ProtocolPage):
    def get(self, request: HttpRequest, tenant_slug: str, commission_pk: int) -> HttpResponse:
        commission, _seat = self.readable(request, commission_pk)
        return pdf_response(protocol_document(commission, request=request))


class CardsPdfView(_ProtocolPage):
    """The annex: the members' score cards with their justifications."""

    def get(self, request: HttpRequest, tenant_slug: str, commission_pk: int) -> HttpResponse:
        commission, _seat = self.readable(request, commission_pk)
        return pdf_response(cards_document(commission, request=request))


class SignView(_CommissionPage):
    """POST: the member accepts the protocol (once; a repeated POST changes nothing)."""

    def post(self, request: HttpRequest, tenant_slug: str, commission_pk: int) -> HttpResponseRedirect:
        commission, seat, _officer = self.load(request, commission_pk)
        if seat is None or commission.state != CommissionState.CLOSED:
            raise Http404
        try:
            signature = sign_protocol(seat=seat, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_protocol_url(request, commission))
        messages.success(
            request,
            _("You accepted the protocol on %(date)s.")
            % {"date": timezone.localtime(signature.signed_at).strftime("%Y-%m-%d %H:%M")},
        )
        return redirect(_protocol_url(request, commission))
