"""The simplified offer of art. 19a (Dz.U. 2018 poz. 2055): a cost line may carry the part of its value paid
from the grant ("z tego z dotacji"), and a cost of that list has no unit of measure. Nothing to fill in:
existing lines are full-offer lines (no grant part, a unit)."""

from decimal import Decimal

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0004_funding_route"),
    ]

    operations = [
        migrations.AddField(
            model_name="costline",
            name="grant",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=12,
                null=True,
                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                verbose_name="of which from the grant",
            ),
        ),
        migrations.AlterField(
            model_name="costline",
            name="unit",
            field=models.CharField(blank=True, max_length=50, verbose_name="unit of measure"),
        ),
        migrations.AddConstraint(
            model_name="costline",
            constraint=models.CheckConstraint(
                condition=models.Q(("grant__isnull", True), ("grant__gte", 0), _connector="OR"),
                name="costline_grant_not_negative",
            ),
        ),
    ]
