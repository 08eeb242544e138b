"""Reads of the law as data: the value of a legal parameter on a day, reference lists."""

import datetime as dt
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from pozytek.legal.models import LegalForm, LegalParameter, SphereOfPublicTasks


class LegalParameterMissing(LookupError):
    """No value of the parameter is in force on the requested day."""


def _in_force(row: LegalParameter | None, day: dt.date) -> bool:
    """The latest row started on or before `day`; a rule repealed without a new value ends on `valid_to`."""
    return row is not None and (row.valid_to is None or day <= row.valid_to)


def legal_parameter(key: str, *, on: dt.date | None = None, tenant: object | None = None) -> LegalParameter:
    """The row of `key` in force on `on` (today in Warsaw by default); a tenant's own row wins."""
    day = on or timezone.localdate()
    rows = LegalParameter.objects.filter(key=key, effective_from__lte=day).order_by("-effective_from")
    tenant_id = getattr(tenant, "pk", None)
    if tenant_id is not None:
        own = rows.filter(tenant_id=tenant_id).first()
        if own is not None and _in_force(own, day):
            return own
    row = rows.filter(tenant=None).first()
    if row is None or not _in_force(row, day):
        raise LegalParameterMissing(f"No value of {key!r} is in force on {day.isoformat()}.")
    return row


def legal_value(key: str, *, on: dt.date | None = None, tenant: object | None = None) -> Decimal:
    """The value of the legal parameter `key` in force on `on`."""
    return legal_parameter(key, on=on, tenant=tenant).value


def legal_days(key: str, *, on: dt.date | None = None, tenant: object | None = None) -> int:
    """A day-count parameter as an int."""
    return int(legal_value(key, on=on, tenant=tenant))


def parameters_in_force(*, on: dt.date | None = None) -> list[LegalParameter]:
    """Every national parameter's row in force on `on`, one per key, by key."""
    day = on or timezone.localdate()
    current: dict[str, LegalParameter] = {}
    for row in LegalParameter.objects.filter(tenant=None, effective_from__lte=day).order_by("key", "-effective_from"):
        current.setdefault(row.key, row)
    return [row for row in current.values() if _in_force(row, day)]


def spheres_in_force(*, on: dt.date | None = None) -> QuerySet[SphereOfPublicTasks]:
    """Spheres of art. 4 valid on `on`, in the order of the Act."""
    day = on or timezone.localdate()
    return SphereOfPublicTasks.objects.filter(valid_from__lte=day).filter(Q(valid_to=None) | Q(valid_to__gte=day))


def legal_forms() -> QuerySet[LegalForm]:
    return LegalForm.objects.all()
