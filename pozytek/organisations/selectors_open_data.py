"""Reads of the open data of a directory: the public fields of organisations, for exports and the API.

Only the fields listed in `PUBLIC_FIELDS` ever leave the platform this way: never the bank
account, office notes, claims, members or the search text, and only active organisations
listed in the tenant's directory (`in_directory_of`). Nothing here touches a tenant-scoped
manager, so the functions are safe outside a request scope (streamed responses, the API).
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, cast

from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext_lazy as _

from pozytek.organisations.models import Organisation
from pozytek.organisations.selectors import in_directory_of, match_text
from pozytek.tenants.models import Tenant

# Public fields in the order of the columns of the exports (and the keys of the API's items).
PUBLIC_FIELDS = (
    "id",
    "name",
    "short_name",
    "legal_form",
    "legal_form_name",
    "krs",
    "nip",
    "regon",
    "register_number",
    "opp",
    "opp_since",
    "spheres",
    "districts",
    "email",
    "phone",
    "website",
    "street",
    "postal_code",
    "city",
    "description",
    "updated_at",
)
# Columns read with `values()` (public name -> lookup); spheres and districts are added per chunk.
_LOOKUPS = {"legal_form": "legal_form__slug", "legal_form_name": "legal_form__name"}
_COLUMNS = tuple(_LOOKUPS.get(f, f) for f in PUBLIC_FIELDS if f not in ("spheres", "districts"))

EXPORT_CHUNK_SIZE = 2000

# What each public field means: shown on the open data page and in the OpenAPI document.
FIELD_DESCRIPTIONS = {
    "id": _("Identifier of the organisation on the platform; it does not change."),
    "name": _("Full name."),
    "short_name": _("Short name, if any."),
    "legal_form": _("Legal form as a stable identifier, e.g. fundacja, stowarzyszenie."),
    "legal_form_name": _("Legal form, in words."),
    "krs": _("Number in the National Court Register (KRS), 10 digits."),
    "nip": _("Tax identification number (NIP), 10 digits."),
    "regon": _("Statistical number (REGON), 9 or 14 digits."),
    "register_number": _("Number in the starosta's register (ordinary associations, sports clubs)."),
    "opp": _("Whether it is a public benefit organisation (OPP)."),
    "opp_since": _("Date of the public benefit status (YYYY-MM-DD), if known."),
    "spheres": _("Spheres of public tasks it works in: point numbers of art. 4 ust. 1 of the Act."),
    "districts": _("Districts of this local government in which it works."),
    "email": _("Public e-mail address."),
    "phone": _("Public telephone number."),
    "website": _("Website."),
    "street": _("Street and number of the seat."),
    "postal_code": _("Postal code of the seat."),
    "city": _("Town of the seat."),
    "description": _("Description written by the organisation or the office."),
    "updated_at": _("When the record last changed (ISO 8601, with time zone)."),
}
# The licence of the data sets and the API (shown on the open data page and in the JSON file).
OPEN_DATA_LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/legalcode.pl"}

SphereThrough = Organisation.spheres.through
DistrictThrough = Organisation.districts.through


def public_directory(
    tenant: Tenant, *, text: str = "", legal_form: str = "", sphere: str = "", opp: bool | None = None
) -> QuerySet[Organisation]:
    """The tenant's directory with the API's filters, by name; M2M filters as subqueries (no duplicates)."""
    queryset = in_directory_of(tenant)
    if text:
        queryset = match_text(queryset, text)
    if legal_form:
        queryset = queryset.filter(legal_form__slug=legal_form)
    if sphere:
        queryset = queryset.filter(
            id__in=SphereThrough.objects.filter(sphereofpublictasks__code=sphere).values("organisation_id")
        )
    if opp is not None:
        queryset = queryset.filter(opp=opp)
    return queryset.order_by("sort_name", "id")


def public_values(queryset: QuerySet[Organisation]) -> QuerySet[Organisation, dict[str, Any]]:
    """The public columns of `queryset` as dicts (without spheres and districts)."""
    return cast("QuerySet[Organisation, dict[str, Any]]", queryset.values(*_COLUMNS))


def with_relations(tenant: Tenant, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add sphere codes and the names of this tenant's districts to `rows`: two queries per call."""
    ids = [row["id"] for row in rows]
    spheres: dict[int, list[str]] = defaultdict(list)
    districts: dict[int, list[str]] = defaultdict(list)
    if ids:
        sphere_pairs = (
            SphereThrough.objects.filter(organisation_id__in=ids)
            .order_by("sphereofpublictasks__order", "sphereofpublictasks__code")
            .values_list("organisation_id", "sphereofpublictasks__code")
        )
        for organisation_id, code in sphere_pairs:
            spheres[organisation_id].append(code)
        district_pairs = (
            DistrictThrough.objects.filter(organisation_id__in=ids, district__tenant_id=tenant.pk)
            .order_by("district__name")
            .values_list("organisation_id", "district__name")
        )
        for organisation_id, name in district_pairs:
            districts[organisation_id].append(name)
    return [{field: _value(row, field, spheres, districts) for field in PUBLIC_FIELDS} for row in rows]


def _value(row: dict[str, Any], field: str, spheres: dict[int, list[str]], districts: dict[int, list[str]]) -> Any:
    if field == "spheres":
        return spheres.get(row["id"], [])
    if field == "districts":
        return districts.get(row["id"], [])
    return row[_LOOKUPS.get(field, field)]


def public_records(tenant: Tenant, chunk_size: int = EXPORT_CHUNK_SIZE) -> Iterator[dict[str, Any]]:
    """Every public record of the tenant's directory, read in chunks so memory stays flat."""
    rows = public_values(public_directory(tenant)).iterator(chunk_size=chunk_size)
    yield from _in_chunks(tenant, rows, chunk_size)


def _in_chunks(tenant: Tenant, rows: Iterable[dict[str, Any]], size: int) -> Iterator[dict[str, Any]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield from with_relations(tenant, chunk)
            chunk = []
    if chunk:
        yield from with_relations(tenant, chunk)


def public_record(tenant: Tenant, pk: int) -> dict[str, Any] | None:
    """One organisation of the tenant's directory as a public record, or None."""
    row = public_values(in_directory_of(tenant).filter(pk=pk)).first()
    return with_relations(tenant, [row])[0] if row else None


def public_page(tenant: Tenant, queryset: QuerySet[Organisation], offset: int, limit: int) -> list[dict[str, Any]]:
    """A slice of `queryset` as public records (one query for the rows, two for their relations)."""
    return with_relations(tenant, list(public_values(queryset)[offset : offset + limit]))


def open_data_summary(tenant: Tenant) -> dict[str, Any]:
    """How many organisations the data sets hold and when the newest of them changed."""
    return in_directory_of(tenant).aggregate(count=Count("id"), updated_at=Max("updated_at"))
