"""The promises made at step 5: the field and its link table follow the new name."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0005_rename_commitment_promise"),
        ("repair", "0003_rupturestatuschange"),
    ]

    operations = [
        migrations.RenameField(model_name="repairstep", old_name="commitments", new_name="promises"),
    ]
