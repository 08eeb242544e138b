"""Read-only API of a local government's directory: the same public fields as the open data files.

Registered on the platform's API (`pozytek.openapi.api`) under /api/v1/. An unknown or
unpublished tenant is a JSON 404 from the endpoint itself (`tenant_for_request`): TenantScopeMiddleware leaves
the API's routes alone, so it never answers with the site's HTML page. Only non-scoped managers are
queried (see selectors_open_data) and inside the tenant's scope anyway, so nothing depends on the
middleware. Errors (404, 422) and the bounds of the pagination are `pozytek.core.api_schemas`'.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_scopes import scope
from ninja import Field, Query, Router, Schema

from pozytek.core.api_schemas import ERROR_RESPONSES, MAX_OFFSET, NO_NUL
from pozytek.organisations.selectors_open_data import FIELD_DESCRIPTIONS, public_directory, public_page, public_record
from pozytek.tenants.selectors import tenant_for_request

MAX_LIMIT = 200
DEFAULT_LIMIT = 50

router = Router(tags=["organisations"])


def _describe(text: Any) -> str:
    """Descriptions in the OpenAPI document, in the platform's language (stable for every request)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def _field(name: str, default: Any = ...) -> Any:
    return Field(default, description=_describe(FIELD_DESCRIPTIONS[name]))


class OrganisationOut(Schema):
    id: int = _field("id")
    name: str = _field("name")
    short_name: str = _field("short_name")
    legal_form: str | None = _field("legal_form")
    legal_form_name: str | None = _field("legal_form_name")
    krs: str = _field("krs")
    nip: str = _field("nip")
    regon: str = _field("regon")
    register_number: str = _field("register_number")
    opp: bool = _field("opp")
    opp_since: dt.date | None = _field("opp_since")
    spheres: list[str] = _field("spheres")
    districts: list[str] = _field("districts")
    email: str = _field("email")
    phone: str = _field("phone")
    website: str = _field("website")
    street: str = _field("street")
    postal_code: str = _field("postal_code")
    city: str = _field("city")
    description: str = _field("description")
    updated_at: dt.datetime = _field("updated_at")


class OrganisationPage(Schema):
    count: int = Field(description=_describe(_("Number of organisations matching the filters.")))
    limit: int = Field(description=_describe(_("Page size used.")))
    offset: int = Field(description=_describe(_("Position of the first item in the whole result.")))
    items: list[OrganisationOut]


class OrganisationFilters(Schema):
    q: str = Field(
        "",
        max_length=200,
        pattern=NO_NUL,
        description=_describe(_("Words of the name or town, or a KRS, NIP or REGON number.")),
    )
    legal_form: str = Field(
        "",
        max_length=50,
        pattern=NO_NUL,
        description=_describe(_("Legal form identifier, e.g. fundacja, stowarzyszenie.")),
    )
    sphere: str = Field(
        "", max_length=10, pattern=NO_NUL, description=_describe(_("Point of art. 4 ust. 1 of the Act, e.g. 1, 32a."))
    )
    opp: bool | None = Field(
        None, description=_describe(_("Only public benefit organisations (true) or only the others (false)."))
    )
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=_describe(_("Page size, at most %(max)s.")) % {"max": MAX_LIMIT}
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description=_describe(_("Number of organisations to skip.")))


@router.get(
    "/{tenant_slug}/organisations",
    response={200: OrganisationPage, **ERROR_RESPONSES},
    summary=_describe(_("Organisations of a local government's directory")),
    description=_describe(
        _("Active organisations listed in the directory, by name, with filters; paginated with limit and offset.")
    ),
)
def list_organisations(request: HttpRequest, tenant_slug: str, filters: Query[OrganisationFilters]) -> Any:
    """Active organisations listed in the directory, by name, with filters; paginated with limit and offset."""
    tenant = tenant_for_request(tenant_slug, user=request.user)
    with scope(tenant=tenant):  # the middleware leaves /api/v1/ unscoped: the tenant comes from the path here
        queryset = public_directory(
            tenant, text=filters.q, legal_form=filters.legal_form, sphere=filters.sphere, opp=filters.opp
        )
        count = queryset.count()
        items = public_page(tenant, queryset, filters.offset, filters.limit)
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": items}


@router.get(
    "/{tenant_slug}/organisations/{id}",
    response={200: OrganisationOut, **ERROR_RESPONSES},
    summary=_describe(_("One organisation of a local government's directory")),
    description=_describe(_("An active organisation listed in the directory; 404 if it is not (or no longer) there.")),
)
def get_organisation(request: HttpRequest, tenant_slug: str, id: int) -> Any:
    """An active organisation listed in the directory; 404 if it is not (or no longer) there."""
    tenant = tenant_for_request(tenant_slug, user=request.user)
    with scope(tenant=tenant):  # the middleware leaves /api/v1/ unscoped: the tenant comes from the path here
        record = public_record(tenant, id)
    if record is None:
        raise Http404
    return record
