"""The reminder kind says "promise": stored notifications and muted kinds follow."""

from django.db import migrations, models

OLD, NEW = "commitment_due", "promise_due"


def _renamer(old: str, new: str):
    def rename(apps, schema_editor):
        apps.get_model("notifications", "Notification").objects.filter(kind=old).update(kind=new)
        for prefs in apps.get_model("notifications", "Preferences").objects.exclude(muted_kinds=[]):
            if old in (prefs.muted_kinds or []):
                prefs.muted_kinds = [new if kind == old else kind for kind in prefs.muted_kinds]
                prefs.save(update_fields=["muted_kinds"])

    return rename


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_alter_notification_kind")]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("promise_due", "A promise of yours is coming up"),
                    ("confirm_waiting", "Someone is waiting for your confirmation"),
                    ("renegotiated", "A promise to you was changed in advance"),
                    ("talk_request", "Someone would like to talk about a promise"),
                    ("timeout_called", "Someone called a pause"),
                    ("timeout_return", "It is time to come back after a pause"),
                    ("checkin_reminder", "A reminder to check in"),
                    ("repair_invited", "Someone invited you to repair something between you"),
                    ("repair_step", "A repair you are part of moved on"),
                    ("offer_made", "Someone offered you a way to show change"),
                    ("plan_review", "It is time to look at your plan again"),
                ],
                max_length=32,
            ),
        ),
        migrations.RunPython(_renamer(OLD, NEW), _renamer(NEW, OLD)),
    ]
