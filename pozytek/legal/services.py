"""Writes of legal parameters: a new dated row, audited, never an in-place change of the past."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pozytek.core.audit import record_event
from pozytek.legal.models import LegalParameter


@transaction.atomic
def add_legal_parameter_value(
    *,
    actor: Any,
    key: str,
    value: Decimal,
    effective_from: dt.date,
    name: str,
    unit: str,
    legal_basis: str = "",
    needs_verification: bool = False,
    note: str = "",
) -> LegalParameter:
    """Record a new value of a national legal parameter from `effective_from` (platform admin only)."""
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only a platform administrator can change legal parameters."))
    if value < 0:
        raise ValidationError({"value": _("The value cannot be negative.")})
    if LegalParameter.objects.filter(key=key, effective_from=effective_from, tenant=None).exists():
        raise ValidationError({"effective_from": _("This parameter already has a value from this date.")})
    row = LegalParameter.objects.create(
        key=key,
        value=value,
        effective_from=effective_from,
        name=name,
        unit=unit,
        legal_basis=legal_basis,
        needs_verification=needs_verification,
        note=note,
    )
    record_event(
        actor=actor,
        subject=row,
        action="legalparameter.add",
        data={"key": key, "value": str(value), "effective_from": effective_from.isoformat()},
    )
    return row
