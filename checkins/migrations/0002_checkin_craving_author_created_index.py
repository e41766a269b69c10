"""Indexes on check-ins' and cravings' (author, created_at), for the trend pages.

Every trend query asks for one author's entries since a date (26 or 52 weeks ago).
Without these indexes SQLite (which has no statistics) walks the circle_id index and
reads every check-in of the whole circle, all members and all years, to keep one
member's last weeks, so the trend pages grew slower with every year of history. With
them, it reads only that author's window (see docs/performance.md). Database only,
like ledger/0002 and 0003: checkins/models.py is unchanged.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("checkins", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddIndex(
                    model_name="checkin",
                    index=models.Index(
                        fields=["author", "created_at"], name="checkins_checkin_author_created"
                    ),
                ),
                migrations.AddIndex(
                    model_name="craving",
                    index=models.Index(
                        fields=["author", "created_at"], name="checkins_craving_author_created"
                    ),
                ),
            ],
            state_operations=[],
        )
    ]
