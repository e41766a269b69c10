"""The sealed field kinds beyond free text: names bound to a UUID, numbers, yes/no, lists."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core import serializers
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection, transaction

from accounts.models import User
from checkins import logic
from checkins.logic import CheckInData, CravingData
from checkins.models import Craving
from circles.models import Circle, Member
from lib import crypto
from lib.fields import UnsealedWrite
from safety.models import SafetyCheck


def _column(model, field: str, pk) -> str:
    quote = connection.ops.quote_name
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(meta.get_field(field).column)} FROM {quote(meta.db_table)} "  # noqa: S608
            f"WHERE {quote(meta.pk.column)} = %s",
            [meta.pk.get_db_prep_value(pk, connection)],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def craving(cast) -> Craving:
    checkin = logic.record_checkin(cast.alice, CheckInData(state="settled"), craving=CravingData(level=0))
    return Craving.objects.get(checkin=checkin)


def test_zero_false_and_none_are_sealed_like_any_other_value(craving):
    stored = {field: _column(Craving, field, craving.pk) for field in ("level", "used", "urge_to_use")}

    assert all(crypto.is_sealed(value) for value in stored.values()), stored
    assert len(set(stored.values())) == 3
    fresh = Craving.objects.get(pk=craving.pk)
    assert (fresh.level, fresh.used, fresh.urge_to_use) == (0, False, False)
    fresh.level = None
    fresh.save()
    assert crypto.is_sealed(_column(Craving, "level", craving.pk))
    assert Craving.objects.get(pk=craving.pk).level is None


def test_a_sealed_fact_cannot_be_filtered_or_written_in_sql(cast, craving):
    for lookup in (
        lambda: Craving.objects.filter(level=0),
        lambda: Craving.objects.filter(level__gte=0),
        lambda: SafetyCheck.objects.filter(blocks_joint_work=True),
        lambda: Circle.objects.filter(name__startswith="Riv"),
        lambda: Member.objects.filter(user__display_name__icontains="ali"),
    ):
        with pytest.raises(FieldError):
            list(lookup())
    assert list(Craving.objects.filter(level__isnull=False)) == [craving]
    with pytest.raises(UnsealedWrite), transaction.atomic():
        Craving.objects.filter(pk=craving.pk).update(used=True)
    assert Craving.objects.get(pk=craving.pk).used is False


def test_serialisation_writes_ciphertext_for_numbers_and_yes_or_no(craving):
    dumped = json.loads(serializers.serialize("json", [Craving.objects.get(pk=craving.pk)]))[0]["fields"]

    assert all(crypto.is_sealed(dumped[field]) for field in ("level", "used", "urge_to_use"))


def test_a_display_name_is_bound_to_its_person(cast):
    alice, bob = cast.alice.user, cast.bob.user
    copied = _column(User, "display_name", alice.pk)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET display_name = %s WHERE id = %s", [copied, bob.pk])

    assert User.objects.get(pk=alice.pk).display_name == "Alice"
    with pytest.raises(crypto.DecryptionError):
        _ = User.objects.get(pk=bob.pk).display_name


def test_rotation_reseals_names_and_structured_facts(settings, cast, craving):
    settings.MEND_ENCRYPTION_KEYS = f"{crypto.new_key_spec('new1')},{settings.MEND_ENCRYPTION_KEYS}"

    call_command("rotate_encryption_key", stdout=StringIO())

    stored = [
        _column(Craving, "level", craving.pk),
        _column(Craving, "used", craving.pk),
        _column(User, "display_name", cast.alice.user.pk),
        _column(type(cast.circle), "name", cast.circle.pk),
    ]
    assert [crypto.key_id_of(value) for value in stored] == ["new1"] * 4
    fresh = Craving.objects.get(pk=craving.pk)
    assert (fresh.level, fresh.used, User.objects.get(pk=cast.alice.user.pk).display_name) == (
        0,
        False,
        "Alice",
    )
