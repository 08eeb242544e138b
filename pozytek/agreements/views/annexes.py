"""Pages of annexes (aneksy).

Organisation (platform pages, `/moje-organizacje/umowy/<pk>/aneksy/…`): the agreement's annexes, the request
form, one annex with its before → after comparison, withdrawing a request, the approved annex's PDF. The
agreement is read through `agreement_of_member_across_tenants` (the user's organisations), the annex through
that agreement: any other id is a 404.

Office (`/<tenant>/urzad/umowy/…`): the requests awaiting a decision across the tenant's agreements, one
annex with the comparison and the approve / refuse forms, the approved annex's PDF and DOCX. A decision
sent twice comes back as a message, never a 500.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.agreements.documents_annexes import DOCX_CONTENT_TYPE, annex_document, annex_docx, source_label
from pozytek.agreements.forms.annexes import AnnexRequestForm, RefuseAnnexForm
from pozytek.agreements.models import Agreement, Annex
from pozytek.agreements.selectors import agreement_of_member_across_tenants, agreement_of_tenant
from pozytek.agreements.selectors_annexes import (
    annex_of,
    annex_requests_of_tenant,
    annexes_of,
    compare,
    pending_annex,
    terms_before_and_after,
)
from pozytek.agreements.selectors_terms import terms_in_force
from pozytek.agreements.services.annexes import (
    AnnexNotNeeded,
    approve_annex,
    refuse_annex,
    request_annex,
    withdraw_annex,
)
from pozytek.agreements.states import AgreementState, AnnexState
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.documents.services import pdf_response
from pozytek.tenants.http import current_tenant

PERMISSION = "agreements.manage_agreements"
DETAIL_TEMPLATE = "agreements/annex_detail.html"
FORM_TEMPLATE = "agreements/annex_form.html"


def _comparison_context(annex: Annex) -> dict[str, Any]:
    before, after = terms_before_and_after(annex)
    comparison = compare(before, after)
    deadlines = (annex.snapshot or {}).get("deadlines") or {}
    return {
        "annex": annex,
        "agreement": annex.agreement,
        "comparison": comparison,
        "sources": [(source_label(key), a, b) for key, a, b in comparison.sources],
        "deadlines_before": deadlines.get("before") or {},
        "deadlines_after": deadlines.get("after") or {},
    }


# The organisation's pages ---------------------------------------------------------------------------------


def _member_detail(agreement: Agreement, annex: Annex) -> HttpResponse:
    return redirect("agreements_member:annex", pk=agreement.pk, annex_pk=annex.pk)


@login_required
def member_annex_list(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_of_member_across_tenants(request.user, pk)
    context = {"agreement": agreement, "annexes": annexes_of(agreement), "office": False}
    return render(request, "agreements/annex_list.html", context)


@login_required
def member_annex_request(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_of_member_across_tenants(request.user, pk)
    if agreement.state != AgreementState.SIGNED:
        messages.error(request, _("An annex can be requested only for a signed agreement."))
        return redirect("agreements_member:detail", pk=agreement.pk)
    pending = pending_annex(agreement)
    if pending is not None:
        messages.info(request, _("A request for an annex to this agreement already awaits the office's decision."))
        return _member_detail(agreement, pending)
    terms = terms_in_force(agreement)
    notice = ""
    status = 200
    if request.method == "POST":
        form = AnnexRequestForm(request.POST, terms=terms)
        if form.is_valid():
            try:
                annex = request_annex(agreement=agreement, actor=request.user, **form.request_data())
            except AnnexNotNeeded as info:
                notice = str(info)
            except ValidationError as error:
                pending = pending_annex(agreement)
                if pending is not None:  # submitted twice: the first request stands
                    messages.info(
                        request, _("A request for an annex to this agreement already awaits the office's decision.")
                    )
                    return _member_detail(agreement, pending)
                form.add_service_errors(error)
                status = 400
            else:
                messages.success(request, _("Your request for an annex has been sent to the office."))
                return _member_detail(agreement, annex)
        else:
            status = 400
    else:
        form = AnnexRequestForm(terms=terms)
    context = {"agreement": agreement, "terms": terms, "form": form, "notice": notice}
    return render(request, FORM_TEMPLATE, context, status=status)


@login_required
def member_annex_detail(request: HttpRequest, pk: int, annex_pk: int) -> HttpResponse:
    agreement = agreement_of_member_across_tenants(request.user, pk)
    annex = annex_of(agreement, annex_pk)
    return render(request, DETAIL_TEMPLATE, {**_comparison_context(annex), "office": False})


@login_required
@require_POST
def member_annex_withdraw(request: HttpRequest, pk: int, annex_pk: int) -> HttpResponse:
    agreement = agreement_of_member_across_tenants(request.user, pk)
    annex = annex_of(agreement, annex_pk)
    try:
        withdraw_annex(annex=annex, actor=request.user)
    except (TransitionNotAllowed, TransitionBlocked) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your request for an annex has been withdrawn."))
    return _member_detail(agreement, annex)


def _approved(annex: Annex) -> Annex:
    if annex.state != AnnexState.APPROVED or not annex.snapshot:
        raise Http404
    return annex


@login_required
def member_annex_pdf(request: HttpRequest, pk: int, annex_pk: int) -> HttpResponse:
    agreement = agreement_of_member_across_tenants(request.user, pk)
    annex = _approved(annex_of(agreement, annex_pk))
    return pdf_response(annex_document(annex, request=request))


# The office's pages --------------------------------------------------------------------------------------


def _office_annex(request: HttpRequest, pk: int, annex_pk: int) -> Annex:
    agreement = agreement_of_tenant(current_tenant(request), pk)
    return annex_of(agreement, annex_pk)


class AnnexRequestListView(OfficeAccessMixin, View):
    """Requests for annexes awaiting the office's decision, across the local government's agreements."""

    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = current_tenant(request)
        context = {
            "pending": list(annex_requests_of_tenant(tenant)),
            "approved": list(annex_requests_of_tenant(tenant, state=AnnexState.APPROVED).order_by("-decided_at")[:20]),
        }
        return render(request, "agreements/annex_office_list.html", context)


class AnnexDetailView(OfficeAccessMixin, View):
    """One annex: the justification, the before → after comparison, and the decision forms."""

    permission_required = PERMISSION

    def render(
        self,
        request: HttpRequest,
        annex: Annex,
        *,
        refuse_form: RefuseAnnexForm | None = None,
        errors: list[str] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        context = {
            **_comparison_context(annex),
            "office": True,
            "refuse_form": refuse_form or RefuseAnnexForm(prefix="refuse"),
            "decision_errors": errors or [],
        }
        return render(request, DETAIL_TEMPLATE, context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str, pk: int, annex_pk: int) -> HttpResponse:
        return self.render(request, _office_annex(request, pk, annex_pk))


def _office_detail(tenant_slug: str, annex: Annex) -> HttpResponse:
    return redirect("agreements_office:annex", tenant_slug=tenant_slug, pk=annex.agreement_id, annex_pk=annex.pk)


class ApproveAnnexView(AnnexDetailView):
    def post(self, request: HttpRequest, tenant_slug: str, pk: int, annex_pk: int) -> HttpResponse:
        annex = _office_annex(request, pk, annex_pk)
        try:
            approve_annex(annex=annex, actor=request.user)
        except ValidationError as error:
            return self.render(request, annex, errors=error.messages, status=400)
        except (TransitionNotAllowed, TransitionBlocked, PermissionDenied) as error:
            messages.error(request, str(error))
            return _office_detail(tenant_slug, annex)
        messages.success(request, _("The annex has been approved; the organisation has been informed."))
        return _office_detail(tenant_slug, annex)


class RefuseAnnexView(AnnexDetailView):
    def post(self, request: HttpRequest, tenant_slug: str, pk: int, annex_pk: int) -> HttpResponse:
        annex = _office_annex(request, pk, annex_pk)
        if annex.state != AnnexState.REQUESTED:  # decided already (a form sent twice)
            messages.error(request, str(TransitionNotAllowed("refuse", annex.state)))
            return _office_detail(tenant_slug, annex)
        form = RefuseAnnexForm(request.POST, prefix="refuse")
        if not form.is_valid():
            return self.render(request, annex, refuse_form=form, status=400)
        try:
            refuse_annex(annex=annex, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            for key, errors in error.message_dict.items():
                form.add_error(key if key in form.fields else None, errors)
            return self.render(request, annex, refuse_form=form, status=400)
        except (TransitionNotAllowed, TransitionBlocked, PermissionDenied) as error:
            messages.error(request, str(error))
            return _office_detail(tenant_slug, annex)
        messages.success(request, _("The annex has been refused; the organisation has been informed."))
        return _office_detail(tenant_slug, annex)


class AnnexPdfView(OfficeAccessMixin, View):
    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str, pk: int, annex_pk: int) -> HttpResponse:
        annex = _approved(_office_annex(request, pk, annex_pk))
        return pdf_response(annex_document(annex, request=request))


class AnnexDocxView(OfficeAccessMixin, View):
    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str, pk: int, annex_pk: int) -> HttpResponse:
        annex = _approved(_office_annex(request, pk, annex_pk))
        content, name = annex_docx(annex)
        response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
