"""Public directory pages of a local government: search with filters, organisation profile."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from pozytek.core.db_router import replica_reads
from pozytek.organisations.forms.directory import DirectorySearchForm
from pozytek.organisations.profile_sections import render_sections
from pozytek.organisations.selectors import (
    COUNT_CAP,
    DirectoryQuery,
    directory_results,
    member_role,
    profile_for_public,
)
from pozytek.tenants.http import current_tenant

PAGE_SIZE = 20


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    """Pages of CappedResults: counts at most COUNT_CAP + 1, so a one-letter search over 150,000 rows stays fast."""

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


@replica_reads
def directory(request: HttpRequest, tenant_slug: str) -> HttpResponse:
    tenant = current_tenant(request)
    form = DirectorySearchForm(request.GET or None, tenant=tenant)
    query = form.to_query() if request.GET else DirectoryQuery()
    page = CappedPaginator(directory_results(tenant, query), PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "page_obj": page, "query_string": params.urlencode(), "query": query}
    return render(request, "organisations/directory.html", context)


def profile(request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
    tenant = current_tenant(request)
    organisation = profile_for_public(tenant, pk)
    if organisation is None:
        raise Http404
    return render(
        request,
        "organisations/profile.html",
        {
            "organisation": organisation,
            "role": member_role(request.user, organisation),
            "is_office_staff_here": request.user.has_perm("tenants.view_office", tenant),
            # Sections other apps add (e.g. the grants register's cooperation history).
            "profile_sections": render_sections(organisation, request),
        },
    )
