"""Public pages of consultations: the list with filters, a consultation with its draft and comments,
commenting (one unit or the whole, keyboard-only friendly: a normal form), the survey, meeting
registration, attachments and the report (page, PDF, DOCX)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pozytek.consultations.documents import (
    BODY,
    DOCX_CONTENT_TYPE,
    file_name,
    report_context,
    report_docx,
    report_title,
)
from pozytek.consultations.forms.public import WHOLE, CommentForm, RegistrationForm, SurveyForm
from pozytek.consultations.models import Consultation
from pozytek.consultations.selectors import (
    account_problem,
    has_answered_survey,
    is_open,
    meeting_of,
    phase,
    places_left,
    public_comments,
    public_consultation,
    public_consultations,
    public_years,
)
from pozytek.consultations.services import register_for_meeting, submit_comment, submit_survey
from pozytek.consultations.states import ConsultationState, Phase
from pozytek.core.files import private_download
from pozytek.documents.services import pdf_response, render_document
from pozytek.legal.selectors import spheres_in_force
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors

PAGE_SIZE = 20


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def consultation_list(request: HttpRequest, tenant_slug: str) -> HttpResponse:
    tenant = current_tenant(request)
    sphere, year = _int(request.GET.get("sphere")), _int(request.GET.get("year"))
    status = request.GET.get("status", "")
    status = status if status in Phase.values else ""
    rows = public_consultations(tenant, status=status, sphere=sphere, year=year).prefetch_related("spheres")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for consultation in page.object_list:
        consultation.phase_label = Phase(phase(consultation)).label  # type: ignore[attr-defined]
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page_obj": page,
        "query_string": params.urlencode(),
        "spheres": spheres_in_force(),
        "statuses": Phase.choices,
        "years": public_years(tenant),
        "selected": {"sphere": sphere, "status": status, "year": year},
    }
    return render(request, "consultations/list.html", context)


def _participation_context(request: HttpRequest, consultation: Consultation) -> dict[str, Any]:
    open_now = is_open(consultation)
    problem = account_problem(consultation, request.user) if open_now and request.user.is_authenticated else ""
    return {"open_now": open_now, "participation_problem": problem}


def consultation_detail(request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
    consultation = public_consultation(current_tenant(request), pk)
    comments = list(public_comments(consultation))
    by_unit: dict[int | None, list[Any]] = {}
    for comment in comments:
        by_unit.setdefault(comment.unit_id, []).append(comment)
    units = [(unit, by_unit.get(unit.pk, [])) for unit in consultation.units.all()]
    meetings = [(m, places_left(m)) for m in consultation.meeting_set.all()]
    context = {
        "consultation": consultation,
        "phase": phase(consultation),
        "phase_label": Phase(phase(consultation)).label,
        "units": units,
        "whole_comments": by_unit.get(None, []),
        "comment_count": len(comments),
        "show_answers": consultation.state == ConsultationState.REPORTED,
        "meetings": meetings,
        "answered_survey": has_answered_survey(consultation, request.user),
        **_participation_context(request, consultation),
    }
    return render(request, "consultations/detail.html", context)


def comment(request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
    """The comment form (GET ?jednostka=<unit> preselects the unit) and its submission."""
    consultation = public_consultation(current_tenant(request), pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context: dict[str, Any] = {"consultation": consultation, **_participation_context(request, consultation)}
    if not consultation.online_comments:
        context["closed_message"] = _("This consultation does not take comments online; see its other forms.")
        return render(request, "consultations/comment.html", context, status=403 if request.method == "POST" else 200)
    if not context["open_now"]:
        context["closed_message"] = _(
            "The consultation does not take comments now: it is open from %(start)s to %(end)s."
        ) % {
            "start": consultation.starts_on,
            "end": consultation.ends_on,
        }
        return render(request, "consultations/comment.html", context, status=403 if request.method == "POST" else 200)
    if context["participation_problem"]:
        return render(request, "consultations/comment.html", context, status=403 if request.method == "POST" else 200)
    if request.method == "POST":
        form = CommentForm(request.POST, consultation=consultation, user=request.user)
        if form.is_valid():
            try:
                submit_comment(
                    consultation=consultation,
                    actor=request.user,
                    unit_id=form.unit_id(),
                    organisation=form.cleaned_data["organisation"],
                    proposed_wording=form.cleaned_data["proposed_wording"],
                    justification=form.cleaned_data["justification"],
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("Thank you. Your comment has been recorded."))
                return redirect("consultations:detail", tenant_slug=tenant_slug, pk=pk)
        context["form"] = form
        return render(request, "consultations/comment.html", context, status=400)
    unit = request.GET.get("jednostka", "")
    initial = {"unit": unit if unit.isdigit() and consultation.units.filter(pk=unit).exists() else WHOLE}
    context["form"] = CommentForm(initial=initial, consultation=consultation, user=request.user)
    return render(request, "consultations/comment.html", context)


def survey(request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
    consultation = public_consultation(current_tenant(request), pk)
    if not consultation.survey:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context: dict[str, Any] = {
        "consultation": consultation,
        "answered": has_answered_survey(consultation, request.user),
        **_participation_context(request, consultation),
    }
    if context["answered"] or not context["open_now"] or context["participation_problem"]:
        return render(request, "consultations/survey.html", context, status=403 if request.method == "POST" else 200)
    if request.method == "POST":
        form = SurveyForm(request.POST, consultation=consultation, user=request.user)
        if form.is_valid():
            try:
                submit_survey(
                    consultation=consultation,
                    actor=request.user,
                    organisation=form.cleaned_data["organisation"],
                    answers=form.answers(),
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("Thank you for filling in the survey."))
                return redirect("consultations:detail", tenant_slug=tenant_slug, pk=pk)
        context["form"] = form
        return render(request, "consultations/survey.html", context, status=400)
    context["form"] = SurveyForm(consultation=consultation, user=request.user)
    return render(request, "consultations/survey.html", context)


def register(request: HttpRequest, tenant_slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    consultation = public_consultation(current_tenant(request), pk)
    meeting = meeting_of(consultation, meeting_pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    problem = account_problem(consultation, request.user)
    context = {
        "consultation": consultation,
        "meeting": meeting,
        "places_left": places_left(meeting),
        "participation_problem": problem,
    }
    if problem:
        return render(request, "consultations/register.html", context, status=403 if request.method == "POST" else 200)
    form = RegistrationForm(request.POST or None, consultation=consultation, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            try:
                register_for_meeting(
                    meeting=meeting, actor=request.user, organisation=form.cleaned_data["organisation"]
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("You are registered for the meeting."))
                return redirect("consultations:detail", tenant_slug=tenant_slug, pk=pk)
        return render(request, "consultations/register.html", {**context, "form": form}, status=400)
    return render(request, "consultations/register.html", {**context, "form": form})


def attachment(request: HttpRequest, tenant_slug: str, pk: int, attachment_pk: int) -> FileResponse:
    consultation = public_consultation(current_tenant(request), pk)
    item = get_object_or_404(consultation.attachments.all(), pk=attachment_pk)
    return private_download(item.file, filename=item.original_name, content_type=item.content_type)


def _reported(request: HttpRequest, pk: int) -> Consultation:
    consultation = public_consultation(current_tenant(request), pk)
    if consultation.state != ConsultationState.REPORTED:
        raise Http404
    return consultation


def report(request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
    consultation = _reported(request, pk)
    context = {**report_context(consultation), "body_template": BODY, "title": report_title(consultation)}
    return render(request, "consultations/report.html", context)


def report_pdf(request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
    consultation = _reported(request, pk)
    return pdf_response(
        render_document(BODY, report_context(consultation), title=report_title(consultation), request=request)
    )


def report_docx_view(request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
    consultation = _reported(request, pk)
    response = HttpResponse(report_docx(consultation), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name(consultation, "docx")}"'
    return response
