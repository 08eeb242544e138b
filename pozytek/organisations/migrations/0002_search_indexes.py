"""Trigram index for directory search on PostgreSQL (LIKE '% word%' and the %> operator).

SQLite needs neither: search there uses a Python function registered per connection.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS organisation_search_trgm ON organisations_organisation "
            "USING gin (search_text gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS organisation_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [TrigramExtension(), migrations.RunPython(create_index, drop_index)]
