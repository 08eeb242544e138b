"""Office pages of agreements: the list, preparing and editing a draft, the document (page, PDF, DOCX),
recording the signed agreement, the signed file, payments of tranches, termination.

Every object is read through a selector filtered by the request's tenant (another tenant's id: 404).
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.agreements import permissions  # noqa: F401 -- registers the rules (until apps.ready() does)
from pozytek.agreements.documents import agreement_document, agreement_text
from pozytek.agreements.docx import DOCX_CONTENT_TYPE, agreement_docx, docx_problems
from pozytek.agreements.forms.agreements import AgreementForm, PaymentForm, SignForm, TerminateForm
from pozytek.agreements.history import agreement_history
from pozytek.agreements.models import Agreement
from pozytek.agreements.selectors import (
    agreement_of_grant,
    agreement_of_tenant,
    agreements_of_tenant,
    document_problems,
    grant_of_tenant,
    grants_awaiting_agreement,
    payment_totals,
    preparation_initial,
    tranche_of,
    tranches_of,
    years_of,
)
from pozytek.agreements.selectors_annexes import annexes_of
from pozytek.agreements.services.agreements import (
    prepare_agreement,
    record_payment,
    sign_agreement,
    terminate_agreement,
    update_agreement,
)
from pozytek.agreements.states import AgreementState
from pozytek.core.files import private_download
from pozytek.core.uploads import limit_uploads, refuse_too_large
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.documents.services import pdf_response
from pozytek.tenants.http import current_tenant

PERMISSION = "agreements.manage_agreements"


def _agreement(request: HttpRequest, pk: int) -> Agreement:
    return agreement_of_tenant(current_tenant(request), pk)


def _detail(tenant_slug: str, agreement: Agreement) -> HttpResponse:
    return redirect("agreements_office:detail", tenant_slug=tenant_slug, pk=agreement.pk)


class AgreementListView(OfficeAccessMixin, View):
    """Every agreement of the local government (state, grant, paid) and the grants awaiting one."""

    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = current_tenant(request)
        context = {
            "agreements": list(agreements_of_tenant(tenant)),
            "awaiting": list(grants_awaiting_agreement(tenant)),
        }
        return render(request, "agreements/office/list.html", context)


class PrepareView(OfficeAccessMixin, View):
    """Prepare the agreement of an awarded grant from the offer's latest version."""

    permission_required = PERMISSION
    template = "agreements/office/form.html"

    def get(self, request: HttpRequest, tenant_slug: str, grant_pk: int) -> HttpResponse:
        grant = grant_of_tenant(current_tenant(request), grant_pk)
        existing = agreement_of_grant(grant)
        if existing is not None:
            messages.info(request, _("An agreement for this grant has already been prepared."))
            return _detail(tenant_slug, existing)
        initial = preparation_initial(grant)
        form = AgreementForm(
            parties=initial["parties"],
            initial={k: initial[k] for k in ("bank_account", "start_date", "end_date", "cost_shift_percent")},
            years=initial["years"],
            tranches=initial["tranches"],
        )
        return self._render(request, grant, form)

    def post(self, request: HttpRequest, tenant_slug: str, grant_pk: int) -> HttpResponse:
        grant = grant_of_tenant(current_tenant(request), grant_pk)
        existing = agreement_of_grant(grant)
        if existing is not None:
            messages.error(request, _("An agreement for this grant has already been prepared."))
            return _detail(tenant_slug, existing)
        form = AgreementForm(request.POST, parties=preparation_initial(grant)["parties"])
        if form.is_valid():
            try:
                agreement = prepare_agreement(grant=grant, actor=request.user, proposed=form.terms())
            except ValidationError as error:
                existing = agreement_of_grant(grant)
                if existing is not None:  # prepared by a parallel request meanwhile
                    messages.error(request, _("An agreement for this grant has already been prepared."))
                    return _detail(tenant_slug, existing)
                form.add_service_errors(error)
            else:
                messages.success(request, _("The agreement has been prepared. Check it, print it and have it signed."))
                return _detail(tenant_slug, agreement)
        return self._render(request, grant, form, status=400)

    def _render(self, request: HttpRequest, grant: Any, form: AgreementForm, *, status: int = 200) -> HttpResponse:
        context = {"grant": grant, "offer": grant.offer, "form": form, "agreement": None}
        return render(request, self.template, context, status=status)


class EditView(OfficeAccessMixin, View):
    """Change the terms of a prepared agreement while it awaits signatures."""

    permission_required = PERMISSION
    template = "agreements/office/form.html"

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        agreement = _agreement(request, pk)
        if agreement.state != AgreementState.DRAFT:
            messages.error(request, _("Only an agreement awaiting signatures can be edited."))
            return _detail(tenant_slug, agreement)
        form = AgreementForm(
            parties=agreement.parties,
            initial={
                "number": agreement.number,
                "place": agreement.place,
                "office_representatives": agreement.office_representatives,
                "bank_account": agreement.bank_account,
                "start_date": agreement.start_date,
                "end_date": agreement.end_date,
                "cost_shift_percent": agreement.cost_shift_percent,
            },
            years={y.year: y.amount for y in years_of(agreement)},
            tranches=[(t.due_date, t.amount) for t in tranches_of(agreement)],
        )
        return self._render(request, agreement, form)

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        agreement = _agreement(request, pk)
        form = AgreementForm(request.POST, parties=agreement.parties)
        if form.is_valid():
            try:
                update_agreement(agreement=agreement, actor=request.user, proposed=form.terms())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The agreement has been saved."))
                return _detail(tenant_slug, agreement)
        return self._render(request, agreement, form, status=400)

    def _render(
        self, request: HttpRequest, agreement: Agreement, form: AgreementForm, *, status: int = 200
    ) -> HttpResponse:
        context = {"grant": agreement.grant, "offer": agreement.offer, "form": form, "agreement": agreement}
        return render(request, self.template, context, status=status)


class DetailView(OfficeAccessMixin, View):
    """The agreement: its terms, tranches with payments, what is missing, and its text."""

    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        agreement = _agreement(request, pk)
        context = {
            "agreement": agreement,
            "years": list(years_of(agreement)),
            "tranches": list(tranches_of(agreement)),
            "totals": payment_totals(agreement),
            "problems": document_problems(agreement) if agreement.state == AgreementState.DRAFT else [],
            "text": agreement_text(agreement),
            "annexes": annexes_of(agreement),
            "history": agreement_history(agreement, tenant=agreement.tenant, audience="office"),
        }
        return render(request, "agreements/office/detail.html", context)


def _refuse_incomplete(request: HttpRequest, tenant_slug: str, agreement: Agreement) -> HttpResponse | None:
    problems = docx_problems(agreement)
    if problems:
        messages.error(
            request, _("The document cannot be generated yet: %(problems)s") % {"problems": " ".join(problems)}
        )
        return _detail(tenant_slug, agreement)
    return None


class PdfView(OfficeAccessMixin, View):
    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        agreement = _agreement(request, pk)
        return _refuse_incomplete(request, tenant_slug, agreement) or pdf_response(
            agreement_document(agreement, request=request)
        )


class DocxView(OfficeAccessMixin, View):
    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        agreement = _agreement(request, pk)
        refused = _refuse_incomplete(request, tenant_slug, agreement)
        if refused is not None:
            return refused
        content, name = agreement_docx(agreement)
        response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


@method_decorator(csrf_exempt, name="dispatch")
class SignView(OfficeAccessMixin, View):
    """Record the conclusion: the date and the signed file; the size limit is enforced while it streams in."""

    permission_required = PERMISSION
    template = "agreements/office/sign.html"

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        agreement = _agreement(request, pk)
        if agreement.state != AgreementState.DRAFT:
            messages.info(request, _("The signed agreement has already been recorded."))
            return _detail(tenant_slug, agreement)
        return self._render(request, agreement, SignForm(initial={"concluded_on": timezone.localdate()}))

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        limit_uploads(request)
        return self._post(request, tenant_slug, pk)

    @method_decorator(csrf_protect)
    def _post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        agreement = _agreement(request, pk)
        if agreement.state != AgreementState.DRAFT:
            messages.error(request, _("The signed agreement has already been recorded."))
            return _detail(tenant_slug, agreement)
        form = SignForm(request.POST, request.FILES)
        if refuse_too_large(request, form, "upload"):
            return self._render(request, agreement, form, status=413)
        if form.is_valid():
            try:
                sign_agreement(
                    agreement=agreement,
                    actor=request.user,
                    concluded_on=form.cleaned_data["concluded_on"],
                    upload=form.cleaned_data["upload"],
                )
            except ValidationError as error:
                for key, errors in error.message_dict.items():
                    form.add_error(key if key in form.fields else None, errors)
            except (TransitionNotAllowed, TransitionBlocked, PermissionDenied) as error:
                messages.error(request, str(error))
                return _detail(tenant_slug, agreement)
            else:
                messages.success(request, _("The signed agreement has been recorded and the organisation informed."))
                return _detail(tenant_slug, agreement)
        return self._render(request, agreement, form, status=400)

    def _render(self, request: HttpRequest, agreement: Agreement, form: SignForm, *, status: int = 200) -> HttpResponse:
        context = {"agreement": agreement, "form": form, "problems": document_problems(agreement)}
        return render(request, self.template, context, status=status)


def signed_file_response(agreement: Agreement) -> FileResponse:
    """The signed file exactly as received, as a download that browsers do not sniff."""
    return private_download(
        agreement.signed_file, filename=agreement.signed_file_name or "umowa", content_type=agreement.signed_file_type
    )


class SignedFileView(OfficeAccessMixin, View):
    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> FileResponse:
        return signed_file_response(_agreement(request, pk))


class PayView(OfficeAccessMixin, View):
    """Record the payment of one tranche (date and amount)."""

    permission_required = PERMISSION
    template = "agreements/office/pay.html"

    def get(self, request: HttpRequest, tenant_slug: str, pk: int, tranche_pk: int) -> HttpResponse:
        agreement = _agreement(request, pk)
        tranche = tranche_of(agreement, tranche_pk)
        form = PaymentForm(initial={"paid_on": timezone.localdate(), "amount": tranche.amount})
        return self._render(request, agreement, tranche, form)

    def post(self, request: HttpRequest, tenant_slug: str, pk: int, tranche_pk: int) -> HttpResponse:
        agreement = _agreement(request, pk)
        tranche = tranche_of(agreement, tranche_pk)
        if tranche.paid_on is not None:
            messages.error(request, _("This tranche has already been recorded as paid."))
            return _detail(tenant_slug, agreement)
        form = PaymentForm(request.POST)
        if form.is_valid():
            try:
                record_payment(
                    tranche=tranche,
                    actor=request.user,
                    paid_on=form.cleaned_data["paid_on"],
                    amount=form.cleaned_data["amount"],
                )
            except ValidationError as error:
                for key, errors in error.message_dict.items():
                    form.add_error(key if key in form.fields else None, errors)
            else:
                messages.success(request, _("The payment has been recorded."))
                return _detail(tenant_slug, agreement)
        return self._render(request, agreement, tranche, form, status=400)

    def _render(
        self, request: HttpRequest, agreement: Agreement, tranche: Any, form: PaymentForm, *, status: int = 200
    ) -> HttpResponse:
        context = {"agreement": agreement, "tranche": tranche, "form": form}
        return render(request, self.template, context, status=status)


class TerminateView(OfficeAccessMixin, View):
    """Cancel a prepared agreement or terminate a signed one, with the reason."""

    permission_required = PERMISSION
    template = "agreements/office/terminate.html"

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        agreement = _agreement(request, pk)
        return render(request, self.template, {"agreement": agreement, "form": TerminateForm()})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        agreement = _agreement(request, pk)
        form = TerminateForm(request.POST)
        if form.is_valid():
            try:
                terminate_agreement(agreement=agreement, actor=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                for key, errors in error.message_dict.items():
                    form.add_error(key if key in form.fields else None, errors)
            except TransitionNotAllowed as error:
                messages.error(request, str(error))
                return _detail(tenant_slug, agreement)
            else:
                messages.success(request, _("The agreement has been terminated."))
                return _detail(tenant_slug, agreement)
        return render(request, self.template, {"agreement": agreement, "form": form}, status=400)
