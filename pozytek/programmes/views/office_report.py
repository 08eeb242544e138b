"""Office pages of the realisation report (`/<tenant>/urzad/program-wspolpracy/sprawozdania/`): the
realisation so far for a programme and year, preparing the report, its narrative per section with the
live preview, publication (frozen from then on) and the PDF preview of a draft.

Every object is read through the request's tenant: another tenant's id gives 404.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.documents.services import pdf_response
from pozytek.programmes import documents
from pozytek.programmes.forms.report import NarrativeForm
from pozytek.programmes.models import Programme, RealisationReport
from pozytek.programmes.selectors import programmes_of, realisation, report_deadline, reports_of
from pozytek.programmes.services.reports import publish_report, save_narrative, start_report
from pozytek.programmes.states import ADOPTED_STATES, ReportState
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors

WORKFLOW_ERRORS = (ValidationError, TransitionBlocked, TransitionNotAllowed, PermissionDenied)


def _programme(request: HttpRequest, pk: int) -> Programme:
    programme: Programme = get_object_or_404(programmes_of(current_tenant(request)), pk=pk)
    return programme


def _report(request: HttpRequest, pk: int) -> RealisationReport:
    queryset = RealisationReport.objects.filter(tenant=current_tenant(request)).select_related("programme")
    report: RealisationReport = get_object_or_404(queryset, pk=pk)
    return report


def _refused(request: HttpRequest, error: Exception) -> None:
    """Tell the official why (a guard's problems one by one), never an error page."""
    if isinstance(error, TransitionBlocked):
        for problem in error.problems:
            messages.error(request, problem.message)
    elif isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.error(request, str(error))


def _deadline(report_year: int, tenant: Any) -> dict[str, Any]:
    due = report_deadline(report_year, tenant=tenant)
    return {"deadline": due, "deadline_passed": timezone.localdate() > due}


def _to_edit(tenant_slug: str, report: RealisationReport) -> HttpResponse:
    return redirect("programmes_reports:edit", tenant_slug=tenant_slug, report=report.pk)


class ReportOfficeView(OfficeAccessMixin, View):
    permission_required = "programmes.manage"


class LiveView(ReportOfficeView):
    """The realisation so far for a programme and year, goals without activity flagged."""

    def get(self, request: HttpRequest, tenant_slug: str, pk: int, year: int) -> HttpResponse:
        programme = _programme(request, pk)
        if year not in programme.years:
            raise Http404
        report = reports_of(programme).filter(year=year).first()
        context = {
            "programme": programme,
            "year": year,
            "report": report,
            "can_start": report is None and programme.state in ADOPTED_STATES and year <= timezone.localdate().year,
            "realisation": documents.realisation_document(realisation(programme, year)),
            **_deadline(year, programme.tenant),
        }
        return render(request, "programmes/office_report_live.html", context)


class StartView(ReportOfficeView):
    """Prepare the report on a year (or open the one already prepared)."""

    def post(self, request: HttpRequest, tenant_slug: str, pk: int, year: int) -> HttpResponse:
        programme = _programme(request, pk)
        try:
            report = start_report(programme=programme, actor=request.user, year=year)
        except WORKFLOW_ERRORS as error:
            _refused(request, error)
            return redirect("programmes_reports:live", tenant_slug=tenant_slug, pk=pk, year=year)
        return _to_edit(tenant_slug, report)


class EditView(ReportOfficeView):
    """The narrative per section with the report's live preview; a published report is shown frozen."""

    template = "programmes/office_report_edit.html"

    def _render(self, request: HttpRequest, report: RealisationReport, form: Any, status: int = 200) -> HttpResponse:
        context = {
            **documents.report_context(report),
            "form": form,
            **_deadline(report.year, report.tenant),
        }
        return render(request, self.template, context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str, report: int) -> HttpResponse:
        item = _report(request, report)
        form = NarrativeForm(narrative=item.narrative) if item.state == ReportState.DRAFT else None
        return self._render(request, item, form)

    def post(self, request: HttpRequest, tenant_slug: str, report: int) -> HttpResponse:
        item = _report(request, report)
        if item.state != ReportState.DRAFT:
            messages.error(request, _("A published report can no longer be changed."))
            return _to_edit(tenant_slug, item)
        form = NarrativeForm(request.POST, narrative=item.narrative)
        if form.is_valid():
            try:
                save_narrative(report=item, actor=request.user, texts=form.texts())
            except ValidationError as error:
                if not hasattr(error, "error_dict"):  # the report was published in between
                    _refused(request, error)
                    return _to_edit(tenant_slug, item)
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The narrative has been saved."))
                return _to_edit(tenant_slug, item)
        return self._render(request, item, form, status=400)


class PublishView(ReportOfficeView):
    """Freeze and publish the report; a refusal (already published, year not begun) is told, not a 500."""

    def post(self, request: HttpRequest, tenant_slug: str, report: int) -> HttpResponse:
        item = _report(request, report)
        try:
            publish_report(report=item, actor=request.user)
        except WORKFLOW_ERRORS as error:
            _refused(request, error)
        else:
            messages.success(request, _("The report has been published and can no longer be changed."))
        return _to_edit(tenant_slug, item)


class PdfView(ReportOfficeView):
    """The report as PDF: a preview marked as a draft until it is published."""

    def get(self, request: HttpRequest, tenant_slug: str, report: int) -> HttpResponse:
        return pdf_response(documents.report_pdf(_report(request, report), request=request))
