"""The organisation's pages of its agreements (read-only): the list across local governments, one
agreement with its tranches, its PDF and the signed file.

Agreements are read through `agreement_of_member_across_tenants` (the user's organisations, lead or partner), so any
other id is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_scopes import scope

from pozytek.agreements.documents import agreement_document
from pozytek.agreements.history import agreement_history
from pozytek.agreements.selectors import (
    agreement_of_member_across_tenants,
    agreements_of_member_across_tenants,
    document_problems,
    member_payment_totals,
    member_tranches,
    years_of,
)
from pozytek.agreements.selectors_annexes import annexes_of
from pozytek.agreements.views.office import signed_file_response
from pozytek.documents.services import pdf_response


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "agreements/member/list.html", {"agreements": agreements_of_member_across_tenants(request.user)}
    )


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_of_member_across_tenants(request.user, pk)
    # Found through the user's memberships: from here on, the agreement's own tenant's rows only.
    with scope(tenant=agreement.tenant):
        context = {
            "agreement": agreement,
            "years": list(years_of(agreement)),
            "tranches": member_tranches(agreement),
            "totals": member_payment_totals(agreement),
            "printable": not document_problems(agreement),
            "annexes": annexes_of(agreement),
            "history": agreement_history(agreement, tenant=agreement.tenant, audience="member"),
        }
        return render(request, "agreements/member/detail.html", context)


@login_required
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_of_member_across_tenants(request.user, pk)
    if document_problems(agreement):
        messages.error(request, _("The office has not completed the agreement yet; its PDF is not available."))
        return redirect("agreements_member:detail", pk=agreement.pk)
    return pdf_response(agreement_document(agreement, request=request))


@login_required
def signed_file(request: HttpRequest, pk: int) -> FileResponse:
    return signed_file_response(agreement_of_member_across_tenants(request.user, pk))
