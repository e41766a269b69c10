"""An index on small moments' (circle, created_at), for "the latest N I may see".

The circle home lists the 5 newest small moments the viewer may see and the
relationship page the 20 newest between two people. Without this index SQLite reads
every moment of the circle and sorts them all (a temporary B-tree), so the cost grows
with the history; with it, it walks the newest first and stops after N visible ones
(see docs/performance.md). Database only, like 0002: ledger/models.py is unchanged.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_occurrence_commitment_due_date_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddIndex(
                    model_name="smallmoment",
                    index=models.Index(fields=["circle", "created_at"], name="ledger_moment_circle_created"),
                )
            ],
            state_operations=[],
        )
    ]
