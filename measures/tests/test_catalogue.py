"""Every instrument file loads and is checked; a broken file is refused with its name."""

from __future__ import annotations

import json

import pytest

from measures.catalogue import INSTRUMENTS_DIR, Text, all_instruments, instrument, load_file, parse
from measures.tests.builders import tiny_instrument

EXPECTED = {"phq9", "gad7", "csi4", "score15", "barc10"}


@pytest.mark.parametrize("path", sorted(INSTRUMENTS_DIR.glob("*.json")), ids=lambda p: p.name)
def test_every_instrument_file_loads_and_validates(path):
    loaded = load_file(path)
    assert loaded.id == path.stem
    assert loaded.scored_items


def test_the_catalogue_holds_the_five_instruments_of_issue_16():
    assert set(all_instruments()) == EXPECTED


def test_an_unknown_instrument_is_a_key_error():
    with pytest.raises(KeyError):
        instrument("bdi")


def test_instruments_without_a_checked_spanish_wording_are_offered_in_english_only():
    for instrument_id in ("csi4", "score15", "barc10"):
        found = instrument(instrument_id)
        assert found.languages == ("en",)
        assert not found.offers("es")
        assert "English only" in found.wording_note["en"]
        assert "Solo en inglés" in found.wording_note["es"]
        assert all(set(item.text) == {"en"} for item in found.items)


def test_phq9_and_gad7_carry_the_published_spanish():
    for instrument_id in ("phq9", "gad7"):
        found = instrument(instrument_id)
        assert found.offers("es-mx")
        assert found.item(1).text.pick("es") != found.item(1).text.pick("en")
        assert found.text("recall_period", "es").startswith("Durante las últimas 2 semanas")


def test_a_text_falls_back_to_english():
    text = Text({"en": "Hello"})
    assert text.pick("es") == "Hello"
    assert text.pick(None) == "Hello"
    assert Text({"en": "Hello", "es": "Hola"}).pick("es-MX") == "Hola"


def test_every_band_meaning_and_flag_note_is_in_english_and_spanish():
    for found in all_instruments().values():
        for band in found.bands:
            assert band.meaning["en"] and band.meaning["es"]
        for flag in found.flags:
            assert flag.note["en"] and flag.note["es"]


def test_the_tiny_test_instrument_is_valid():
    assert parse(tiny_instrument()).range == (0, 6)


def refused(data, match):
    with pytest.raises(ValueError, match=match):
        parse(data)


def test_bands_with_a_gap_are_refused():
    data = tiny_instrument()
    data["bands"][1]["min"] = 4
    refused(data, "tile the range")


def test_overlapping_bands_are_refused():
    data = tiny_instrument()
    data["bands"][1]["min"] = 2
    refused(data, "tile the range")


def test_bands_that_stop_short_of_the_range_are_refused():
    data = tiny_instrument()
    data["bands"][1]["max"] = 5
    refused(data, "last band ends at 5")


def test_an_option_value_outside_the_range_is_refused():
    data = tiny_instrument()
    data["options"]["three"][2]["value"] = 7
    refused(data, "does not match the items' options")


def test_option_values_with_a_hole_are_refused():
    data = tiny_instrument(range=[0, 9])
    data["options"]["three"][2]["value"] = 3
    data["bands"][1]["max"] = 9
    refused(data, "consecutive")


def test_a_missing_field_is_refused():
    data = tiny_instrument()
    del data["citation"]
    refused(data, "citation")


def test_published_wording_missing_in_a_listed_language_is_refused():
    data = tiny_instrument()
    del data["items"][0]["text"]["es"]
    refused(data, "no published wording")


def test_a_meaning_without_spanish_is_refused():
    data = tiny_instrument()
    del data["bands"][0]["meaning"]["es"]
    refused(data, "missing")


def test_a_flag_that_can_never_fire_is_refused():
    data = tiny_instrument()
    data["flags"][0]["above"] = 2
    refused(data, "can never fire")


def test_a_subscale_with_an_unknown_item_is_refused():
    data = tiny_instrument()
    data["scoring"]["subscales"] = {"x": {"name": {"en": "X", "es": "X"}, "items": [1, 9]}}
    refused(data, "subscale x")


def test_items_out_of_order_are_refused():
    data = tiny_instrument()
    data["items"][1]["number"] = 5
    refused(data, "numbered")


def test_a_file_is_refused_with_its_name(tmp_path):
    data = tiny_instrument(id="broken")
    data["bands"][1]["min"] = 4
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match=r"^broken\.json: bands must tile"):
        load_file(path)


def test_a_file_whose_id_differs_from_its_name_is_refused(tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps(tiny_instrument()), encoding="utf-8")
    with pytest.raises(ValueError, match="does not match the file name"):
        load_file(path)
