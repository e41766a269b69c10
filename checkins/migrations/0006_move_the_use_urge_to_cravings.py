"""The urge to use moves onto the cravings part, and so follows its audience (issue 13, item 4).

A check-in's "use" urge was a row among its urges, seen by whoever could see the check-in.
It moves onto the check-in's cravings part (a new one, private to the author, when there
was none), where it is sealed with the level and the use.
"""

from django.db import migrations

USE = "use"


def move_use_urges_to_cravings(apps, schema_editor):
    Urge = apps.get_model("checkins", "Urge")
    Craving = apps.get_model("checkins", "Craving")
    for urge in Urge.objects.filter(urge=USE).select_related("checkin"):
        checkin = urge.checkin
        craving = Craving.objects.filter(checkin=checkin).first()
        if craving is None:
            craving = Craving(
                circle_id=checkin.circle_id,
                author_id=checkin.author_id,
                checkin=checkin,
                level=None,
                used=False,
                audience="only_me",
                created_at=checkin.created_at,
            )
        craving.urge_to_use = True
        craving.save()
        urge.delete()


def move_use_urges_back(apps, schema_editor):
    Urge = apps.get_model("checkins", "Urge")
    Craving = apps.get_model("checkins", "Craving")
    for craving in Craving.objects.all():
        if not craving.urge_to_use:
            continue
        Urge.objects.create(checkin_id=craving.checkin_id, urge=USE)
        if craving.level is None and not craving.used:
            craving.delete()  # it held only the urge
        elif craving.level is None:
            craving.level = 0
            craving.save(update_fields=["level"])


class Migration(migrations.Migration):
    dependencies = [
        ("checkins", "0005_seal_cravings_and_the_use_urge"),
    ]

    operations = [
        migrations.RunPython(move_use_urges_to_cravings, move_use_urges_back),
    ]
