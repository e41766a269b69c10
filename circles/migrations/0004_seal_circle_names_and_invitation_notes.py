"""Circle names and invitation notes are sealed (issue 13, item 4); lists sort in Python."""

from django.db import migrations

import lib.fields
from lib.sealing import sealing


class Migration(migrations.Migration):
    dependencies = [
        ("circles", "0003_professional_approval"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="circle",
            options={"ordering": ["created_at"]},
        ),
        migrations.AlterField(
            model_name="circle",
            name="name",
            field=lib.fields.EncryptedCharField(max_length=80, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="invitation",
            name="note",
            field=lib.fields.EncryptedCharField(blank=True, max_length=80, verbose_name="name or note, for you"),
        ),
        sealing("circles", "Circle", "name"),
        sealing("circles", "Invitation", "note"),
    ]
