"""Reads of the public grants register (rejestr dotacji): the page, the open data files and the API.

Only rows with `published_at` set (the results were published) of the asked tenant ever leave the
platform, and only the columns listed in `PUBLIC_FIELDS`. The queries go through the model's
base manager with an explicit tenant filter (never the scoped `objects`), so they are safe
outside a request scope: streamed responses, the API, the benchmark.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django.db.models import CharField, Count, F, Func, Q, QuerySet, Sum, Value
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from pozytek.grants.models import Grant
from pozytek.grants.states import GrantStatus
from pozytek.legal.models import SphereOfPublicTasks
from pozytek.tenants.models import Tenant
from pozytek.tenants.states import TenantState

# Public fields in the order of the export columns (and the keys of the API's items): stable names.
PUBLIC_FIELDS = (
    "id",
    "year",
    "organisation_id",
    "organisation_name",
    "task_title",
    "source",
    "call_id",
    "call_number",
    "call_title",
    "mode",
    "sphere_code",
    "sphere_name",
    "amount_awarded",
    "amount_settled",
    "status",
    "decision_number",
    "published_at",
)


class IsoTimestamp(Func):
    """A timestamp as ISO 8601 text in UTC to the second ("2027-03-01T09:30:00+00:00"), made by the
    database: the exports write it as it comes (parsing a timestamp per row in Python, then
    formatting it again, cost more than everything else of a CSV row)."""

    output_field = CharField()
    function = "strftime"

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        # SQLite stores UTC text. The format goes in as a parameter: a literal "%Y" in the SQL breaks
        # Django's logging of the query under DEBUG (it interpolates the SQL with "%").
        fmt = Func(Value("%Y-%m-%dT%H:%M:%S+00:00"), *self.get_source_expressions(), function="strftime")
        return fmt.as_sql(compiler, connection, **extra_context)

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')"
        return self.as_sql(compiler, connection, template=template, **extra_context)


class AmountText(Func):
    """An amount as text with two decimals ("1234.50"), made by the database: CSV and JSON write it as it
    comes (`str()` of a Decimal per row was the largest cost of a CSV row in Python). NULL stays NULL."""

    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        # SQLite keeps decimals as numbers; printf gives the two decimals (the format goes in as a parameter).
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"CASE WHEN {sql} IS NULL THEN NULL ELSE printf(%s, {sql}) END", (*params, "%.2f", *params)

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        # numeric(12, 2) keeps its scale as text: 1234.50 → '1234.50'.
        return self.as_sql(compiler, connection, template="(%(expressions)s)::text", **extra_context)


# What values_list reads for each public field, in the same order (tuples come in this order).
_LOOKUPS: dict[str, Any] = {
    "call_number": "call__number",
    "call_title": "call__title",
    "sphere_code": "sphere__code",
    "sphere_name": "sphere__short_name",
    "published_at": IsoTimestamp("published_at"),
}
COLUMNS: tuple[Any, ...] = tuple(_LOOKUPS.get(name, name) for name in PUBLIC_FIELDS)
# The same with the amounts as text, for the CSV and JSON files (the XLSX needs numbers).
TEXT_AMOUNT_COLUMNS: tuple[Any, ...] = tuple(
    AmountText(F(name)) if name in ("amount_awarded", "amount_settled") else column
    for name, column in zip(PUBLIC_FIELDS, COLUMNS, strict=True)
)
# Indexes of the free-text columns (a spreadsheet could take them for formulas) and of the amounts.
TEXT_COLUMNS = tuple(
    PUBLIC_FIELDS.index(n) for n in ("organisation_name", "task_title", "call_number", "call_title", "decision_number")
)
AMOUNT_COLUMNS = tuple(PUBLIC_FIELDS.index(n) for n in ("amount_awarded", "amount_settled"))

ORDERING = ("-year", "organisation_name", "id")
EXPORT_CHUNK_SIZE = 2000

# What each public field means: shown on the register page and in the OpenAPI document.
FIELD_DESCRIPTIONS = {
    "id": _("Identifier of the grant in the register; it does not change."),
    "year": _("Year in which the task starts."),
    "organisation_id": _("Identifier of the organisation on the platform (as in the directory's open data)."),
    "organisation_name": _("Name of the organisation when the grant was awarded."),
    "task_title": _("Title of the public task."),
    "source": _("How the grant was given: competition (open competition) or small_grant (outside competition)."),
    "call_id": _("Identifier of the call for offers on the platform, if the grant comes from a competition."),
    "call_number": _("Number of the call for offers."),
    "call_title": _("Title of the call for offers."),
    "mode": _("Mode of the task: support (supporting) or entrust (entrusting)."),
    "sphere_code": _("Sphere of public tasks: point number of art. 4 ust. 1 of the Act."),
    "sphere_name": _("Sphere of public tasks, in words."),
    "amount_awarded": _("Grant awarded, in PLN, with a decimal point and two decimal places."),
    "amount_settled": _("Grant settled after the final report, in PLN; empty until the grant is settled."),
    "status": _("Status: awarded, update (offer update in progress), agreement, settled or withdrawn."),
    "decision_number": _("Number of the decision (order) that awarded the grant."),
    "published_at": _("When the grant was published in the register (ISO 8601, with time zone)."),
}
# The licence of the register's data (shown on the page and in the JSON file).
OPEN_DATA_LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/legalcode.pl"}

MAX_QUERY_LENGTH = 200
CENT = Decimal("0.01")


@dataclass(frozen=True)
class RegisterFilters:
    """The register's filters, already validated (the view and the API parse their input)."""

    year: int | None = None
    sphere: str = ""
    status: str = ""
    mode: str = ""
    call: int | None = None
    query: str = ""

    def as_params(self) -> dict[str, str]:
        """The filters as query-string parameters (the names the page's form and the exports use)."""
        params = {
            "year": "" if self.year is None else str(self.year),
            "sphere": self.sphere,
            "status": self.status,
            "mode": self.mode,
            "call": "" if self.call is None else str(self.call),
            "q": self.query,
        }
        return {key: value for key, value in params.items() if value}


@dataclass(frozen=True)
class Totals:
    count: int
    awarded: Decimal
    settled: Decimal


def _published(tenant: Tenant) -> QuerySet[Grant]:
    return Grant._base_manager.filter(tenant_id=tenant.pk, published_at__isnull=False)


def public_grants(
    tenant: Tenant,
    *,
    year: int | None = None,
    sphere: str = "",
    status: str = "",
    mode: str = "",
    call: int | None = None,
    query: str = "",
) -> QuerySet[Grant]:
    """The tenant's published grants with the filters, newest year first, then by organisation."""
    grants = _published(tenant)
    if year is not None:
        grants = grants.filter(year=year)
    if sphere:
        grants = grants.filter(sphere__code=sphere)
    if status:
        grants = grants.filter(status=status)
    if mode:
        grants = grants.filter(mode=mode)
    if call is not None:
        grants = grants.filter(call_id=call)
    for word in query.split()[:10]:
        grants = grants.filter(
            Q(organisation_name__icontains=word) | Q(task_title__icontains=word) | Q(call__title__icontains=word)
        )
    return grants.order_by(*ORDERING)


def filtered_grants(tenant: Tenant, filters: RegisterFilters) -> QuerySet[Grant]:
    return public_grants(
        tenant,
        year=filters.year,
        sphere=filters.sphere,
        status=filters.status,
        mode=filters.mode,
        call=filters.call,
        query=filters.query,
    )


def register_totals(grants: QuerySet[Grant]) -> Totals:
    """Count and sums of awarded and settled amounts of `grants`, computed in the database."""
    row = grants.order_by().aggregate(count=Count("id"), awarded=Sum("amount_awarded"), settled=Sum("amount_settled"))
    return Totals(count=row["count"], awarded=_money(row["awarded"]), settled=_money(row["settled"]))


def _money(value: Decimal | None) -> Decimal:
    """A sum to two decimal places (SQLite's SUM of decimals comes back as a float-like Decimal)."""
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


def public_rows(grants: QuerySet[Grant], *, text_amounts: bool = False) -> QuerySet[Grant, tuple[Any, ...]]:
    """The public columns of `grants` as tuples in the order of `PUBLIC_FIELDS` (no model instances);
    `text_amounts`: the amounts as text with two decimals instead of Decimal."""
    columns = TEXT_AMOUNT_COLUMNS if text_amounts else COLUMNS
    return cast("QuerySet[Grant, tuple[Any, ...]]", grants.values_list(*columns))


def as_record(row: Sequence[Any]) -> dict[str, Any]:
    """A row of `public_rows` as a dict keyed by the public field names."""
    return dict(zip(PUBLIC_FIELDS, row, strict=True))


def public_records(grants: QuerySet[Grant]) -> list[dict[str, Any]]:
    """`grants` (a slice, e.g. a page) as public records."""
    return [as_record(row) for row in public_rows(grants)]


def iter_public_rows(
    grants: QuerySet[Grant], chunk_size: int = EXPORT_CHUNK_SIZE, *, text_amounts: bool = False
) -> Iterator[tuple[Any, ...]]:
    """Every row of `grants`, read with a server-side cursor on PostgreSQL: memory stays flat."""
    return public_rows(grants, text_amounts=text_amounts).iterator(chunk_size=chunk_size)


def register_years(tenant: Tenant) -> list[int]:
    """Years present in the tenant's published grants, newest first."""
    years = _published(tenant).order_by("-year").values_list("year", flat=True).distinct()
    return list(years)


def register_spheres(tenant: Tenant) -> list[tuple[str, str]]:
    """Spheres present in the tenant's published grants as (point code, label), in the Act's order."""
    ids = _published(tenant).filter(sphere__isnull=False).values("sphere_id")
    choices: dict[str, str] = {}
    for sphere in SphereOfPublicTasks.objects.filter(pk__in=ids).order_by("order", "code", "-valid_from"):
        choices.setdefault(sphere.code, str(sphere))
    return list(choices.items())


def status_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in GrantStatus.choices]


def grants_of_organisation(organisation: Any, tenant: Tenant) -> list[dict[str, Any]]:
    """The organisation's published grants in one local government, newest first."""
    return _history(_published(tenant).filter(organisation_id=organisation.pk))


def grants_of_organisation_across_tenants(organisation: Any) -> list[dict[str, Any]]:
    """The organisation's cooperation history on its profile: its published grants in every published local
    government, newest first, with the local government's name and slug. Crosses tenants on purpose (the
    register is public), filtered by the organisation."""
    with scopes_disabled():
        grants = Grant.objects.filter(
            organisation_id=organisation.pk, published_at__isnull=False, tenant__state=TenantState.PUBLISHED
        )
    return _history(grants)


def _history(grants: QuerySet[Grant]) -> list[dict[str, Any]]:
    rows = grants.order_by("-year", "tenant__name", "id").values_list(*COLUMNS, "tenant__name", "tenant__slug")
    history = []
    for row in rows:
        record = as_record(row[: len(PUBLIC_FIELDS)])
        record["tenant_name"], record["tenant_slug"] = row[len(PUBLIC_FIELDS) :]
        history.append(record)
    return history
