"""The cache table that holds rate-limit counters shared by every process (settings.CACHES)."""

from django.core.management import call_command
from django.db import migrations


def make_cache_table(apps, schema_editor):
    # Creates the table of each DatabaseCache in settings.CACHES; nothing when the cache is
    # Redis. Safe to run again: an existing table is left as it is.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_country"),
    ]

    # Going back leaves the table: it holds only counters that expire by themselves.
    operations = [migrations.RunPython(make_cache_table, migrations.RunPython.noop, elidable=False)]
