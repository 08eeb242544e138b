"""The organisation's annex pages (aneksy), platform pages `/moje-organizacje/umowy/<pk>/aneksy/…`: the
agreement's annexes, the request form, one annex with its before → after comparison, withdrawing a
request, the approved annex's PDF. The agreement is read through `agreement_of_member_across_tenants`
(the user's organisations), the annex through that agreement: any other id is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pozytek.agreements.documents_annexes import annex_document
from pozytek.agreements.forms.annexes import AnnexRequestForm
from pozytek.agreements.models import Agreement, Annex
from pozytek.agreements.selectors import agreement_of_member_across_tenants
from pozytek.agreements.selectors_annexes import (
    annex_of,
    annexes_of,
    pending_annex,
)
from pozytek.agreements.selectors_terms import terms_in_force
from pozytek.agreements.services.annexes import (
    AnnexNotNeeded,
    request_annex,
    withdraw_annex,
)
from pozytek.agreements.states import AgreementState
from pozytek.agreements.views.annex_pages import DETAIL_TEMPLATE, FORM_TEMPLATE, approved_or_404, comparison_context
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.documents.services import pdf_response


def _member_detail(agreement: Agreement, annex: Annex) -> HttpResponse:
    return redirect("agreements_member:annex", pk=agreement.pk, annex_pk=annex.pk)


@login_required
def member_annex_list(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_of_member_across_tenants(request.user, pk)
    context = {"agreement": agreement, "annexes": annexes_of(agreement), "office": False}
    return render(request, "agreements/annex_list.html", context)


@login_required
def member_annex_request(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_of_member_across_tenants(request.user, pk)
    if agreement.state != AgreementState.SIGNED:
        messages.error(request, _("An annex can be requested only for a signed agreement."))
        return redirect("agreements_member:detail", pk=agreement.pk)
    pending = pending_annex(agreement)
    if pending is not None:
        messages.info(request, _("A request for an annex to this agreement already awaits the office's decision."))
        return _member_detail(agreement, pending)
    terms = terms_in_force(agreement)
    notice = ""
    status = 200
    if request.method == "POST":
        form = AnnexRequestForm(request.POST, terms=terms)
        if form.is_valid():
            try:
                annex = request_annex(agreement=agreement, actor=request.user, **form.request_data())
            except AnnexNotNeeded as info:
                notice = str(info)
            except ValidationError as error:
                pending = pending_annex(agreement)
                if pending is not None:  # submitted twice: the first request stands
                    messages.info(
                        request, _("A request for an annex to this agreement already awaits the office's decision.")
                    )
                    return _member_detail(agreement, pending)
                form.add_service_errors(error)
                status = 400
            else:
                messages.success(request, _("Your request for an annex has been sent to the office."))
                return _member_detail(agreement, annex)
        else:
            status = 400
    else:
        form = AnnexRequestForm(terms=terms)
    context = {"agreement": agreement, "terms": terms, "form": form, "notice": notice}
    return render(request, FORM_TEMPLATE, context, status=status)


@login_required
def member_annex_detail(request: HttpRequest, pk: int, annex_pk: int) -> HttpResponse:
    agreement = agreement_of_member_across_tenants(request.user, pk)
    annex = annex_of(agreement, annex_pk)
    return render(request, DETAIL_TEMPLATE, {**comparison_context(annex), "office": False})


@login_required
@require_POST
def member_annex_withdraw(request: HttpRequest, pk: int, annex_pk: int) -> HttpResponse:
    agreement = agreement_of_member_across_tenants(request.user, pk)
    annex = annex_of(agreement, annex_pk)
    try:
        withdraw_annex(annex=annex, actor=request.user)
    except (TransitionNotAllowed, TransitionBlocked) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your request for an annex has been withdrawn."))
    return _member_detail(agreement, annex)


@login_required
def member_annex_pdf(request: HttpRequest, pk: int, annex_pk: int) -> HttpResponse:
    agreement = agreement_of_member_across_tenants(request.user, pk)
    annex = approved_or_404(annex_of(agreement, annex_pk))
    return pdf_response(annex_document(annex, request=request))
