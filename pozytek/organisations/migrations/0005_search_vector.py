"""PostgreSQL only: a word index (tsvector of the folded search text) for fast prefix search.

A stored generated column keeps itself up to date on every insert and update, and has column
statistics, so the planner can estimate how many organisations a word matches. Django does not
know the column (SQLite has no tsvector); the `words` lookup in lookups.py refers to it.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE organisations_organisation ADD COLUMN IF NOT EXISTS search_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS organisation_search_vector ON organisations_organisation USING gin (search_vector)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE organisations_organisation DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("organisations", "0004_organisation_representation")]
    operations = [migrations.RunPython(forwards, backwards)]
