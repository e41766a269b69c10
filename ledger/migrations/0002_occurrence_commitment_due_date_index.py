"""An index on (commitment, due_date) for the trajectory queries.

The circle home and relationship pages read each visible commitment's answered
occurrences since a date (the score's horizon) and each commitment's first due date.
Without this index SQLite scans every answered occurrence ever recorded (the outcome
index); with it, each commitment reads only its recent rows, so the cost stays flat as
the history grows (see docs/performance.md). The index lives in the database only:
ledger/models.py is unchanged, so `makemigrations` sees no difference.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddIndex(
                    model_name="occurrence",
                    index=models.Index(fields=["commitment", "due_date"], name="ledger_occ_commitment_day"),
                )
            ],
            state_operations=[],
        )
    ]
