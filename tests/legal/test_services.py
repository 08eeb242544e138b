import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pozytek.core.models import AuditEvent
from pozytek.legal.selectors import legal_value
from pozytek.legal.services import add_legal_parameter_value

pytestmark = pytest.mark.integration

KWARGS = {"key": "small_grant.max_amount", "name": "Maksymalna kwota", "unit": "pln"}


def test_platform_admin_adds_a_dated_value_with_audit(platform_admin):
    row = add_legal_parameter_value(
        actor=platform_admin, value=Decimal(25000), effective_from=dt.date(2030, 1, 1), **KWARGS
    )

    assert legal_value("small_grant.max_amount", on=dt.date(2030, 1, 1)) == Decimal(25000)
    assert legal_value("small_grant.max_amount", on=dt.date(2029, 12, 31)) == Decimal(20000)
    assert AuditEvent.objects.get(subject_id=str(row.pk)).action == "legalparameter.add"


def test_non_admin_cannot_change_the_law(official):
    with pytest.raises(PermissionDenied):
        add_legal_parameter_value(actor=official, value=Decimal(1), effective_from=dt.date(2030, 1, 1), **KWARGS)


@pytest.mark.parametrize(
    ("value", "day", "field"),
    [(Decimal(-1), dt.date(2030, 1, 1), "value"), (Decimal(5), dt.date(2026, 9, 1), "effective_from")],
)
def test_invalid_values_are_refused_with_a_field_error(platform_admin, value, day, field):
    with pytest.raises(ValidationError) as excinfo:
        add_legal_parameter_value(actor=platform_admin, value=value, effective_from=day, **KWARGS)

    assert list(excinfo.value.message_dict) == [field]
