"""The database cache's table, created with the schema so that no deployment can forget it.

allauth counts failed logins and two-step codes in the default cache, which is this table unless
REDIS_URL is set (config/settings.py: DATABASE_CACHE). The table is created whatever the settings
say now, so dropping REDIS_URL later needs nothing more; Django's `createcachetable` would skip it.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

CACHE_TABLE = "pozytek_cache"  # settings.DATABASE_CACHE["LOCATION"]


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0  # set by handle(), which reads the table names from the settings instead
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_cache_table, drop_cache_table, elidable=False),
    ]
