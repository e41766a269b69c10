"""Each check-in's week, stored: the Monday of its author's own week when it was made.

The trend pages group by it instead of truncating `created_at` to a week in a time zone,
which SQLite does with a Python function for every row (docs/performance.md). Existing
check-ins get the week of their author's current time zone.
"""

from django.db import migrations, models

import checkins.models

BATCH = 500


def fill_weeks(apps, schema_editor):
    CheckIn = apps.get_model("checkins", "CheckIn")
    rows = (
        CheckIn.objects.using(schema_editor.connection.alias)
        .filter(week__isnull=True)
        .values_list("pk", "created_at", "author__user__time_zone")
    )
    changed = [
        CheckIn(pk=pk, week=checkins.models.week_of(created_at, zone or "UTC"))
        for pk, created_at, zone in rows.iterator(chunk_size=2000)
    ]
    CheckIn.objects.using(schema_editor.connection.alias).bulk_update(changed, ["week"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("checkins", "0002_checkin_craving_author_created_index"),
        ("circles", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="checkin",
            name="week",
            field=checkins.models.AuthorWeekField(null=True, verbose_name="week"),
        ),
        migrations.RunPython(fill_weeks, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="checkin",
            name="week",
            field=checkins.models.AuthorWeekField(verbose_name="week"),
        ),
        migrations.AddIndex(
            model_name="checkin",
            index=models.Index(fields=["author", "week"], name="checkins_checkin_author_week"),
        ),
    ]
