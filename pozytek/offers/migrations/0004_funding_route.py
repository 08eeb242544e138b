"""Funding routes: an offer answers a route (open competition, small grant, an operator's sub-call, local
initiative, Sport Act call); only a competition's offer has a call. Existing offers are competitions (the
default fills them)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("legal", "0005_report_and_consultation_parameters"),
        ("offers", "0003_offer_update_states"),
    ]

    operations = [
        migrations.AddField(
            model_name="offer",
            name="route",
            field=models.CharField(
                choices=[
                    ("competition", "Open competition (art. 11–15)"),
                    ("small_grant", "Outside competition (art. 19a)"),
                    ("sub_call", "An operator's call (regranting, art. 16a)"),
                    ("local_initiative", "Local initiative (art. 19b–19h)"),
                    ("sport", "Sport Act call (art. 28 of the Sport Act)"),
                ],
                default="competition",
                max_length=20,
                verbose_name="funding route",
            ),
        ),
        migrations.AddField(
            model_name="offer",
            name="mode",
            field=models.CharField(
                blank=True,
                choices=[
                    ("support", "Supporting the task (wspieranie)"),
                    ("entrust", "Entrusting the task (powierzanie)"),
                ],
                max_length=20,
                verbose_name="mode",
            ),
        ),
        migrations.AddField(
            model_name="offer",
            name="sphere",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="legal.sphereofpublictasks",
                verbose_name="sphere of public tasks",
            ),
        ),
        migrations.AlterField(
            model_name="offer",
            name="call",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="offers",
                to="competitions.call",
            ),
        ),
        migrations.AddConstraint(
            model_name="offer",
            constraint=models.CheckConstraint(
                condition=models.Q(models.Q(("route", "competition"), ("call__isnull", False)))
                | models.Q(models.Q(("route", "competition"), _negated=True), ("call__isnull", True)),
                name="offer_call_iff_competition",
            ),
        ),
    ]
