"""The office's pages for offer updates after a lower award: the call's list, one offer's review (the
evaluated version beside the update), and the two decisions: accept, or return with reasons.

Calls and offers come from tenant-filtered selectors (another tenant's id gives 404). A decision sent
twice (the update already accepted or returned) comes back as a message, never a 500; a decision on a
version other than the one shown is refused (409) and the page shows the latest one.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.agreements.forms.updates import AcceptUpdateForm, ReturnUpdateForm
from pozytek.agreements.selectors_updates import (
    UPDATE_STATES,
    call_for_updates,
    offer_for_update_review,
    snapshot_grant,
    snapshot_total,
    update_rows,
    update_versions,
)
from pozytek.agreements.services.updates import accept_update, return_update
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed, not_allowed
from pozytek.evaluation.services.formal import version_changes
from pozytek.offers.models import Offer
from pozytek.offers.states import OfferState
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors

# Office staff of the tenant (the same rule as the evaluation's pages: the update closes the decision).
PERMISSION = "agreements.manage_agreements"
LIST_TEMPLATE = "agreements/updates/list.html"
REVIEW_TEMPLATE = "agreements/updates/review.html"


def _figures(version: Any) -> dict[str, Any] | None:
    if version is None:
        return None
    return {
        "version": version,
        "grant": snapshot_grant(version.snapshot),
        "total": snapshot_total(version.snapshot),
        "sources": version.snapshot.get("sources", []),
    }


class UpdateListView(OfficeAccessMixin, View):
    """The call's offers awarded less than requested, awaiting their update or the office's review."""

    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
        call = call_for_updates(current_tenant(request), call_pk)
        return render(request, LIST_TEMPLATE, {"call": call, "rows": update_rows(call)})


class UpdateReviewView(OfficeAccessMixin, View):
    """One offer: the evaluated version and the update side by side, what changed, accept or return."""

    permission_required = PERMISSION

    def render(
        self,
        request: HttpRequest,
        offer: Offer,
        *,
        accept_form: AcceptUpdateForm | None = None,
        return_form: ReturnUpdateForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        versions = update_versions(offer)
        original, update = versions.original, versions.update
        changes = version_changes(original.snapshot, update.snapshot) if original and update else []
        reviewable = offer.state == OfferState.UPDATE_SUBMITTED and update is not None
        initial = {"version": update.number if update is not None else None}
        award: Any = offer.award
        context = {
            "offer": offer,
            "call": offer.call,
            "award": award,
            "decision": award.decision,
            "version": update,
            "previous": original,
            "original": _figures(original),
            "updated": _figures(update),
            "changes": changes,
            "reviewable": reviewable,
            "in_update": offer.state in UPDATE_STATES,
            "accept_form": accept_form or AcceptUpdateForm(initial=initial, prefix="accept"),
            "return_form": return_form or ReturnUpdateForm(initial=initial, prefix="return"),
        }
        return render(request, REVIEW_TEMPLATE, context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str, offer_pk: int) -> HttpResponse:
        offer = offer_for_update_review(current_tenant(request), offer_pk)
        return self.render(request, offer)


def _stale(offer: Offer, number: int) -> bool:
    """The form was opened on another version than the update now waiting for the office."""
    update = update_versions(offer).update
    return update is None or update.number != number


class AcceptUpdateView(UpdateReviewView):
    def post(self, request: HttpRequest, tenant_slug: str, offer_pk: int) -> HttpResponse:
        offer = offer_for_update_review(current_tenant(request), offer_pk)
        here = redirect("agreements_office_updates:review", tenant_slug=tenant_slug, offer_pk=offer.pk)
        if offer.state != OfferState.UPDATE_SUBMITTED:  # accepted or returned already (a form sent twice)
            messages.error(request, str(not_allowed(offer, "accept_update")))
            return here
        form = AcceptUpdateForm(request.POST, prefix="accept")
        if not form.is_valid():
            return self.render(request, offer, accept_form=form, status=400)
        if _stale(offer, form.cleaned_data["version"]):
            messages.error(request, _("A newer version of the update has been submitted. Review that version."))
            return self.render(request, offer, status=409)
        try:
            accept_update(offer=offer, actor=request.user)
        except (TransitionNotAllowed, TransitionBlocked, PermissionDenied) as error:
            messages.error(request, str(error))
            return here
        messages.success(request, _("The update has been accepted. The organisation has been notified."))
        return here


class ReturnUpdateView(UpdateReviewView):
    def post(self, request: HttpRequest, tenant_slug: str, offer_pk: int) -> HttpResponse:
        offer = offer_for_update_review(current_tenant(request), offer_pk)
        here = redirect("agreements_office_updates:review", tenant_slug=tenant_slug, offer_pk=offer.pk)
        if offer.state != OfferState.UPDATE_SUBMITTED:
            messages.error(request, str(not_allowed(offer, "return_update")))
            return here
        form = ReturnUpdateForm(request.POST, prefix="return")
        if not form.is_valid():
            return self.render(request, offer, return_form=form, status=400)
        if _stale(offer, form.cleaned_data["version"]):
            messages.error(request, _("A newer version of the update has been submitted. Review that version."))
            return self.render(request, offer, status=409)
        try:
            return_update(offer=offer, actor=request.user, reasons=form.cleaned_data["reasons"])
        except ValidationError as error:
            attach_service_errors(form, error, field="reasons")
            return self.render(request, offer, return_form=form, status=400)
        except (TransitionNotAllowed, TransitionBlocked, PermissionDenied) as error:
            messages.error(request, str(error))
            return here
        messages.success(request, _("The update has been returned to the organisation with your reasons."))
        return here
