"""The instruments Mend offers, read from one JSON file each in `instruments/`.

An instrument is data: its published wording, response options, scoring rules, bands,
flags, reliable-change threshold and cut-offs. Adding one is adding a file (and its
golden tests); nothing here knows any instrument by name.

Every file is checked when it is loaded, so a typo in a band or an option value stops
Mend at start rather than mis-scoring someone's answers. Texts are keyed by language
({"en": ..., "es": ...}); the app picks the language.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

INSTRUMENTS_DIR = Path(__file__).resolve().parent / "instruments"

LANGUAGES = ("en", "es")
FLAG_KINDS = ("crisis",)
CUTOFF_DIRECTIONS = ("at_or_above", "below")


class Text(Mapping[str, str]):
    """A text in several languages, immutable and hashable (so bands and flags can be)."""

    __slots__ = ("_pairs",)

    def __init__(self, texts: Mapping[str, str]) -> None:
        self._pairs = tuple(sorted(texts.items()))

    def __getitem__(self, language: str) -> str:
        for key, value in self._pairs:
            if key == language:
                return value
        raise KeyError(language)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)

    def __hash__(self) -> int:
        return hash(self._pairs)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._pairs) == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Text({dict(self._pairs)!r})"

    def pick(self, language: str | None) -> str:
        """The text in `language` (its base, "es" for "es-mx"), else English."""
        base = (language or "en").split("-")[0].lower()
        return self.get(base) or self["en"]


# Builds the published wording of one field, checked for every language the file lists.
Wording = Callable[[Any, str], Text]


@dataclass(frozen=True)
class Option:
    value: int
    label: Text


@dataclass(frozen=True)
class Item:
    number: int
    text: Text
    options: tuple[Option, ...]
    reverse: bool = False
    scored: bool = True

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(option.value for option in self.options)

    @property
    def lowest(self) -> int:
        return min(self.values)

    @property
    def highest(self) -> int:
        return max(self.values)


@dataclass(frozen=True)
class Band:
    key: str
    min: int
    max: int
    label: Text
    meaning: Text

    def holds(self, total: int) -> bool:
        return self.min <= total <= self.max


@dataclass(frozen=True)
class Flag:
    item: int
    above: int
    kind: str
    note: Text


@dataclass(frozen=True)
class Subscale:
    key: str
    name: Text
    items: tuple[int, ...]


@dataclass(frozen=True)
class ReliableChange:
    points: int
    source: str


@dataclass(frozen=True)
class Cutoff:
    key: str
    value: float
    direction: str  # "at_or_above" or "below": on which side of `value` the label applies
    label: Text
    source: str

    def met_by(self, total: int) -> bool:
        return total >= self.value if self.direction == "at_or_above" else total < self.value


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    name: Text
    short_name: str
    citation: str
    source_url: str
    licence: str
    languages: tuple[str, ...]
    wording_note: Text
    recall_period: Text | None  # the published stem; None when the instrument has none
    better: str  # "lower" or "higher": which way is improvement for the total
    range: tuple[int, int]
    items: tuple[Item, ...]
    max_missing: int
    prorate: bool
    subscales: tuple[Subscale, ...]
    bands: tuple[Band, ...]
    flags: tuple[Flag, ...]
    reliable_change: ReliableChange | None
    cutoffs: tuple[Cutoff, ...]
    scoring_note: Text | None = None

    def text(self, field: str, language: str | None) -> str:
        """A keyed text field of the instrument ("name", "recall_period", ...) in a language."""
        value = getattr(self, field)
        if value is None:
            return ""
        if not isinstance(value, Text):
            raise TypeError(f"{field} is not a text in several languages")
        return value.pick(language)

    def item(self, number: int) -> Item:
        for item in self.items:
            if item.number == number:
                return item
        raise KeyError(number)

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.scored)

    def band_for(self, total: int) -> Band | None:
        return next((band for band in self.bands if band.holds(total)), None)

    def offers(self, language: str | None) -> bool:
        """True when the instrument's published wording exists in that language."""
        return (language or "en").split("-")[0].lower() in self.languages


def all_instruments() -> dict[str, Instrument]:
    """Every instrument in `instruments/`, by id (loaded and checked once)."""
    return dict(_load_all())


def instrument(instrument_id: str) -> Instrument:
    """One instrument by id; KeyError when Mend has no such instrument."""
    return _load_all()[instrument_id]


@cache
def _load_all() -> Mapping[str, Instrument]:
    found = {}
    for path in sorted(INSTRUMENTS_DIR.glob("*.json")):
        loaded = load_file(path)
        found[loaded.id] = loaded
    return found


def load_file(path: Path) -> Instrument:
    """Read and check one instrument file; ValueError naming the file when it is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ValueError(f"{path.name}: cannot read it ({error})") from error
    try:
        parsed = parse(data)
    except ValueError as error:
        raise ValueError(f"{path.name}: {error}") from error
    if parsed.id != path.stem:
        raise ValueError(f"{path.name}: id {parsed.id!r} does not match the file name")
    return parsed


def _describe(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing field {error.args[0]!r}"
    return str(error)


REQUIRED = (
    "id",
    "version",
    "name",
    "short_name",
    "citation",
    "licence",
    "languages",
    "wording_note",
    "recall_period",
    "better",
    "range",
    "items",
    "scoring",
    "bands",
    "flags",
    "reliable_change",
    "cutoffs",
)


def parse(data: Mapping[str, Any]) -> Instrument:
    """Build an Instrument from a decoded file, checking everything scoring relies on.

    Any fault (a missing field, a wrong type, numbers that do not agree) is a ValueError.
    """
    try:
        return _parse(data)
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise ValueError(_describe(error)) from error


def _parse(data: Mapping[str, Any]) -> Instrument:
    for field in REQUIRED:
        if field not in data:
            raise KeyError(field)
    languages = tuple(data["languages"])
    if "en" not in languages or not set(languages) <= set(LANGUAGES):
        raise ValueError(f"languages must include 'en' and be among {LANGUAGES}, not {languages}")
    if data["better"] not in ("lower", "higher"):
        raise ValueError(f"better must be 'lower' or 'higher', not {data['better']!r}")
    wording = _wording(languages)
    shared = {
        name: _options(options, wording, f"options.{name}")
        for name, options in data.get("options", {}).items()
    }
    items = _items(data["items"], shared, wording)
    scoring = data["scoring"]
    found = Instrument(
        id=_str(data["id"], "id"),
        version=_str(data["version"], "version"),
        name=_ui_text(data["name"], "name"),
        short_name=_str(data["short_name"], "short_name"),
        citation=_str(data["citation"], "citation"),
        source_url=data.get("source_url", ""),
        licence=_str(data["licence"], "licence"),
        languages=languages,
        wording_note=_ui_text(data["wording_note"], "wording_note"),
        recall_period=None
        if data["recall_period"] is None
        else wording(data["recall_period"], "recall_period"),
        better=data["better"],
        range=_range(data["range"]),
        items=items,
        max_missing=_int(scoring["max_missing"], "scoring.max_missing"),
        prorate=bool(scoring["prorate"]),
        subscales=tuple(
            Subscale(key, _ui_text(sub["name"], f"subscale {key}"), tuple(sub["items"]))
            for key, sub in scoring.get("subscales", {}).items()
        ),
        bands=tuple(_band(band) for band in data["bands"]),
        flags=tuple(_flag(flag) for flag in data["flags"]),
        reliable_change=_reliable_change(data["reliable_change"]),
        cutoffs=tuple(_cutoff(cutoff) for cutoff in data["cutoffs"]),
        scoring_note=_ui_text(scoring["note"], "scoring.note") if "note" in scoring else None,
    )
    if scoring.get("method") != "sum":
        raise ValueError(f"scoring.method must be 'sum', not {scoring.get('method')!r}")
    _check(found)
    return found


def _wording(languages: tuple[str, ...]) -> Wording:
    """Instrument wording must exist in every language the file says is published."""

    def build(texts: Any, where: str) -> Text:
        if not isinstance(texts, Mapping):
            raise TypeError(f"{where} must be keyed by language")
        missing = [language for language in languages if not texts.get(language)]
        if missing:
            raise ValueError(f"{where} has no published wording in {missing}")
        return Text({language: texts[language] for language in languages})

    return build


def _ui_text(texts: Any, where: str) -> Text:
    """Mend's own words: always in every language Mend speaks."""
    if not isinstance(texts, Mapping):
        raise TypeError(f"{where} must be keyed by language")
    missing = [language for language in LANGUAGES if not texts.get(language)]
    if missing:
        raise ValueError(f"{where} is missing {missing}")
    return Text(texts)


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where} must be a non-empty string")
    return value


def _int(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{where} must be a whole number, not {value!r}")
    return value


def _range(value: Any) -> tuple[int, int]:
    low, high = (_int(v, "range") for v in value)
    if low >= high:
        raise ValueError(f"range {low}–{high} is empty")
    return low, high


def _options(options: Any, wording: Wording, where: str) -> tuple[Option, ...]:
    parsed = tuple(
        Option(_int(option["value"], f"{where} value"), wording(option["label"], f"{where} label"))
        for option in options
    )
    values = [option.value for option in parsed]
    if not values or len(set(values)) != len(values):
        raise ValueError(f"{where} must list distinct option values")
    return parsed


def _items(raw: Any, shared: Mapping[str, tuple[Option, ...]], wording: Wording) -> tuple[Item, ...]:
    items = []
    for position, entry in enumerate(raw, start=1):
        number = _int(entry["number"], "item number")
        if number != position:
            raise ValueError(f"items must be numbered 1, 2, 3, …; found {number} at place {position}")
        where = f"item {number}"
        if "options_ref" in entry:
            if entry["options_ref"] not in shared:
                raise ValueError(f"{where} refers to unknown options {entry['options_ref']!r}")
            options = shared[entry["options_ref"]]
        else:
            options = _options(entry["options"], wording, f"{where} options")
        item = Item(
            number=number,
            text=wording(entry["text"], f"{where} text"),
            options=options,
            reverse=bool(entry.get("reverse", False)),
            scored=bool(entry.get("scored", True)),
        )
        if item.reverse and not item.scored:
            raise ValueError(f"{where} is reverse-scored but not scored")
        items.append(item)
    if not items:
        raise ValueError("an instrument needs items")
    return tuple(items)


def _band(raw: Mapping[str, Any]) -> Band:
    return Band(
        key=_str(raw["key"], "band key"),
        min=_int(raw["min"], "band min"),
        max=_int(raw["max"], "band max"),
        label=_ui_text(raw["label"], f"band {raw['key']} label"),
        meaning=_ui_text(raw["meaning"], f"band {raw['key']} meaning"),
    )


def _flag(raw: Mapping[str, Any]) -> Flag:
    flag = Flag(
        item=_int(raw["item"], "flag item"),
        above=_int(raw["above"], "flag above"),
        kind=raw["kind"],
        note=_ui_text(raw["note"], "flag note"),
    )
    if flag.kind not in FLAG_KINDS:
        raise ValueError(f"flag kind must be one of {FLAG_KINDS}, not {flag.kind!r}")
    return flag


def _reliable_change(raw: Mapping[str, Any] | None) -> ReliableChange | None:
    if raw is None:
        return None
    points = _int(raw["points"], "reliable_change.points")
    if points <= 0:
        raise ValueError("reliable_change.points must be above 0")
    return ReliableChange(points, _str(raw["source"], "reliable_change.source"))


def _cutoff(raw: Mapping[str, Any]) -> Cutoff:
    value = raw["value"]
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ValueError(f"cut-off {raw['key']} value must be a number")
    cutoff = Cutoff(
        key=_str(raw["key"], "cut-off key"),
        value=value,
        direction=raw["direction"],
        label=_ui_text(raw["label"], f"cut-off {raw['key']} label"),
        source=_str(raw["source"], f"cut-off {raw['key']} source"),
    )
    if cutoff.direction not in CUTOFF_DIRECTIONS:
        raise ValueError(f"cut-off direction must be one of {CUTOFF_DIRECTIONS}")
    return cutoff


def _check(found: Instrument) -> None:
    """The rules that tie the parts together: totals, bands, subscales and flags agree."""
    scored = found.scored_items
    if not scored:
        raise ValueError("an instrument needs scored items")
    low = sum(item.lowest for item in scored)
    high = sum(item.highest for item in scored)
    if (low, high) != found.range:
        raise ValueError(
            f"range {found.range[0]}–{found.range[1]} does not match the items' options, "
            f"which give totals from {low} to {high}"
        )
    for item in scored:
        expected = list(range(item.lowest, item.highest + 1))
        if sorted(item.values) != expected:
            raise ValueError(f"item {item.number} option values must be consecutive, not {item.values}")
    if not 0 <= found.max_missing < len(scored):
        raise ValueError(f"scoring.max_missing {found.max_missing} is out of range")
    if found.prorate and found.max_missing == 0:
        raise ValueError("scoring.prorate needs scoring.max_missing above 0")
    _check_bands(found)
    numbers = {item.number for item in scored}
    for subscale in found.subscales:
        if not subscale.items or not set(subscale.items) <= numbers:
            raise ValueError(f"subscale {subscale.key} lists items that are not scored items")
        if len(set(subscale.items)) != len(subscale.items):
            raise ValueError(f"subscale {subscale.key} lists an item twice")
    all_numbers = {item.number for item in found.items}
    for flag in found.flags:
        if flag.item not in all_numbers:
            raise ValueError(f"flag on item {flag.item}, which does not exist")
        item = found.item(flag.item)
        if not item.lowest <= flag.above < item.highest:
            raise ValueError(f"flag on item {flag.item} above {flag.above} can never fire")
    for cutoff in found.cutoffs:
        if not found.range[0] < cutoff.value <= found.range[1]:
            raise ValueError(f"cut-off {cutoff.key} lies outside the range")


def _check_bands(found: Instrument) -> None:
    """Bands, when published, must tile the range: no gap, no overlap, in order."""
    if not found.bands:
        return
    keys = [band.key for band in found.bands]
    if len(set(keys)) != len(keys):
        raise ValueError("band keys must be distinct")
    expected_min = found.range[0]
    for band in found.bands:
        if band.min != expected_min:
            raise ValueError(
                f"bands must tile the range: band {band.key} starts at {band.min}, expected {expected_min}"
            )
        if band.max < band.min:
            raise ValueError(f"band {band.key} ends before it starts")
        expected_min = band.max + 1
    if found.bands[-1].max != found.range[1]:
        raise ValueError(f"bands must tile the range: the last band ends at {found.bands[-1].max}")
