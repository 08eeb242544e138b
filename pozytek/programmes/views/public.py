"""Public pages of the cooperation programme (`/<tenant>/program-wspolpracy/`): the adopted programmes and
the published reports, each as a page, PDF, DOCX and open data, and the activities recorded under a
programme. Drafts are never public: a programme the council has not adopted and a report not yet
published give 404, as does another tenant's id."""

import json

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from pozytek.core.db_router import replica_reads
from pozytek.core.files import private_download
from pozytek.documents.services import pdf_response
from pozytek.organisations.selectors import in_directory_of
from pozytek.programmes import documents, docx
from pozytek.programmes.models import Activity, Programme, RealisationReport
from pozytek.programmes.selectors import public_programmes, published_reports, structure
from pozytek.programmes.services.reports import canonical_json
from pozytek.tenants.http import current_tenant


def _programme(request: HttpRequest, pk: int) -> Programme:
    programme: Programme = get_object_or_404(public_programmes(current_tenant(request)), pk=pk)
    return programme


def _report(request: HttpRequest, pk: int) -> RealisationReport:
    report: RealisationReport = get_object_or_404(published_reports(current_tenant(request)), pk=pk)
    return report


def _activity(request: HttpRequest, pk: int, activity_pk: int) -> tuple[Programme, Activity]:
    programme = _programme(request, pk)
    queryset = Activity.objects.filter(programme=programme).select_related("form", "goal")
    activity: Activity = get_object_or_404(queryset, pk=activity_pk)
    return programme, activity


def _docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=documents.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def programme_list(request: HttpRequest, tenant_slug: str) -> HttpResponse:
    tenant = current_tenant(request)
    context = {"programmes": list(public_programmes(tenant)), "reports": list(published_reports(tenant))}
    return render(request, "programmes/public_list.html", context)


def programme_detail(request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    context = {
        "programme": programme,
        **documents.programme_context(programme),
        "reports": list(published_reports(programme.tenant).filter(programme=programme)),
        "activities": list(Activity.objects.filter(programme=programme).order_by("on", "pk")),
    }
    return render(request, "programmes/public_programme.html", context)


def programme_pdf(request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
    return pdf_response(documents.programme_pdf(_programme(request, pk), request=request))


def programme_docx(request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
    doc = documents.programme_context(_programme(request, pk))["programme_doc"]
    return _docx_response(docx.programme_docx(doc), documents.file_name(doc["title"], "docx"))


def programme_json(request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
    """The programme's structure as open data (every element of art. 5a ust. 4, goals ↔ forms)."""
    data = structure(_programme(request, pk))
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="{documents.file_name(data["title"], "json")}"'
    return response


def activity(request: HttpRequest, tenant_slug: str, pk: int, activity: int) -> HttpResponse:
    programme, item = _activity(request, pk, activity)
    organisations = list(item.organisations.order_by("name"))
    listed = set(
        in_directory_of(programme.tenant).filter(pk__in=[o.pk for o in organisations]).values_list("pk", flat=True)
    )
    context = {
        "programme": programme,
        "activity": item,
        "organisations": [(organisation, organisation.pk in listed) for organisation in organisations],
    }
    return render(request, "programmes/public_activity.html", context)


def activity_file(request: HttpRequest, tenant_slug: str, pk: int, activity: int) -> FileResponse:
    _programme_row, item = _activity(request, pk, activity)
    return private_download(item.attachment, filename=item.attachment_name, content_type=item.attachment_type)


@replica_reads
def report(request: HttpRequest, tenant_slug: str, report: int) -> HttpResponse:
    return render(request, "programmes/public_report.html", documents.report_context(_report(request, report)))


@replica_reads
def report_pdf(request: HttpRequest, tenant_slug: str, report: int) -> HttpResponse:
    return pdf_response(documents.report_pdf(_report(request, report), request=request))


@replica_reads
def report_docx(request: HttpRequest, tenant_slug: str, report: int) -> HttpResponse:
    context = documents.report_context(_report(request, report))
    return _docx_response(docx.report_docx(context), documents.file_name(context["title"], "docx"))


@replica_reads
def report_json(request: HttpRequest, tenant_slug: str, report: int) -> HttpResponse:
    """The exact bytes the report's SHA-256 was computed over: `sha256sum` of this file equals it."""
    published = _report(request, report)
    response = HttpResponse(canonical_json(published.snapshot or {}), content_type="application/json")
    filename = f"sprawozdanie-{published.year}-{published.pk}.json"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
