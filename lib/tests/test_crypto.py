"""lib/crypto.py on its own: sealing, binding, tamper detection and key ring parsing."""

from __future__ import annotations

import base64

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lib import crypto

# No per-example deadline: AES-GCM on long generated texts is slow on a busy CI machine.
quick = settings(deadline=None)

RING = crypto.parse_key_ring(crypto.new_key_spec("a1"))
PLACE = crypto.binding("appreciations_appreciation", "8d1c", "text")

names = st.from_regex(r"[a-z_][a-z0-9_]{0,20}", fullmatch=True)
places = st.builds(crypto.binding, names, st.uuids(), names)
key_ids = st.from_regex(r"[A-Za-z0-9]{1,12}", fullmatch=True)


def encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@quick
@given(text=st.text(), place=places)
def test_round_trip_for_any_text(text, place):
    stored = crypto.seal(RING, text, place)
    assert stored.startswith("mend1:a1:")
    assert crypto.open_sealed(RING, stored, place) == text


@quick
@given(text=st.text(), place=places, other=places)
def test_a_value_sealed_for_one_place_never_opens_in_another(text, place, other):
    assume(place != other)
    stored = crypto.seal(RING, text, place)
    with pytest.raises(crypto.DecryptionError):
        crypto.open_sealed(RING, stored, other)


@quick
@given(text=st.text(), data=st.data())
def test_tampering_any_byte_of_the_sealed_bytes_raises(text, data):
    stored = crypto.seal(RING, text, PLACE)
    head, payload = stored.rsplit(":", 1)
    raw = bytearray(base64.urlsafe_b64decode(payload))
    index = data.draw(st.integers(0, len(raw) - 1), label="index")
    raw[index] ^= data.draw(st.integers(1, 255), label="xor")
    tampered = f"{head}:{base64.urlsafe_b64encode(bytes(raw)).decode()}"
    with pytest.raises(crypto.DecryptionError):
        crypto.open_sealed(RING, tampered, PLACE)


@quick
@given(text=st.text(), data=st.data())
def test_changing_any_character_of_the_stored_text_raises(text, data):
    stored = crypto.seal(RING, text, PLACE)
    index = data.draw(st.integers(0, len(stored) - 1), label="index")
    replacement = data.draw(st.characters().filter(lambda c: c != stored[index]), label="char")
    tampered = stored[:index] + replacement + stored[index + 1 :]
    with pytest.raises(crypto.DecryptionError):
        crypto.open_sealed(RING, tampered, PLACE)


@quick
@given(text=st.text(), extra=st.text(min_size=1))
def test_anything_appended_or_cut_off_raises(text, extra):
    stored = crypto.seal(RING, text, PLACE)
    for damaged in (stored + extra, stored[: -len(extra)]):
        with pytest.raises(crypto.DecryptionError):
            crypto.open_sealed(RING, damaged, PLACE)


@quick
@given(key_id=key_ids)
def test_a_new_key_spec_parses(key_id):
    ring = crypto.parse_key_ring(crypto.new_key_spec(key_id))
    assert ring.current_id == key_id
    assert len(ring.key(key_id)) == 32


def test_the_same_text_seals_differently_each_time():
    assert crypto.seal(RING, "same", PLACE) != crypto.seal(RING, "same", PLACE)


def test_plaintext_does_not_show_in_the_stored_value():
    stored = crypto.seal(RING, "canary-lavender-pancakes", PLACE)
    assert "lavender" not in stored
    assert "lavender" not in base64.urlsafe_b64decode(stored.rsplit(":", 1)[1]).decode("latin-1")


def test_a_wrong_key_with_the_same_id_raises():
    stored = crypto.seal(RING, "hello", PLACE)
    impostor = crypto.parse_key_ring(crypto.new_key_spec("a1"))
    with pytest.raises(crypto.DecryptionError):
        crypto.open_sealed(impostor, stored, PLACE)


def test_a_key_id_missing_from_the_ring_raises():
    stored = crypto.seal(RING, "hello", PLACE)
    with pytest.raises(crypto.DecryptionError):
        crypto.open_sealed(crypto.parse_key_ring(crypto.new_key_spec("b2")), stored, PLACE)


def test_older_keys_open_while_the_newest_seals():
    old_spec, new_spec = crypto.new_key_spec("old"), crypto.new_key_spec("new")
    stored = crypto.seal(crypto.parse_key_ring(old_spec), "hello", PLACE)
    ring = crypto.parse_key_ring(f"{new_spec},{old_spec}")
    assert crypto.open_sealed(ring, stored, PLACE) == "hello"
    assert crypto.key_id_of(crypto.seal(ring, "hello", PLACE)) == "new"


@pytest.mark.parametrize(
    "stored", ["", "hello", "mend1:", "mend1:a1", "mend1:a1:", "mend1:a1:AAAA", "mend2:a1:AAAA"]
)
def test_values_that_are_not_ciphertext_raise(stored):
    with pytest.raises(crypto.DecryptionError):
        crypto.open_sealed(RING, stored, PLACE)


# --- key ring specs ---------------------------------------------------------------

valid_key = st.binary(min_size=32, max_size=32).map(encode)
bad_ids = st.tuples(
    st.from_regex(r"[a-z0-9]{0,4}", fullmatch=True), st.sampled_from("-_.!@/+=#$%&*"), key_ids
)
wrong_length_keys = st.binary(max_size=64).filter(lambda raw: len(raw) != 32).map(encode)
malformed_parts = st.one_of(
    bad_ids.map(lambda parts: f"{''.join(parts)}:{encode(bytes(32))}"),
    key_ids,  # no colon, no key
    st.builds(lambda key_id, key: f"{key_id}:{key}", key_ids, wrong_length_keys),
    st.builds(lambda key_id, n: f"{key_id}:{'A' * (4 * n + 1)}", key_ids, st.integers(0, 20)),  # not base64
    valid_key.map(lambda key: f":{key}"),  # no id
)


@quick
@given(spec=st.from_regex(r"[ ,\t]*", fullmatch=True))
def test_an_empty_spec_is_rejected(spec):
    with pytest.raises(crypto.KeyRingError):
        crypto.parse_key_ring(spec)


@quick
@given(bad=malformed_parts, good_id=key_ids, good_key=valid_key, bad_first=st.booleans())
def test_one_malformed_key_rejects_the_whole_ring(bad, good_id, good_key, bad_first):
    good = f"{good_id}:{good_key}"
    spec = f"{bad},{good}" if bad_first else f"{good},{bad}"
    with pytest.raises(crypto.KeyRingError):
        crypto.parse_key_ring(spec)


@quick
@given(key_id=key_ids, first=valid_key, second=valid_key)
def test_a_repeated_key_id_is_rejected(key_id, first, second):
    with pytest.raises(crypto.KeyRingError):
        crypto.parse_key_ring(f"{key_id}:{first},{key_id}:{second}")


def test_the_configured_ring_follows_settings(settings):
    spec = crypto.new_key_spec("live2")
    settings.MEND_ENCRYPTION_KEYS = spec
    assert crypto.configured_ring().current_id == "live2"
    settings.MEND_ENCRYPTION_KEYS = ""
    with pytest.raises(crypto.KeyRingError):
        crypto.configured_ring()
