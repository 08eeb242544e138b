"""Reads of imports: a tenant's past imports and one of them (under the request's tenant scope)."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from pozytek.organisations.models import ImportJob
from pozytek.organisations.states import ImportState

ACTIVE_STATES = (ImportState.QUEUED, ImportState.RUNNING)


def imports_of(tenant: Any) -> QuerySet[ImportJob]:
    """The tenant's imports, newest first, with the person who uploaded each (one query)."""
    return ImportJob.objects.filter(tenant=tenant).select_related("created_by").order_by("-created_at", "-id")


def import_of(tenant: Any, pk: int) -> ImportJob | None:
    return imports_of(tenant).filter(pk=pk).first()


def import_status(job: ImportJob) -> dict[str, Any]:
    """What the progress bar of a job shows, as plain data (also served as JSON)."""
    total = job.total_rows or 0
    processed = min(job.processed_rows or 0, total) if total else 0
    if job.state == ImportState.QUEUED:
        label = _("Waiting for its turn: %(total)s rows.") % {"total": total}
    elif job.state == ImportState.RUNNING and processed < total:
        label = _("Checked %(processed)s of %(total)s rows.") % {"processed": processed, "total": total}
    elif job.state == ImportState.RUNNING:
        label = _("All %(total)s rows checked; saving the organisations.") % {"total": total}
    else:
        label = str(job.get_state_display())
    return {
        "label": label,
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "processed": processed,
        "total": total,
        "percent": round(processed * 100 / total) if total else 0,
        "created": job.created_count,
        "updated": job.updated_count,
        "active": job.state in ACTIVE_STATES,
    }
