"""Cravings, use and the urge to use are sealed (issue 13, item 4).

The urge to use moves onto the cravings part in the next migration: on PostgreSQL, rows
inserted and deleted here would keep this migration's later schema changes from running.
"""

from django.db import migrations

import lib.fields
from lib.sealing import sealing


class Migration(migrations.Migration):
    dependencies = [
        ("checkins", "0004_checkin_shared_at_craving_shared_at_and_more"),
    ]

    operations = [
        migrations.AlterField(
            model_name="craving",
            name="level",
            field=lib.fields.EncryptedIntegerField(
                default=None, verbose_name="cravings, from 0 (none) to 10 (very strong)"
            ),
        ),
        migrations.AlterField(
            model_name="craving",
            name="used",
            field=lib.fields.EncryptedBooleanField(default=False, verbose_name="I used or drank"),
        ),
        migrations.AddField(
            model_name="craving",
            name="urge_to_use",
            field=lib.fields.EncryptedBooleanField(default=False, verbose_name="an urge to use or drink"),
        ),
        sealing("checkins", "Craving", "level", "used", "urge_to_use"),
    ]
