"""An offer taken on points at its promise: the field and its column follow the new name."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0005_rename_commitment_promise"),
        ("reachout", "0003_supportpersonchange"),
    ]

    operations = [
        migrations.RenameField(model_name="offer", old_name="commitment", new_name="promise"),
    ]
