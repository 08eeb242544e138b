"""The formal check, office pages: the offers of a call, one offer's checklist, publishing the list
(the public list of formal results is in views/public.py).

Calls and offers are read through tenant-filtered selectors (another tenant's ids give 404). The
outcome and what it requires are decided by `services.formal`; its errors come back as field
messages, and a form sent twice (the offer already checked) as a message, never a 500.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.competitions.models import Call
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed, not_allowed
from pozytek.evaluation.forms.formal import FormalCheckForm
from pozytek.evaluation.models import FormalCheck
from pozytek.evaluation.selectors import (
    call_of_tenant,
    evaluated_offers,
    formal_checks_of,
    offer_in_call,
    offers_with_history,
)
from pozytek.evaluation.services.formal import (
    check_offer,
    publication_problems,
    publish_formal_results,
    reject_uncorrected,
    version_changes,
)
from pozytek.evaluation.states import FormalOutcome
from pozytek.offers.deadlines import correction_deadline_passed
from pozytek.offers.models import Offer, OfferVersion
from pozytek.offers.sections import BY_KEY
from pozytek.offers.selectors import deadline_passed, versions_of
from pozytek.offers.states import OfferState
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors

PERMISSION = "evaluation.manage_evaluation"
CALL_TEMPLATE = "evaluation/formal/call.html"
CHECK_TEMPLATE = "evaluation/formal/check.html"
DONE = {
    FormalOutcome.PASSED: gettext_lazy("The offer is formally correct."),
    FormalOutcome.CORRECTION: gettext_lazy("The offeror has been asked to correct the offer."),
    FormalOutcome.REJECTED: gettext_lazy("The offer has been rejected on formal grounds."),
}


def _with_section_titles(check: FormalCheck) -> FormalCheck:
    check.section_titles = [BY_KEY[k].title for k in check.sections_to_correct if k in BY_KEY]  # type: ignore[attr-defined]
    return check


class FormalCallView(OfficeAccessMixin, View):
    """The submitted offers of a call with their state, latest version and last check; publishing."""

    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
        call = call_of_tenant(current_tenant(request), call_pk)
        rows = [
            {
                "offer": offer,
                "version": offer.version_list[0] if offer.version_list else None,  # type: ignore[attr-defined]
                "check": offer.check_list[0] if offer.check_list else None,  # type: ignore[attr-defined]
            }
            for offer in offers_with_history(evaluated_offers(call))
        ]
        context = {
            "call": call,
            "rows": rows,
            "started": deadline_passed(call),
            "publication_problems": publication_problems(call),
        }
        return render(request, CALL_TEMPLATE, context)


class FormalCheckView(OfficeAccessMixin, View):
    """One offer: its latest frozen version, earlier checks, what a correction changed, the checklist."""

    permission_required = PERMISSION

    def _objects(self, request: HttpRequest, call_pk: int, offer_pk: int) -> tuple[Call, Offer]:
        call = call_of_tenant(current_tenant(request), call_pk)
        return call, offer_in_call(call, offer_pk)

    def _form(self, call: Call, data: Any = None, version: OfferVersion | None = None) -> FormalCheckForm:
        items = list(call.checklist.order_by("order", "pk"))
        initial = {"version": version.number if version else None}
        return FormalCheckForm(data, items=items, initial=initial, prefix="check")

    def render(
        self, request: HttpRequest, call: Call, offer: Offer, form: FormalCheckForm | None = None, status: int = 200
    ) -> HttpResponse:
        versions = list(versions_of(offer))
        latest = versions[0] if versions else None
        changes = version_changes(versions[1].snapshot, latest.snapshot) if latest and len(versions) > 1 else []
        open_for_check = offer.state == OfferState.SUBMITTED and deadline_passed(call)
        if form is None and open_for_check:
            form = self._form(call, version=latest)
        context = {
            "call": call,
            "offer": offer,
            "version": latest,
            "previous": versions[1] if len(versions) > 1 else None,
            "changes": changes,
            "checks": [_with_section_titles(check) for check in formal_checks_of(offer)],
            "form": form if open_for_check else None,
            "started": deadline_passed(call),
            "may_reject_uncorrected": offer.state == OfferState.CORRECTION and correction_deadline_passed(offer),
        }
        return render(request, CHECK_TEMPLATE, context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str, call_pk: int, offer_pk: int) -> HttpResponse:
        call, offer = self._objects(request, call_pk, offer_pk)
        return self.render(request, call, offer)

    def post(self, request: HttpRequest, tenant_slug: str, call_pk: int, offer_pk: int) -> HttpResponse:
        call, offer = self._objects(request, call_pk, offer_pk)
        here = redirect("evaluation_office_formal:check", tenant_slug=tenant_slug, call_pk=call.pk, offer_pk=offer.pk)
        if offer.state != OfferState.SUBMITTED:  # checked already (a form sent twice) or awaiting correction
            messages.error(request, str(not_allowed(offer, "formal_check")))
            return here
        latest = versions_of(offer).first()
        form = self._form(call, request.POST, version=latest)
        if not form.is_valid():
            return self.render(request, call, offer, form, status=400)
        if latest is None or form.cleaned_data["version"] != latest.number:
            # The form was opened on an earlier version: show the latest one with a fresh checklist.
            messages.error(request, _("A newer version of the offer has been submitted. Check that version."))
            return self.render(request, call, offer, status=409)
        try:
            check = check_offer(
                offer=offer,
                actor=request.user,
                answers=form.answers(),
                sections=form.cleaned_data["sections"],
                correction_deadline=form.cleaned_data["correction_deadline"],
                reasons=form.cleaned_data["reasons"],
            )
        except ValidationError as error:
            attach_service_errors(form, error)
            return self.render(request, call, offer, form, status=400)
        except TransitionBlocked as blocked:
            for problem in blocked.problems:
                form.add_error(None, problem.message)
            return self.render(request, call, offer, form, status=400)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return here
        messages.success(request, DONE[FormalOutcome(check.outcome)])
        return redirect("evaluation_office_formal:call", tenant_slug=tenant_slug, call_pk=call.pk)


class RejectUncorrectedView(OfficeAccessMixin, View):
    """Reject an offer whose correction deadline passed without a corrected version."""

    permission_required = PERMISSION

    def post(self, request: HttpRequest, tenant_slug: str, call_pk: int, offer_pk: int) -> HttpResponse:
        call = call_of_tenant(current_tenant(request), call_pk)
        offer = offer_in_call(call, offer_pk)
        try:
            reject_uncorrected(offer=offer, actor=request.user)
        except TransitionBlocked as blocked:
            messages.error(request, " ".join(p.message for p in blocked.problems))
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, DONE[FormalOutcome.REJECTED])
        return redirect("evaluation_office_formal:check", tenant_slug=tenant_slug, call_pk=call.pk, offer_pk=offer.pk)


class PublishView(OfficeAccessMixin, View):
    """Publish the list of formal results (once no offer waits for its check or its correction)."""

    permission_required = PERMISSION

    def post(self, request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
        call = call_of_tenant(current_tenant(request), call_pk)
        if call.formal_results_published_at is not None:
            messages.info(request, _("The results of the formal check are already published."))
            return redirect("evaluation_office_formal:call", tenant_slug=tenant_slug, call_pk=call.pk)
        try:
            publish_formal_results(call=call, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The results of the formal check have been published."))
        return redirect("evaluation_office_formal:call", tenant_slug=tenant_slug, call_pk=call.pk)
