"""Each search term's first sort name: where the directory's walk in name order starts (issue 16).

A broad search (over 1,000 matches) shows its first page by walking the active organisations in name
order; when all its matches sort late (a misspelt "stowarzyszenie" corrected to words found only from
"Oddział Stowarzyszenia …" on) the walk passed every earlier name. It now starts at the latest of the
query words' first names (search_terms.py), which no match sorts before.
"""

from django.db import migrations, models


def fill_first_names(apps, schema_editor):
    from pozytek.organisations.search_terms import remember_words  # noqa: PLC0415 -- migration-time import

    Organisation = apps.get_model("organisations", "Organisation")
    SearchTerm = apps.get_model("organisations", "SearchTerm")
    # "" is below every name: start from the real first names, then lower them to each organisation's.
    SearchTerm.objects.update(first_sort_name="\U0010ffff")
    rows = Organisation.objects.order_by("pk").values_list("search_text", "sort_name")
    batch: list[tuple[str, str]] = []
    for row in rows.iterator(chunk_size=2000):
        batch.append(row)
        if len(batch) == 2000:
            remember_words(batch)
            batch.clear()
    remember_words(batch)
    SearchTerm.objects.filter(first_sort_name="\U0010ffff").update(first_sort_name="")


class Migration(migrations.Migration):
    dependencies = [("organisations", "0006_directory_search_indexes")]
    operations = [
        migrations.AddField(
            model_name="searchterm",
            name="first_sort_name",
            field=models.CharField(default="", editable=False, max_length=300),
        ),
        migrations.RunPython(fill_first_names, migrations.RunPython.noop),
    ]
