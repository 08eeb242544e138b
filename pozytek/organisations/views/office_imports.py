"""Office pages of the import of organisations: list, upload, column mapping, dry run, progress."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.organisations.forms.imports import MappingForm, UploadForm
from pozytek.organisations.imports.rows import FIELD_LABELS, ImportFileError
from pozytek.organisations.imports.selectors import import_of, import_status, imports_of
from pozytek.organisations.imports.services import (
    BACKGROUND_ROWS,
    check_job,
    dry_run,
    map_columns,
    read_job_table,
    start_import,
    upload_import_file,
)
from pozytek.organisations.imports.spreadsheet import suggest_mapping
from pozytek.organisations.models import ImportJob
from pozytek.organisations.states import ImportState, Source
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors

JOBS_PER_PAGE = 50
ROWS_PER_PAGE = 500
PROBLEMS_SHOWN = 1000
SAMPLE_ROWS = 3
MAPPABLE = (ImportState.UPLOADED, ImportState.MAPPED, ImportState.PREVIEWED, ImportState.FAILED)
CHECKABLE = (ImportState.PREVIEWED, ImportState.FAILED)


class ImportListView(OfficeAccessMixin, View):
    permission_required = "tenants.view_office"

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = current_tenant(request)
        page = Paginator(imports_of(tenant), JOBS_PER_PAGE).get_page(request.GET.get("strona"))
        return render(request, "organisations/imports/list.html", {"page": page, "jobs": list(page.object_list)})


class UploadView(OfficeAccessMixin, View):
    permission_required = "tenants.view_office"
    template_name = "organisations/imports/upload.html"

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        return render(request, self.template_name, {"form": UploadForm()})

    def post(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = upload_import_file(
                    tenant=current_tenant(request),
                    actor=request.user,
                    file=form.cleaned_data["file"],
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                if job.kind == Source.KRS:
                    dry_run(job=job, actor=request.user)
                    return redirect("organisations_imports:preview", tenant_slug=tenant_slug, pk=job.pk)
                return redirect("organisations_imports:mapping", tenant_slug=tenant_slug, pk=job.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class _JobView(OfficeAccessMixin, View):
    permission_required = "tenants.view_office"

    def job(self, request: HttpRequest, pk: int) -> ImportJob:
        job = import_of(current_tenant(request), pk)
        if job is None:
            raise Http404(_("There is no such import."))
        return job


class DetailView(_JobView):
    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        job = self.job(request, pk)
        problems = [
            {**problem, "field_label": FIELD_LABELS.get(problem.get("field", ""), "")}
            for problem in job.problems or []
            if isinstance(problem, dict)
        ]
        return render(
            request,
            "organisations/imports/detail.html",
            {
                "job": job,
                "status": import_status(job),
                "problems": problems[:PROBLEMS_SHOWN],
                "problems_hidden": max(0, len(problems) - PROBLEMS_SHOWN),
                "blocking": sum(1 for problem in problems if problem.get("blocking")),
                "unchanged": max(0, job.total_rows - job.created_count - job.updated_count),
                "can_map": job.kind == Source.SPREADSHEET and job.state in MAPPABLE,
                "can_check": job.state in CHECKABLE,
            },
        )


class StatusView(_JobView):
    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        response = JsonResponse(import_status(self.job(request, pk)))
        response["Cache-Control"] = "no-store"
        return response


class MappingView(_JobView):
    template_name = "organisations/imports/mapping.html"

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        job = self.job(request, pk)
        if (not_mappable := self._refuse(request, job)) is not None:
            return not_mappable
        try:
            table = read_job_table(job, limit=SAMPLE_ROWS)
        except ImportFileError as error:
            messages.error(request, str(error))
            return redirect("organisations_imports:detail", tenant_slug=tenant_slug, pk=job.pk)
        mapping = job.mapping or suggest_mapping(table.headers)
        form = self._form(table, initial={key: str(index) for key, index in mapping.items()})
        return self._render(request, job, table, form)

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        job = self.job(request, pk)
        if (not_mappable := self._refuse(request, job)) is not None:
            return not_mappable
        try:
            table = read_job_table(job, limit=SAMPLE_ROWS)
        except ImportFileError as error:
            messages.error(request, str(error))
            return redirect("organisations_imports:detail", tenant_slug=tenant_slug, pk=job.pk)
        form = self._form(table, data=request.POST)
        if form.is_valid():
            try:
                job = map_columns(job=job, actor=request.user, mapping=form.mapping())
                dry_run(job=job, actor=request.user)
            except ValidationError as error:
                attach_service_errors(form, error)
            except ImportFileError as error:
                messages.error(request, str(error))
                return redirect("organisations_imports:detail", tenant_slug=tenant_slug, pk=job.pk)
            except (TransitionNotAllowed, TransitionBlocked) as error:
                messages.warning(request, str(error))
                return redirect("organisations_imports:detail", tenant_slug=tenant_slug, pk=job.pk)
            else:
                return redirect("organisations_imports:preview", tenant_slug=tenant_slug, pk=job.pk)
        return self._render(request, job, table, form, status=400)

    def _refuse(self, request: HttpRequest, job: ImportJob) -> HttpResponse | None:
        if job.kind == Source.SPREADSHEET and job.state in MAPPABLE:
            return None
        messages.info(request, _("The columns of this import can no longer be changed."))
        return redirect("organisations_imports:detail", tenant_slug=job.tenant.slug, pk=job.pk)

    @staticmethod
    def _form(table: Any, **kwargs: Any) -> MappingForm:
        return MappingForm(columns=table.column_labels, samples=[cells for _number, cells in table.rows], **kwargs)

    def _render(
        self, request: HttpRequest, job: ImportJob, table: Any, form: MappingForm, status: int = 200
    ) -> HttpResponse:
        width = len(table.headers)
        samples = [(number, (cells + [""] * width)[:width]) for number, cells in table.rows]
        return render(
            request,
            self.template_name,
            {"job": job, "form": form, "columns": table.column_labels, "samples": samples},
            status=status,
        )


class CheckView(_JobView):
    """Run the dry run again (e.g. after someone changed the directory, or after a failed import)."""

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        job = self.job(request, pk)
        try:
            dry_run(job=job, actor=request.user)
        except ImportFileError as error:
            messages.error(request, str(error))
        except (TransitionNotAllowed, TransitionBlocked) as error:
            messages.warning(request, str(error))
        else:
            return redirect("organisations_imports:preview", tenant_slug=tenant_slug, pk=job.pk)
        return redirect("organisations_imports:detail", tenant_slug=tenant_slug, pk=job.pk)


class PreviewView(_JobView):
    template_name = "organisations/imports/preview.html"

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        job = self.job(request, pk)
        if job.state != ImportState.PREVIEWED:
            return redirect("organisations_imports:detail", tenant_slug=tenant_slug, pk=job.pk)
        try:
            report = check_job(job)
        except ImportFileError as error:
            messages.error(request, str(error))
            return redirect("organisations_imports:detail", tenant_slug=tenant_slug, pk=job.pk)
        only_problems = request.GET.get("problemy") == "1"
        rows = [row for row in report.rows if row.problems] if only_problems else report.rows
        page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("strona"))
        return render(
            request,
            self.template_name,
            {
                "job": job,
                "report": report,
                "counts": report.counts,
                "rows_with_problems": sum(1 for row in report.rows if row.problems),
                "page": page,
                "rows": list(page.object_list),
                "only_problems": only_problems,
                "background": job.total_rows > BACKGROUND_ROWS,
            },
        )

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        job = self.job(request, pk)
        try:
            job = start_import(job=job, actor=request.user)
        except (TransitionNotAllowed, TransitionBlocked) as error:
            messages.warning(request, str(error))
            return redirect("organisations_imports:detail", tenant_slug=tenant_slug, pk=job.pk)
        job.refresh_from_db()
        if job.state == ImportState.DONE:
            messages.success(
                request,
                _("Import finished: %(created)s organisations added, %(updated)s updated.")
                % {"created": job.created_count, "updated": job.updated_count},
            )
        elif job.state == ImportState.FAILED:
            messages.error(request, _("Nothing has been imported: see the problems below."))
        else:
            messages.info(request, _("The import runs in the background. This page shows how far it has got."))
        return redirect("organisations_imports:detail", tenant_slug=tenant_slug, pk=job.pk)
