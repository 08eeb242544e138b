"""Offers answering a Sport Act call are on the Sport Act route, with their call: the constraint admits a call
on both routes that have one, and offers stored on the competition route for a Sport Act call move over."""

from django.db import migrations, models


def sport_offers_on_their_route(apps, schema_editor):
    Offer = apps.get_model("offers", "Offer")
    Offer._base_manager.filter(route="competition", call__route="sport").update(route="sport")


class Migration(migrations.Migration):
    dependencies = [
        ("competitions", "0007_call_sport_act"),
        ("offers", "0005_simplified_offer_cost_grant"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="offer", name="offer_call_iff_competition"),
        migrations.RunPython(sport_offers_on_their_route, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="offer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("route__in", ("competition", "sport")), ("call__isnull", False)),
                    models.Q(models.Q(("route__in", ("competition", "sport")), _negated=True), ("call__isnull", True)),
                    _connector="OR",
                ),
                name="offer_call_iff_call_route",
            ),
        ),
    ]
