"""EncryptedTextField against the database, with a real Appreciation (SECURITY.md check 11)."""

from __future__ import annotations

import json

import pytest
from django.core import serializers
from django.db import transaction

from appreciations.logic import record_appreciation
from appreciations.models import Appreciation
from circles.audience import Audience
from lib import crypto
from lib.fields import UnsealedWrite
from lib.tests.raw import OTHER_KEY, WRONG_TEST1, stored_text, whole_database_text, write_stored_text

CANARY = "canary-5d1e lavender pancakes at the lake"


@pytest.fixture
def note(cast):
    return record_appreciation(cast.alice, CANARY, cast.bob, Audience.CIRCLE)


def fresh(appreciation: Appreciation) -> Appreciation:
    return Appreciation.objects.get(pk=appreciation.pk)


def test_the_column_holds_ciphertext_only(note):
    stored = stored_text(note)
    assert "lavender" not in stored
    assert stored.startswith("mend1:test1:")
    assert fresh(note).text == CANARY


def test_the_whole_database_holds_no_plaintext(note):
    text = whole_database_text()
    assert stored_text(note) in text  # the dump really covers the table
    assert "lavender" not in text


def test_serialisation_writes_ciphertext_sealed_for_the_row(note):
    dumped = json.loads(serializers.serialize("json", [fresh(note)]))
    assert "lavender" not in json.dumps(dumped)
    sealed = dumped[0]["fields"]["text"]
    assert crypto.open_sealed(crypto.configured_ring(), sealed, Appreciation.text.field.place(note)) == CANARY


def test_ciphertext_copied_to_another_row_does_not_open(cast, note):
    other = record_appreciation(cast.bob, "something else", None, Audience.ONLY_ME)
    write_stored_text(other, stored_text(note))
    with pytest.raises(crypto.DecryptionError):
        _ = fresh(other).text


def test_plaintext_written_straight_into_the_column_is_refused(note):
    with pytest.raises(UnsealedWrite), transaction.atomic():
        Appreciation.objects.filter(pk=note.pk).update(text="plain")
    assert fresh(note).text == CANARY


def test_bulk_update_is_refused(note):
    loaded = fresh(note)
    loaded.text = "plain"
    with pytest.raises(UnsealedWrite), transaction.atomic():
        Appreciation.objects.bulk_update([loaded], ["text"])
    assert fresh(note).text == CANARY


def test_plaintext_placed_in_the_column_by_sql_does_not_open(note):
    write_stored_text(note, "plain words")
    with pytest.raises(crypto.DecryptionError):
        _ = fresh(note).text


@pytest.mark.parametrize("keys", [WRONG_TEST1, f"other1:{OTHER_KEY}"], ids=["wrong key", "missing key"])
def test_a_wrong_key_raises_instead_of_returning_anything(settings, note, keys):
    loaded = fresh(note)
    ciphertext = stored_text(note)
    settings.MEND_ENCRYPTION_KEYS = keys
    with pytest.raises(crypto.DecryptionError) as raised:
        _ = loaded.text
    message = f"{raised.value!r} {raised.value}"
    assert "lavender" not in message
    assert ciphertext not in message
    # The failed read left nothing behind that a later save could write back.
    assert loaded.__dict__["text"] == ciphertext


def test_saving_an_unread_value_keeps_it_unchanged(note):
    loaded = fresh(note)
    loaded.audience = Audience.ONLY_ME
    loaded.save()
    assert fresh(note).text == CANARY


def test_editing_seals_the_new_text(note):
    loaded = fresh(note)
    loaded.text = "a different canary: marigold"
    loaded.save()
    assert "marigold" not in stored_text(note)
    assert fresh(note).text == "a different canary: marigold"


def test_a_deferred_value_is_loaded_and_opened_on_access(note):
    assert Appreciation.objects.only("id").get(pk=note.pk).text == CANARY
    assert Appreciation.objects.defer("text").get(pk=note.pk).text == CANARY
