"""A rupture's signs are sealed (issue 13, item 4)."""

from django.db import migrations

import lib.fields
from lib.sealing import sealing


class Migration(migrations.Migration):
    dependencies = [
        ("repair", "0004_rename_repairstep_commitments_promises"),
    ]

    operations = [
        migrations.AlterField(
            model_name="rupture",
            name="signs",
            field=lib.fields.EncryptedJSONField(blank=True, default=list, verbose_name="signs that showed up"),
        ),
        sealing("repair", "Rupture", "signs"),
    ]
