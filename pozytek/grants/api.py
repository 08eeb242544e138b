"""Read-only API of the grants registers: the same public fields as the open data files.

Registered on the platform's API (`pozytek.openapi.api`): GET /api/v1/grants/?tenant=<slug>.
The tenant is a query parameter, so the middleware does not resolve it: the endpoint does, with
`tenant_for_request` (unknown or unpublished → JSON 404). Queries use the base manager with an
explicit tenant filter (see selectors), so no scope is needed. Errors (404, 422) and the bounds of
the pagination are `pozytek.core.api_schemas`'.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from pozytek.competitions.states import CallMode
from pozytek.core.api_schemas import ERROR_RESPONSES, MAX_ID, MAX_OFFSET, NO_NUL
from pozytek.grants.exports import json_record
from pozytek.grants.selectors import (
    FIELD_DESCRIPTIONS,
    MAX_QUERY_LENGTH,
    filtered_grants,
    public_rows,
    register_totals,
)
from pozytek.grants.selectors import RegisterFilters as Filters
from pozytek.grants.states import GrantStatus
from pozytek.tenants.selectors import tenant_for_request

MAX_LIMIT = 500
DEFAULT_LIMIT = 100

router = Router(tags=["grants"])


def _describe(text: Any) -> str:
    """Descriptions in the OpenAPI document, in the platform's language (stable for every request)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def _field(name: str, default: Any = ...) -> Any:
    return Field(default, description=_describe(FIELD_DESCRIPTIONS[name]))


class GrantOut(Schema):
    id: int = _field("id")
    year: int = _field("year")
    organisation_id: int = _field("organisation_id")
    organisation_name: str = _field("organisation_name")
    task_title: str = _field("task_title")
    source: str = _field("source")
    call_id: int | None = _field("call_id")
    call_number: str | None = _field("call_number")
    call_title: str | None = _field("call_title")
    mode: str = _field("mode")
    sphere_code: str | None = _field("sphere_code")
    sphere_name: str | None = _field("sphere_name")
    amount_awarded: str = _field("amount_awarded")
    amount_settled: str | None = _field("amount_settled")
    status: str = _field("status")
    decision_number: str = _field("decision_number")
    published_at: str = _field("published_at")


class TotalsOut(Schema):
    count: int = Field(description=_describe(_("Number of grants matching the filters.")))
    amount_awarded: str = Field(description=_describe(_("Sum of the grants awarded, in PLN.")))
    amount_settled: str = Field(description=_describe(_("Sum of the grants settled, in PLN.")))


class GrantPage(Schema):
    count: int = Field(description=_describe(_("Number of grants matching the filters.")))
    limit: int = Field(description=_describe(_("Page size used.")))
    offset: int = Field(description=_describe(_("Position of the first item in the whole result.")))
    totals: TotalsOut
    items: list[GrantOut]


class GrantFilters(Schema):
    tenant: str = Field(
        ..., max_length=100, description=_describe(_("Address (slug) of the local government, e.g. leszno."))
    )
    year: int | None = Field(None, ge=1990, le=2200, description=_describe(_("Year in which the task starts.")))
    sphere: str = Field(
        "", max_length=10, pattern=NO_NUL, description=_describe(_("Point of art. 4 ust. 1 of the Act, e.g. 1, 32a."))
    )
    status: GrantStatus | None = Field(None, description=_describe(FIELD_DESCRIPTIONS["status"]))
    mode: CallMode | None = Field(None, description=_describe(FIELD_DESCRIPTIONS["mode"]))
    call: int | None = Field(None, ge=1, le=MAX_ID, description=_describe(_("Identifier of the call for offers.")))
    q: str = Field(
        "",
        max_length=MAX_QUERY_LENGTH,
        pattern=NO_NUL,
        description=_describe(_("Words of the organisation's name, task or call.")),
    )
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=_describe(_("Page size, at most %(max)s.")) % {"max": MAX_LIMIT}
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description=_describe(_("Number of grants to skip.")))


@router.get(
    "/grants/",
    response={200: GrantPage, **ERROR_RESPONSES},
    summary=_describe(_("Grants register of a local government")),
    description=_describe(
        _(
            "Published grants of a local government, newest year first, with filters and totals; "
            "paginated with limit and offset. Amounts are strings with a decimal point."
        )
    ),
)
def list_grants(request: HttpRequest, filters: Query[GrantFilters]) -> Any:
    """Published grants of a local government, with filters and totals; paginated with limit and offset."""
    tenant = tenant_for_request(filters.tenant, user=request.user)
    selected = Filters(
        year=filters.year,
        sphere=filters.sphere.strip(),
        status="" if filters.status is None else filters.status.value,
        mode="" if filters.mode is None else filters.mode.value,
        call=filters.call,
        query=" ".join(filters.q.split()),
    )
    grants = filtered_grants(tenant, selected)
    totals = register_totals(grants)
    rows = public_rows(grants[filters.offset : filters.offset + filters.limit], text_amounts=True)
    return {
        "count": totals.count,
        "limit": filters.limit,
        "offset": filters.offset,
        "totals": {
            "count": totals.count,
            "amount_awarded": str(totals.awarded),
            "amount_settled": str(totals.settled),
        },
        "items": [json_record(row) for row in rows],
    }
