"""Scoring an instrument's answers exactly as published: plain functions over plain data.

`score` turns one set of answers into a total, subscales, band, flags and cut-offs;
`change` says whether the difference between two results is a reliable change by the
instrument's published threshold; `trend` gives a word for three or more results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from measures.catalogue import Band, Cutoff, Flag, Instrument, Item

IMPROVED = "improved"
DETERIORATED = "deteriorated"
NO_RELIABLE_CHANGE = "no_reliable_change"
NO_THRESHOLD = "no_threshold"

IMPROVING = "improving"
WORSENING = "worsening"
STEADY = "steady"

# Clinicians read a trend only from three or more results (measurement-based care).
TREND_MINIMUM = 3
# Without a published reliable-change threshold, a fitted change under this share of the
# score's range reads as "steady" (Mend's own rule, shown as such; see CLINICAL.md).
STEADY_SHARE = 0.1


@dataclass(frozen=True)
class Score:
    instrument_id: str
    better: str
    total: int | None  # None when more items are missing than the instrument allows
    subscales: Mapping[str, int | None]
    band: Band | None
    flags: tuple[Flag, ...]
    cutoffs: tuple[Cutoff, ...]  # the published cut-offs this total meets
    missing: int
    complete: bool
    prorated: bool
    steady_within: int  # smallest fitted change `trend` reads as movement


@dataclass(frozen=True)
class Change:
    points: int
    direction: str
    threshold: int | None
    source: str | None


def score(instrument: Instrument, answers: Mapping[int, int | None]) -> Score:
    """Score one set of answers ({item number: option value or None for unanswered})."""
    _check_answers(instrument, answers)
    scored = instrument.scored_items
    given = {item.number: _value(item, answers.get(item.number)) for item in scored}
    missing = sum(1 for value in given.values() if value is None)
    total: int | None = None
    prorated = False
    if missing <= instrument.max_missing:
        answered = [value for value in given.values() if value is not None]
        total = sum(answered)
        if missing and instrument.prorate:
            total = _round_half_up(total * len(scored) / len(answered))
            prorated = True
    subscales = {
        sub.key: None if any(given[n] is None for n in sub.items) else sum(given[n] for n in sub.items)
        for sub in instrument.subscales
    }
    # Flags read the raw answer, and fire whatever the total (PHQ-9 item 9 rule).
    flags = tuple(
        flag
        for flag in instrument.flags
        if answers.get(flag.item) is not None and answers[flag.item] > flag.above
    )
    return Score(
        instrument_id=instrument.id,
        better=instrument.better,
        total=total,
        subscales=subscales,
        band=None if total is None else instrument.band_for(total),
        flags=flags,
        cutoffs=() if total is None else tuple(c for c in instrument.cutoffs if c.met_by(total)),
        missing=missing,
        complete=missing == 0,
        prorated=prorated,
        steady_within=_steady_within(instrument),
    )


def change(instrument: Instrument, earlier: Score | int, later: Score | int) -> Change:
    """The change from `earlier` to `later`, judged by the instrument's published threshold."""
    before, after = _total(earlier), _total(later)
    points = after - before
    threshold = instrument.reliable_change
    if threshold is None:
        return Change(points, NO_THRESHOLD, None, None)
    if abs(points) < threshold.points:
        direction = NO_RELIABLE_CHANGE
    elif (points < 0) == (instrument.better == "lower"):
        direction = IMPROVED
    else:
        direction = DETERIORATED
    return Change(points, direction, threshold.points, threshold.source)


def trend(scores: Sequence[Score]) -> str | None:
    """A word for the direction of three or more results, oldest first; None with fewer.

    The least-squares line through the totals gives the fitted change from first to last;
    under the instrument's reliable-change threshold that is "steady".
    """
    scored = [s for s in scores if s.total is not None]
    if len(scored) < TREND_MINIMUM:
        return None
    ids = {s.instrument_id for s in scored}
    if len(ids) != 1:
        raise ValueError(f"a trend needs results of one instrument, not {sorted(ids)}")
    totals = [s.total for s in scored]
    fitted = _slope(totals) * (len(totals) - 1)
    if abs(fitted) < scored[-1].steady_within:
        return STEADY
    return IMPROVING if (fitted < 0) == (scored[-1].better == "lower") else WORSENING


def _check_answers(instrument: Instrument, answers: Mapping[int, int | None]) -> None:
    numbers = {item.number for item in instrument.items}
    for number, value in answers.items():
        if number not in numbers:
            raise ValueError(f"{instrument.short_name} has no item {number!r}")
        item = instrument.item(number)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value not in item.values
        ):
            raise ValueError(
                f"{instrument.short_name} item {number} has no answer {value!r}; "
                f"the answers are {list(item.values)}"
            )


def _value(item: Item, answer: int | None) -> int | None:
    """The item's contribution to the total: reversed as published for reverse-scored items."""
    if answer is None:
        return None
    return item.highest + item.lowest - answer if item.reverse else answer


def _total(result: Score | int) -> int:
    total = result.total if isinstance(result, Score) else result
    if total is None:
        raise ValueError("a change needs two results that have a total")
    return total


def _round_half_up(value: float) -> int:
    return int(value + 0.5)


def _steady_within(instrument: Instrument) -> int:
    if instrument.reliable_change is not None:
        return instrument.reliable_change.points
    low, high = instrument.range
    return max(1, _round_half_up((high - low) * STEADY_SHARE))


def _slope(values: Sequence[int]) -> float:
    n = len(values)
    mean_x = (n - 1) / 2
    mean_y = sum(values) / n
    spread = sum((x - mean_x) ** 2 for x in range(n))
    return sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values)) / spread
