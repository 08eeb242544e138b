"""Writes of legal parameters: a new dated row, audited, never an in-place change of the past."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pozytek.core.audit import record_event
from pozytek.legal.models import LegalParameter, ParameterKind


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
    kind: str = ParameterKind.STATUTORY,
    valid_to: dt.date | None = None,
) -> LegalParameter:
    """Record a new value of a national legal parameter from `effective_from` (platform admin only)."""
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only a platform administrator can change legal parameters."))
    if value < 0:
        raise ValidationError({"value": _("The value cannot be negative.")})
    if valid_to is not None and valid_to < effective_from:
        raise ValidationError({"valid_to": _("The last day cannot be before the first day.")})
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
        kind=kind,
        valid_to=valid_to,
    )
    record_event(
        actor=actor,
        subject=row,
        action="legalparameter.add",
        data={"key": key, "value": str(value), "effective_from": effective_from.isoformat()},
    )
    return row
