"""Code says "promise", as every page does: `Commitment` becomes `Promise`.

The table keeps its name, `ledger_commitment`: sealed text is bound to its table and
column (lib/fields.py), so a new table name would leave every promise unreadable. The
foreign keys and the many-to-many link columns follow the new name (`commitment_id`
becomes `promise_id`); no row is copied or rewritten, except the deletion log's kind.

The trajectory index from 0002 lived in the database only, and SQLite rebuilds the
occurrence table while renaming; it is dropped here and comes back in the model, under
the new column's name.
"""

from django.db import migrations, models


def _rename_deletion_kind(old: str, new: str):
    def rename(apps, schema_editor):
        apps.get_model("circles", "EntryDeletion").objects.filter(kind=old).update(kind=new)

    return rename


class Migration(migrations.Migration):
    # Every app that points at the old model first, so the rename reaches its columns too.
    dependencies = [
        ("circles", "0002_entry_deletion"),
        ("ledger", "0004_commitment_shared_at_smallmoment_shared_at"),
        ("reachout", "0003_supportpersonchange"),
        ("repair", "0003_rupturestatuschange"),
    ]

    operations = [
        migrations.RunSQL(
            "DROP INDEX IF EXISTS ledger_occ_commitment_day",
            reverse_sql="CREATE INDEX ledger_occ_commitment_day ON ledger_occurrence (commitment_id, due_date)",
        ),
        # Name the table explicitly first, so the model rename below leaves it where it is.
        migrations.AlterModelTable(name="commitment", table="ledger_commitment"),
        migrations.RenameModel(old_name="Commitment", new_name="Promise"),
        migrations.AlterModelOptions(name="promise", options={"ordering": ["-created_at"], "verbose_name": "promise"}),
        migrations.AlterField(
            model_name="promise",
            name="recipients",
            field=models.ManyToManyField(
                blank=True, related_name="promises_received", to="circles.member", verbose_name="promised to"
            ),
        ),
        # The constraint names its fields; it is set again once they carry the new name.
        migrations.RemoveConstraint(model_name="occurrence", name="one_occurrence_per_slot"),
        migrations.RenameField(model_name="occurrence", old_name="commitment", new_name="promise"),
        migrations.RenameField(model_name="schedule", old_name="commitment", new_name="promise"),
        migrations.RenameField(model_name="pause", old_name="commitment", new_name="promise"),
        migrations.AddConstraint(
            model_name="occurrence",
            constraint=models.UniqueConstraint(fields=("promise", "due_at", "slot"), name="one_occurrence_per_slot"),
        ),
        migrations.AddIndex(
            model_name="occurrence",
            index=models.Index(fields=["promise", "due_date"], name="ledger_occ_promise_day"),
        ),
        migrations.RunPython(
            _rename_deletion_kind("ledger.commitment", "ledger.promise"),
            _rename_deletion_kind("ledger.promise", "ledger.commitment"),
        ),
    ]
