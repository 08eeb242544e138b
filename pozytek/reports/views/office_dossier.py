"""The audit dossier of an agreement as a download for the office (teczka kontrolna: every document in a ZIP).

The agreement is read through the request's tenant (another tenant's id: 404); taking a dossier is recorded
in the audit trail with the archive's SHA-256.
"""

from django.http import FileResponse, HttpRequest
from django.views import View

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.agreements.selectors import agreement_of_tenant
from pozytek.reports.dossier import issue_dossier
from pozytek.tenants.http import current_tenant

PERMISSION = "reports.review_reports"


class DossierView(OfficeAccessMixin, View):
    """Audit dossier (ZIP) of one agreement: offer versions, evaluation, agreement, annexes, reports, settlement."""

    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str, agreement_pk: int) -> FileResponse:
        agreement = agreement_of_tenant(current_tenant(request), agreement_pk)
        dossier = issue_dossier(agreement=agreement, actor=request.user)  # type: ignore[arg-type]
        response = FileResponse(
            dossier.file, as_attachment=True, filename=dossier.filename, content_type="application/zip"
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
