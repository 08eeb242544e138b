"""Public pages of small grants: the standing page with its pool meter, the offers open for comments,
and one published offer with its comments (signed-in people comment while the window is open)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from pozytek.core.money import amount_in_words
from pozytek.documents.services import pdf_response, render_document
from pozytek.organisations.selectors import organisations_of
from pozytek.smallgrants.forms.small_grants import CommentForm
from pozytek.smallgrants.models import Publication
from pozytek.smallgrants.selectors import (
    comments_of,
    open_publications,
    organisation_sums,
    pool_meter,
    public_publication,
    published_publications,
    published_scheme,
    published_scheme_years,
    today,
    window_open,
)
from pozytek.smallgrants.services import add_comment
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors

NOTICE_BODY = "smallgrants/documents/notice.html"


def notice_pdf(request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
    """The notice-board (tablica ogłoszeń) and BIP version of a published offer's notice, on A4."""
    tenant = current_tenant(request)
    publication = public_publication(tenant, pk)
    if publication is None:
        raise Http404
    offer = publication.offer
    context = {
        "tenant": tenant,
        "publication": publication,
        "offer": offer,
        "amount_words": amount_in_words(offer.requested_grant or 0),
        "page_url": request.build_absolute_uri(
            reverse("smallgrants:publication", kwargs={"tenant_slug": tenant.slug, "pk": publication.pk})
        ),
    }
    title = _("Notice – small grant offer %(number)s") % {"number": publication.pk}
    return pdf_response(render_document(NOTICE_BODY, context, title=title, request=request))


def publications_json(request: HttpRequest, tenant_slug: str) -> JsonResponse:
    """Offers published for comments (window open or closed), newest first: for the BIP's editors and
    other systems; the same fields as the public pages."""
    tenant = current_tenant(request)
    rows = [
        {
            "id": publication.pk,
            "title": publication.offer.title,
            "organisation": publication.offer.organisation.name,
            "requested_grant": str(publication.offer.requested_grant or ""),
            "task_start": publication.offer.start_date.isoformat() if publication.offer.start_date else None,
            "task_end": publication.offer.end_date.isoformat() if publication.offer.end_date else None,
            "received_on": publication.received_on.isoformat(),
            "published_at": publication.published_at.isoformat() if publication.published_at else None,
            "comments_until": publication.comments_until.isoformat() if publication.comments_until else None,
            "url": request.build_absolute_uri(
                reverse("smallgrants:publication", kwargs={"tenant_slug": tenant.slug, "pk": publication.pk})
            ),
            "notice_pdf": request.build_absolute_uri(
                reverse("smallgrants:notice", kwargs={"tenant_slug": tenant.slug, "pk": publication.pk})
            ),
        }
        for publication in published_publications(tenant)
    ]
    return JsonResponse({"tenant": tenant.slug, "offers": rows}, json_dumps_params={"ensure_ascii": False})


class SchemeView(View):
    """Małe granty: how to apply, the year's pool and what is left, each organisation's yearly sum."""

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = current_tenant(request)
        years = published_scheme_years(tenant)
        asked = request.GET.get("rok", "")
        year = int(asked) if asked.isdigit() and int(asked) in years else today().year
        scheme = published_scheme(tenant, year)
        context = {
            "year": year,
            "years": years,
            "scheme": scheme,
            "meter": pool_meter(tenant, year),
            "sums": organisation_sums(tenant, year),
            "publications": list(open_publications(tenant)),
            "can_apply": bool(scheme) and organisations_of(request.user).exists(),
        }
        return render(request, "smallgrants/public/scheme.html", context)


class PublicationView(View):
    """One small-grant offer published for comments (art. 19a ust. 3–5)."""

    def _publication(self, request: HttpRequest, pk: int) -> Publication:
        publication = public_publication(current_tenant(request), pk)
        if publication is None:
            raise Http404
        return publication

    def _render(
        self, request: HttpRequest, publication: Publication, form: CommentForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "publication": publication,
            "offer": publication.offer,
            "comments": list(comments_of(publication)),
            "open": window_open(publication),
            "form": form,
        }
        return render(request, "smallgrants/public/publication.html", context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        name = getattr(request.user, "full_name", "") if request.user.is_authenticated else ""
        return self._render(request, self._publication(request, pk), CommentForm(initial={"author_name": name}))

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        publication = self._publication(request, pk)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                add_comment(publication=publication, actor=request.user, **form.cleaned_data)
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal))
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("Thank you: your comment has been recorded."))
                return redirect("smallgrants:publication", tenant_slug=tenant_slug, pk=pk)
        return self._render(request, publication, form, status=400)
