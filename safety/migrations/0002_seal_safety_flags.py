"""Whether a safety check switches joint work off is sealed, like its answers (issue 13, item 4).

The index on (about, blocks_joint_work) goes: the flag is decided in Python now.
"""

from django.db import migrations

import lib.fields
from lib.sealing import sealing


class Migration(migrations.Migration):
    dependencies = [
        ("safety", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="safetycheck",
            name="safety_safe_about_i_6ecbc7_idx",
        ),
        migrations.AlterField(
            model_name="safetycheck",
            name="blocks_joint_work",
            field=lib.fields.EncryptedBooleanField(default=False),
        ),
        sealing("safety", "SafetyCheck", "blocks_joint_work"),
    ]
