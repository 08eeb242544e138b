"""Correct the legal parameters after the check against sources (DOMAIN.md §14, December 2026).

Wrong paragraphs (art. 19a ust. 4 for comments, art. 44 ust. 4, art. 46 ust. 3, art. 251 ust. 3 of
the Public Finance Act), confirmed values no longer "to be verified", the final report in art. 18
ust. 1 of the Act, the 90-day small-grant limit ending on 31 August 2026, the consultation length
as a default each local government sets by resolution, and legal bases that cite only their act.
Only the reference rows (their key and date) are touched: rows a platform admin added stay as they are.
"""

from django.db import migrations


def correct(apps, schema_editor):
    from pozytek.legal.reference_data import (  # noqa: PLC0415 -- migration-time import
        LEGAL_PARAMETERS,
        PARAMETER_KINDS,
        VALID_TO,
    )

    legal_parameter = apps.get_model("legal", "LegalParameter")
    for key, name, _unit, _value, effective_from, basis, verify, note in LEGAL_PARAMETERS:
        legal_parameter.objects.filter(key=key, effective_from=effective_from, tenant=None).update(
            name=name,
            legal_basis=basis,
            needs_verification=verify,
            note=note,
            kind=PARAMETER_KINDS.get(key, "statutory"),
            valid_to=VALID_TO.get((key, effective_from)),
        )


class Migration(migrations.Migration):
    dependencies = [("legal", "0006_parameter_kind_and_valid_to")]
    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
