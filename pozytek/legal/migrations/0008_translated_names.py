"""English and Ukrainian names of the spheres of public tasks and of the legal forms (the Polish ones stay)."""

from django.db import migrations, models


def translate(apps, schema_editor):
    from pozytek.legal.reference_data import translate_reference_names  # noqa: PLC0415 -- migration-time import

    translate_reference_names(apps.get_model("legal", "SphereOfPublicTasks"), apps.get_model("legal", "LegalForm"))


class Migration(migrations.Migration):
    dependencies = [("legal", "0007_correct_parameters_from_sources")]
    operations = [
        migrations.AddField(
            model_name="sphereofpublictasks",
            name="short_name_en",
            field=models.CharField(blank=True, max_length=150, verbose_name="short name in English"),
        ),
        migrations.AddField(
            model_name="sphereofpublictasks",
            name="short_name_uk",
            field=models.CharField(blank=True, max_length=150, verbose_name="short name in Ukrainian"),
        ),
        migrations.AddField(
            model_name="legalform",
            name="name_en",
            field=models.CharField(blank=True, max_length=150, verbose_name="name in English"),
        ),
        migrations.AddField(
            model_name="legalform",
            name="name_uk",
            field=models.CharField(blank=True, max_length=150, verbose_name="name in Ukrainian"),
        ),
        migrations.RunPython(translate, migrations.RunPython.noop),
    ]
