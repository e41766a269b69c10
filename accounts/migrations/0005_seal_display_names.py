"""Display names are sealed (issue 13, item 4).

The user's primary key is known only after the insert, so sealed values are bound to a
new `seal_id` (a UUID) instead; it is filled for existing people before their names
are sealed.
"""

import uuid

from django.db import migrations, models

import lib.fields
from lib.sealing import sealing


def give_seal_ids(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(seal_id__isnull=True).only("pk"):
        user.seal_id = uuid.uuid4()
        user.save(update_fields=["seal_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_shared_cache_table"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="seal_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_seal_ids, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="user",
            name="seal_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="user",
            name="display_name",
            field=lib.fields.EncryptedCharField(
                bind_to="seal_id",
                blank=True,
                help_text="How people in your circles see you.",
                max_length=80,
                verbose_name="name",
            ),
        ),
        sealing("accounts", "User", "display_name"),
    ]
