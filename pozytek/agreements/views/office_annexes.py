"""The office's annex pages (aneksy), `/<tenant>/urzad/umowy/…`: the requests awaiting a decision across
the tenant's agreements, one annex with the comparison and the approve / refuse forms, the approved
annex's PDF and DOCX. A decision sent twice comes back as a message, never a 500.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.agreements.documents_annexes import DOCX_CONTENT_TYPE, annex_document, annex_docx
from pozytek.agreements.forms.annexes import RefuseAnnexForm
from pozytek.agreements.models import Annex
from pozytek.agreements.selectors import agreement_of_tenant
from pozytek.agreements.selectors_annexes import (
    annex_of,
    annex_requests_of_tenant,
)
from pozytek.agreements.services.annexes import (
    approve_annex,
    refuse_annex,
)
from pozytek.agreements.states import AnnexState
from pozytek.agreements.views.annex_pages import DETAIL_TEMPLATE, PERMISSION, approved_or_404, comparison_context
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed, not_allowed
from pozytek.documents.services import pdf_response
from pozytek.tenants.http import current_tenant


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
            **comparison_context(annex),
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
            messages.error(request, str(not_allowed(annex, "refuse")))
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
        annex = approved_or_404(_office_annex(request, pk, annex_pk))
        return pdf_response(annex_document(annex, request=request))


class AnnexDocxView(OfficeAccessMixin, View):
    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str, pk: int, annex_pk: int) -> HttpResponse:
        annex = approved_or_404(_office_annex(request, pk, annex_pk))
        content, name = annex_docx(annex)
        response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
