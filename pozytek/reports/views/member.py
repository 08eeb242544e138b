"""The organisation's pages of reports: what its agreement owes, starting a report, filling it in, submitting
it, and its PDF. Platform pages (`/moje-organizacje/umowy/<agreement>/sprawozdania/…`): the agreement is
read through the user's memberships (any other id: 404) and the agreement's tenant scope is activated for
the rest of the request.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope

from pozytek.agreements.selectors import agreement_of_member_across_tenants
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.documents.services import pdf_response
from pozytek.reports.documents import report_context, report_document
from pozytek.reports.forms import ReportForm
from pozytek.reports.history import report_history
from pozytek.reports.selectors import (
    due_reports,
    lines_of,
    member_report,
    report_figures,
    reports_of_agreement,
    results_of,
)
from pozytek.reports.services import save_report, start_report, submit_report
from pozytek.reports.states import EDITABLE_STATES, ReportKind
from pozytek.reports.validation import submission_problems
from pozytek.ui.form_errors import attach_service_errors


@login_required
def report_list(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = agreement_of_member_across_tenants(request.user, agreement_pk)
    with scope(tenant=agreement.tenant):
        context = {
            "agreement": agreement,
            "due": due_reports(agreement),
            "reports": reports_of_agreement(agreement),
        }
        return render(request, "reports/member/list.html", context)


@login_required
@require_POST
def report_start(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = agreement_of_member_across_tenants(request.user, agreement_pk)
    kind = request.POST.get("kind", "")
    raw_year = request.POST.get("year", "")
    year = int(raw_year) if raw_year.isdigit() else None
    if kind not in ReportKind.values:
        messages.error(request, _("The agreement does not ask for this report."))
        return redirect("reports_member:list", agreement_pk=agreement.pk)
    with scope(tenant=agreement.tenant):
        try:
            report = start_report(agreement=agreement, kind=kind, year=year, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reports_member:list", agreement_pk=agreement.pk)
        except PermissionDenied:
            messages.error(request, _("Only members of the organisations party to the agreement file its reports."))
            return redirect("reports_member:list", agreement_pk=agreement.pk)
    return redirect("reports_member:edit", agreement_pk=agreement.pk, pk=report.pk)


@login_required
def report_edit(request: HttpRequest, agreement_pk: int, pk: int) -> HttpResponse:
    agreement, report = member_report(request.user, agreement_pk, pk)
    with scope(tenant=agreement.tenant):
        history = report_history(report, tenant=agreement.tenant, agreement=agreement, audience="member")
        if report.state not in EDITABLE_STATES:
            return render(request, "reports/member/view.html", {**report_context(report), "history": history})
        lines, results = lines_of(report), results_of(report)
        status = 200
        if request.method == "POST":
            form = ReportForm(request.POST, report=report, lines=lines, results=results)
            if form.is_valid():
                try:
                    save_report(report=report, actor=request.user, data=form.to_input())
                except ValidationError as error:
                    attach_service_errors(form, error)
                except PermissionDenied:
                    messages.error(
                        request, _("Only members of the organisations party to the agreement file its reports.")
                    )
                else:
                    messages.success(request, _("The report has been saved."))
                    if "submit" in request.POST:
                        return _submit(request, agreement.pk, report.pk)
                    return redirect("reports_member:edit", agreement_pk=agreement.pk, pk=report.pk)
            status = 400
        else:
            form = ReportForm(report=report, lines=lines, results=results)
        figures = report_figures(report, lines_of(report))
        context = {
            "agreement": agreement,
            "report": report,
            "form": form,
            "figures": figures,
            "problems": submission_problems(report, figures),
            "history": history,
        }
        return render(request, "reports/member/edit.html", context, status=status)


def _submit(request: HttpRequest, agreement_pk: int, pk: int) -> HttpResponse:
    agreement, report = member_report(request.user, agreement_pk, pk)
    with scope(tenant=agreement.tenant):
        try:
            submit_report(report=report, actor=request.user)
        except TransitionBlocked as blocked:
            for problem in blocked.problems:
                messages.error(request, problem.message)
            return redirect("reports_member:edit", agreement_pk=agreement.pk, pk=report.pk)
        except (TransitionNotAllowed, ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("reports_member:list", agreement_pk=agreement.pk)
    messages.success(request, _("The report has been submitted. The office has been informed."))
    return redirect("reports_member:list", agreement_pk=agreement.pk)


@login_required
@require_POST
def report_submit(request: HttpRequest, agreement_pk: int, pk: int) -> HttpResponse:
    return _submit(request, agreement_pk, pk)


@login_required
def report_pdf(request: HttpRequest, agreement_pk: int, pk: int) -> HttpResponse:
    agreement, report = member_report(request.user, agreement_pk, pk)
    with scope(tenant=agreement.tenant):
        return pdf_response(report_document(report, request=request))
