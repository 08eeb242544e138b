"""Indexes for the directory search at national scale (issue 16).

PostgreSQL only:
- `organisation_directory_walk`: a search with more matches than the count cap shows its first page
  by walking the active organisations in name order until it has twenty (`selectors.CappedResults`);
  the walk reads everything it tests from this index (name, id, legal form, OPP and the word
  vector), not one table row per organisation passed over.
- The two GIN indexes of search_text no longer buffer new entries in a pending list (`fastupdate`):
  every search scans that list in full until a vacuum merges it, so after an import of thousands
  of organisations each search paid for all of them.

Both databases: `organisation_spheres_by_sphere`, the organisations of a sphere of public tasks
from the index alone (the sphere filter read one table page per organisation).
"""

from django.db import migrations

GIN_INDEXES = ("organisation_search_vector", "organisation_search_trgm")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS organisation_directory_walk ON organisations_organisation "
        "(sort_name, id) INCLUDE (legal_form_id, opp, search_vector) WHERE state = 'active'"
    )
    for name in GIN_INDEXES:
        schema_editor.execute(f"ALTER INDEX {name} SET (fastupdate = off)")
        schema_editor.execute(f"SELECT gin_clean_pending_list('{name}'::regclass)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS organisation_directory_walk")
    for name in GIN_INDEXES:
        schema_editor.execute(f"ALTER INDEX {name} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("organisations", "0005_search_vector")]
    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RunSQL(
            "CREATE INDEX organisation_spheres_by_sphere ON organisations_organisation_spheres "
            "(sphereofpublictasks_id, organisation_id)",
            "DROP INDEX organisation_spheres_by_sphere",
        ),
    ]
