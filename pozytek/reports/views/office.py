"""Office pages of reports: what every signed agreement owes (due and late), a submitted report with its
figures and the review (accept, ask for corrections, reject), its PDF, and the settlement of the grant.

Reports and agreements are read through selectors filtered by the request's tenant (other ids: 404).
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.agreements.selectors import agreement_of_tenant
from pozytek.agreements.states import AgreementState
from pozytek.core.money import format_amount, typed_amount
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.documents.services import pdf_response
from pozytek.reports.documents import report_context, report_document
from pozytek.reports.forms import ReasonForm, SettlementForm, amount_text
from pozytek.reports.history import report_history
from pozytek.reports.models import Report
from pozytek.reports.selectors import (
    accepted_final_report,
    due_reports,
    grant_paid,
    report_of_tenant,
    reporting_overview,
    reports_of_agreement,
    reports_of_tenant,
    settlement_of,
)
from pozytek.reports.services import accept_report, reject_report, request_corrections, settle_grant
from pozytek.reports.states import ReportState
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors

PERMISSION = "reports.review_reports"


def _report(request: HttpRequest, pk: int) -> Report:
    return report_of_tenant(current_tenant(request), pk)


def _to_detail(tenant_slug: str, report: Report) -> HttpResponse:
    return redirect("reports_office:detail", tenant_slug=tenant_slug, pk=report.pk)


class OverviewView(OfficeAccessMixin, View):
    """Reports awaiting review, and every signed agreement with the reports it owes (due, late, accepted)."""

    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = current_tenant(request)
        reports = list(reports_of_tenant(tenant))
        context = {
            "awaiting": [r for r in reports if r.state == ReportState.SUBMITTED],
            "reports": reports,
            "overview": reporting_overview(tenant),
        }
        return render(request, "reports/office/overview.html", context)


class DetailView(OfficeAccessMixin, View):
    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        report = _report(request, pk)
        return self.render_page(request, report)

    @staticmethod
    def render_page(
        request: HttpRequest, report: Report, *, form: ReasonForm | None = None, action: str = "", status: int = 200
    ) -> HttpResponse:
        context: dict[str, Any] = {
            **report_context(report),
            "return_form": form if action == "return" else ReasonForm(prefix="return"),
            "reject_form": form if action == "reject" else ReasonForm(prefix="reject"),
            "others": [r for r in reports_of_agreement(report.agreement) if r.pk != report.pk],
            "history": report_history(report, tenant=report.tenant, agreement=report.agreement, audience="office"),
        }
        return render(request, "reports/office/detail.html", context, status=status)


class PdfView(OfficeAccessMixin, View):
    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        return pdf_response(report_document(_report(request, pk), request=request))


class AcceptView(OfficeAccessMixin, View):
    permission_required = PERMISSION

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        report = _report(request, pk)
        try:
            accepted = accept_report(report=report, actor=request.user)
        except (TransitionNotAllowed, PermissionDenied) as error:
            messages.error(request, str(error))
        else:
            if accepted.amount_to_return:
                messages.success(
                    request,
                    _("The report has been accepted. Amount to return: %(amount)s PLN by %(date)s.")
                    % {
                        "amount": format_amount(accepted.amount_to_return),
                        "date": date_format(accepted.return_deadline, "Y-m-d") if accepted.return_deadline else "",
                    },
                )
            else:
                messages.success(request, _("The report has been accepted. Nothing is to be returned."))
        return _to_detail(tenant_slug, report)


class ReasonView(OfficeAccessMixin, View):
    """Ask for corrections (`action = "return"`) or reject (`"reject"`), with the reason."""

    permission_required = PERMISSION
    action = "return"

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        report = _report(request, pk)
        form = ReasonForm(request.POST, prefix=self.action)
        if form.is_valid():
            service = request_corrections if self.action == "return" else reject_report
            try:
                service(report=report, actor=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                attach_service_errors(form, error)
            except (TransitionNotAllowed, PermissionDenied) as error:
                messages.error(request, str(error))
                return _to_detail(tenant_slug, report)
            else:
                if self.action == "return":
                    messages.success(
                        request, _("The report has been returned for corrections; the organisation is informed.")
                    )
                else:
                    messages.success(request, _("The report has been rejected; the organisation is informed."))
                return _to_detail(tenant_slug, report)
        return DetailView.render_page(request, report, form=form, action=self.action, status=400)


class SettleView(OfficeAccessMixin, View):
    """Settle the grant of an agreement whose final report is accepted (rozliczenie dotacji)."""

    permission_required = PERMISSION
    template = "reports/office/settle.html"

    def get(self, request: HttpRequest, tenant_slug: str, agreement_pk: int) -> HttpResponse:
        agreement = agreement_of_tenant(current_tenant(request), agreement_pk)
        final = accepted_final_report(agreement)
        initial = {"returned_amount": amount_text(final.amount_to_return if final else None)}
        return self._render(request, agreement, SettlementForm(initial=initial))

    def post(self, request: HttpRequest, tenant_slug: str, agreement_pk: int) -> HttpResponse:
        agreement = agreement_of_tenant(current_tenant(request), agreement_pk)
        form = SettlementForm(request.POST)
        if form.is_valid():
            try:
                settle_grant(
                    agreement=agreement,
                    actor=request.user,
                    returned_amount=typed_amount(form.cleaned_data["returned_amount"]) or "0",
                    returned_on=form.cleaned_data["returned_on"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            except (TransitionNotAllowed, TransitionBlocked, PermissionDenied) as error:
                messages.error(request, str(error))
                return redirect("reports_office:overview", tenant_slug=tenant_slug)
            else:
                messages.success(request, _("The grant has been settled; the register shows the amount settled."))
                return redirect("agreements_office:detail", tenant_slug=tenant_slug, pk=agreement.pk)
        return self._render(request, agreement, form, status=400)

    def _render(self, request: HttpRequest, agreement: Any, form: SettlementForm, *, status: int = 200) -> HttpResponse:
        context = {
            "agreement": agreement,
            "form": form,
            "final": accepted_final_report(agreement),
            "settlement": settlement_of(agreement),
            "paid": grant_paid(agreement),
            "settleable": agreement.state == AgreementState.SIGNED,
            "due": due_reports(agreement),
        }
        return render(request, self.template, context, status=status)
