"""The public grants register (rejestr dotacji) of a local government: the page and its open data.

The page, CSV, XLSX and JSON share the filters of the page's GET form (values that are not valid
are ignored, as on the list of calls). CSV and JSON are streamed; see exports.py.
"""

import re
from collections.abc import Mapping
from typing import Any, cast

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from pozytek.competitions.states import CallMode
from pozytek.core.db_router import replica_reads
from pozytek.grants.exports import XLSX_CONTENT_TYPE, csv_chunks, file_name, json_chunks, xlsx_file
from pozytek.grants.models import Grant
from pozytek.grants.selectors import (
    FIELD_DESCRIPTIONS,
    MAX_QUERY_LENGTH,
    OPEN_DATA_LICENCE,
    PUBLIC_FIELDS,
    RegisterFilters,
    filtered_grants,
    public_records,
    register_spheres,
    register_totals,
    register_years,
    status_choices,
)
from pozytek.grants.states import GrantSource, GrantStatus
from pozytek.grants.sub_grants import sub_grants_of
from pozytek.tenants.http import current_tenant

PAGE_SIZE = 50
_SPHERE_CODE = re.compile(r"^[0-9]{1,3}[a-z]{0,2}$")


def _int(value: str | None, *, low: int, high: int) -> int | None:
    if not value or not value.isdigit() or len(value) > 9:
        return None
    number = int(value)
    return number if low <= number <= high else None


def register_filters(params: Mapping[str, str]) -> RegisterFilters:
    """The filters in a query string; anything not valid is left out (never an error page)."""
    sphere = params.get("sphere", "").strip()
    status = params.get("status", "")
    mode = params.get("mode", "")
    return RegisterFilters(
        year=_int(params.get("year"), low=1990, high=2200),
        sphere=sphere if _SPHERE_CODE.match(sphere) else "",
        status=status if status in GrantStatus.values else "",
        mode=mode if mode in CallMode.values else "",
        call=_int(params.get("call"), low=1, high=2**31 - 1),
        query=" ".join(params.get("q", "").split())[:MAX_QUERY_LENGTH],
    )


@replica_reads
def register(request: HttpRequest, tenant_slug: str) -> HttpResponse:
    tenant = current_tenant(request)
    filters = register_filters(request.GET)
    grants = filtered_grants(tenant, filters)
    page = Paginator(grants, PAGE_SIZE).get_page(request.GET.get("page"))
    spheres = register_spheres(tenant)
    sphere_names = {code: label.removeprefix(f"{code}. ") for code, label in spheres}
    rows = [_labelled(record, sphere_names) for record in public_records(cast("QuerySet[Grant]", page.object_list))]
    # Micro-grants of regranting operators (art. 16a), listed under the operator's grant.
    given = sub_grants_of(tenant, [row["id"] for row in rows])
    for row in rows:
        row["sub_grants"] = given.get(row["id"], [])
    context = {
        "page_obj": page,
        "rows": rows,
        "totals": register_totals(grants),
        "query_string": urlencode(filters.as_params()),
        "filters": filters,
        "years": register_years(tenant),
        "spheres": spheres,
        "statuses": status_choices(),
        "modes": list(CallMode.choices),
        "fields": [(name, FIELD_DESCRIPTIONS[name]) for name in PUBLIC_FIELDS],
        "licence": OPEN_DATA_LICENCE,
    }
    return render(request, "grants/register.html", context)


def _labelled(record: dict[str, Any], sphere_names: dict[str, str]) -> dict[str, Any]:
    """A public record with the labels of its sphere, mode, source and status (in the request's language)."""
    return {
        **record,
        "sphere_label": sphere_names.get(record["sphere_code"], record["sphere_name"]),
        "mode_label": CallMode(record["mode"]).label if record["mode"] in CallMode.values else "",
        "source_label": GrantSource(record["source"]).label if record["source"] in GrantSource.values else "",
        "status_label": GrantStatus(record["status"]).label if record["status"] in GrantStatus.values else "",
    }


@replica_reads
def register_csv(request: HttpRequest, tenant_slug: str) -> StreamingHttpResponse:
    tenant = current_tenant(request)
    grants = filtered_grants(tenant, register_filters(request.GET))
    response = StreamingHttpResponse(csv_chunks(grants), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name(tenant, "csv")}"'
    return response


@replica_reads
def register_json(request: HttpRequest, tenant_slug: str) -> StreamingHttpResponse:
    tenant = current_tenant(request)
    filters = register_filters(request.GET)
    grants = filtered_grants(tenant, filters)
    chunks = json_chunks(tenant, grants, filters=filters, totals=register_totals(grants))
    response = StreamingHttpResponse(chunks, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name(tenant, "json")}"'
    return response


@replica_reads
def register_xlsx(request: HttpRequest, tenant_slug: str) -> FileResponse:
    tenant = current_tenant(request)
    grants = filtered_grants(tenant, register_filters(request.GET))
    return FileResponse(
        xlsx_file(grants), as_attachment=True, filename=file_name(tenant, "xlsx"), content_type=XLSX_CONTENT_TYPE
    )
