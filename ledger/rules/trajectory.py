"""The trajectory score: how consistently promises have been kept lately, as plain math.

No Django here on purpose: the score is a pure function of (events, now), so it can be
tested without a database and documented in docs/trajectory.md exactly as written.

Each outcome gives a credit c and a debit d. An event of age a days weighs
w = 0.5 ** (a / HALF_LIFE_DAYS). With S = Σ count·w·c, D = Σ count·w·d and a neutral
prior of one credit and one debit placed at the oldest counted event (weight w0):

    score = 100 · (S + w0) / (S + D + 2·w0)

Events older than HORIZON_DAYS, or later than `now`, are not counted.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

KEPT, KEPT_CONFIRMED, DISPUTED = "kept", "kept_confirmed", "disputed"
RENEGOTIATED, MISSED_OWNED, MISSED = "renegotiated", "missed_owned", "missed"

# outcome → (credit, debit). Owning a miss and renegotiating ahead are trustworthy acts,
# so they earn part credit; a dispute is half-heard both ways rather than a verdict.
WEIGHTS: dict[str, tuple[float, float]] = {
    KEPT_CONFIRMED: (1.0, 0.0),
    KEPT: (0.75, 0.0),
    RENEGOTIATED: (0.5, 0.0),
    DISPUTED: (0.25, 0.25),
    MISSED_OWNED: (0.25, 0.5),
    MISSED: (0.0, 1.0),
}
OUTCOMES: tuple[str, ...] = tuple(WEIGHTS)

HALF_LIFE_DAYS = 28
HORIZON_DAYS = 8 * HALF_LIFE_DAYS  # 224: by then an event weighs 1/256 of a fresh one
_HORIZON = timedelta(days=HORIZON_DAYS)
_DAY = timedelta(days=1)

# A run celebrates follow-through; renegotiating ahead is part of it, not a break.
RUN_KEEPS = frozenset({KEPT, KEPT_CONFIRMED, RENEGOTIATED})
RUN_BREAKS = frozenset({DISPUTED, MISSED_OWNED, MISSED})


@dataclass(frozen=True)
class Event:
    """One ended occurrence (or `count` identical ones) at a timezone-aware instant."""

    at: datetime
    outcome: str
    count: int = 1

    def __post_init__(self) -> None:
        # Fail at construction, not deep inside a chart, when a caller passes "pending"
        # or a naive datetime.
        if self.outcome not in WEIGHTS:
            raise ValueError(f"not a scored outcome: {self.outcome!r}")
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise ValueError("Event.at must be timezone-aware (UTC)")
        if self.count < 1:
            raise ValueError("Event.count must be at least 1")


@dataclass(frozen=True)
class ExplanationLine:
    """What one kind of outcome contributed: weighted credit and debit, and its share."""

    outcome: str
    count: int
    credit: float
    debit: float
    share: float  # (credit + debit) / (S + D + 2·w0): the prior holds the rest


@dataclass(frozen=True)
class Explanation:
    """Everything a "why this number?" page needs, most influential outcome first."""

    score: float | None
    prior_weight: float
    lines: tuple[ExplanationLine, ...]

    @property
    def prior_share(self) -> float:
        """The share of the total held by the neutral starting point (0 when no score)."""
        total = sum(line.credit + line.debit for line in self.lines) + 2 * self.prior_weight
        return 2 * self.prior_weight / total if total else 0.0


def weight(age_days: float) -> float:
    """How much an event of this age counts, relative to one happening now."""
    return 0.5 ** (age_days / HALF_LIFE_DAYS)


def score(events: Iterable[Event], now: datetime, since: datetime | None = None) -> float | None:
    """The score (0–100) at `now`, or None when nothing counts yet ("not enough yet").

    `since` is when the history began (the first time anything fell due). The neutral
    prior sits there, so recording another occurrence never moves it; without it, the
    oldest counted event stands in.
    """
    return _score_of(_counted(_sorted(events), now), now, since)


def explain(events: Iterable[Event], now: datetime, since: datetime | None = None) -> Explanation:
    """The score at `now` broken down by outcome, ordered by influence (weighted mass)."""
    counted = _counted(_sorted(events), now)
    if not counted:
        return Explanation(score=None, prior_weight=0.0, lines=())
    prior = _prior(counted, now, since)
    return _explanation(_sums_by_outcome(counted, now), prior, _score_of(counted, now, since))


def _explanation(sums: dict[str, tuple[int, float, float]], prior: float, value: float | None) -> Explanation:
    total = sum(c + d for _, c, d in sums.values()) + 2 * prior
    lines = [ExplanationLine(o, n, c, d, (c + d) / total) for o, (n, c, d) in sums.items()]
    lines.sort(key=lambda line: (-(line.credit + line.debit), OUTCOMES.index(line.outcome)))
    return Explanation(score=value, prior_weight=prior, lines=tuple(lines))


def recent_run(outcomes_newest_first: Iterable[str]) -> int:
    """How many kept, confirmed or renegotiated occurrences in a row, counting back from the newest."""
    run = 0
    for outcome in outcomes_newest_first:
        if outcome in RUN_BREAKS:
            break
        if outcome not in RUN_KEEPS:
            raise ValueError(f"not a scored outcome: {outcome!r}")
        run += 1
    return run


def series(
    events: Iterable[Event], points: Sequence[datetime], since: datetime | None = None
) -> list[tuple[datetime, float | None]]:
    """The score as it was at each point (in the order given), counting only events up to it.

    Events are sorted once; each point then scores just its own window (found by
    bisection), so the work is about points × events-per-horizon, not points × events.
    """
    ordered = _sorted(events)
    instants = [event.at for event in ordered]
    return [(point, _score_of(_window(ordered, instants, point), point, since)) for point in points]


def _sorted(events: Iterable[Event]) -> list[Event]:
    # A total order makes the float sums independent of the order the caller used.
    return sorted(events, key=lambda e: (e.at, OUTCOMES.index(e.outcome), e.count))


def _counted(ordered: list[Event], now: datetime) -> list[Event]:
    return [e for e in ordered if e.at <= now and now - e.at <= _HORIZON]


def _window(ordered: list[Event], instants: list[datetime], now: datetime) -> list[Event]:
    """The slice of sorted events that `_counted` would keep at `now`."""
    return ordered[bisect_left(instants, now - _HORIZON) : bisect_right(instants, now)]


def _age_weight(event: Event, now: datetime) -> float:
    return weight((now - event.at) / _DAY)


def _prior(counted: list[Event], now: datetime, since: datetime | None) -> float:
    anchor = counted[0].at if since is None else min(since, counted[0].at)
    return weight((now - anchor) / _DAY)


def _score_of(counted: list[Event], now: datetime, since: datetime | None = None) -> float | None:
    """The formula itself, over events already filtered and sorted oldest first."""
    if not counted:
        return None
    prior = _prior(counted, now, since)
    credit = debit = 0.0
    for event in counted:
        w = event.count * _age_weight(event, now)
        c, d = WEIGHTS[event.outcome]
        credit += w * c
        debit += w * d
    return 100 * (credit + prior) / (credit + debit + 2 * prior)


def _sums_by_outcome(counted: list[Event], now: datetime) -> dict[str, tuple[int, float, float]]:
    sums: dict[str, tuple[int, float, float]] = {}
    for event in counted:
        w = event.count * _age_weight(event, now)
        c, d = WEIGHTS[event.outcome]
        n, credit, debit = sums.get(event.outcome, (0, 0.0, 0.0))
        sums[event.outcome] = (n + event.count, credit + w * c, debit + w * d)
    return sums


# --- the same rule, for histories already counted per instant --------------------------

_WEIGHT_LIST: tuple[tuple[float, float], ...] = tuple(WEIGHTS[o] for o in OUTCOMES)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_DAY_US = _DAY // _MICROSECOND
_HORIZON_US = _HORIZON // _MICROSECOND


def _to_micros(at: datetime) -> int:
    # Whole microseconds, so (now - at) / _DAY is the same float as (now_us - at_us) / _DAY_US.
    return (at - _EPOCH) // _MICROSECOND


class Tally:
    """A history counted per instant: how many of each outcome fell then, oldest first.

    The pages read answered occurrences already counted per day and outcome, so building
    an `Event` for each and weighing every one separately is wasted work. `score`,
    `explain` and `series` here give exactly the numbers the functions above give for
    the same history, when it has at most one event per (instant, outcome): every step
    is the same arithmetic in the same order, only each instant's weight is computed
    once. (With several events of one outcome at one instant, their counts are added
    first, which can move the last bits of a float.) The functions above stay the
    statement of the rule, as docs/trajectory.md writes it.
    """

    __slots__ = ("_at_us", "_nonzero", "since")

    def __init__(self, since: datetime | None = None) -> None:
        self.since = since
        self._at_us: list[int] = []  # each instant, in whole microseconds since 1970
        self._nonzero: list[tuple[tuple[int, int], ...]] = []  # per instant, (OUTCOMES index, count)

    @classmethod
    def of(cls, events: Iterable[Event], since: datetime | None = None) -> Tally:
        """The tally of any events, in any order."""
        per_instant: dict[datetime, list[int]] = {}
        for event in events:
            counts = per_instant.setdefault(event.at, [0] * len(OUTCOMES))
            counts[OUTCOMES.index(event.outcome)] += event.count
        tally = cls(since)
        for at in sorted(per_instant):
            tally.append(at, per_instant[at])
        return tally

    def append(self, at: datetime, counts: Sequence[int]) -> None:
        """Add what fell at `at`, later than anything added before: a count per OUTCOMES entry."""
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError("a tally's instants must be timezone-aware (UTC)")
        micros = _to_micros(at)
        if self._at_us and micros <= self._at_us[-1]:
            raise ValueError("a tally grows oldest first, one entry per instant")
        if len(counts) != len(OUTCOMES) or min(counts) < 0:
            raise ValueError("a tally needs one count (0 or more) per outcome")
        nonzero = tuple((i, n) for i, n in enumerate(counts) if n)
        if nonzero:  # an instant where nothing was answered is no event
            self._at_us.append(micros)
            self._nonzero.append(nonzero)

    @property
    def instants(self) -> list[datetime]:
        return [_EPOCH + micros * _MICROSECOND for micros in self._at_us]

    def events(self) -> list[Event]:
        """The same history as events, one per instant and outcome, oldest first."""
        return [
            Event(at=at, outcome=OUTCOMES[index], count=n)
            for at, nonzero in zip(self.instants, self._nonzero, strict=True)
            for index, n in nonzero
        ]

    def __bool__(self) -> bool:
        return bool(self._at_us)

    def score(self, now: datetime) -> float | None:
        """What `score(events, now, since)` gives."""
        return self._sums(now)[0]

    def explain(self, now: datetime) -> Explanation:
        """What `explain(events, now, since)` gives."""
        value, prior, sums = self._sums(now, by_outcome=True)
        if value is None:
            return Explanation(score=None, prior_weight=0.0, lines=())
        return _explanation(sums, prior, value)

    def series(self, points: Sequence[datetime]) -> list[tuple[datetime, float | None]]:
        """What `series(events, points, since)` gives."""
        return [(point, self.score(point)) for point in points]

    def _sums(self, now: datetime, by_outcome: bool = False) -> tuple[float | None, float, dict]:
        """The score at `now`, the prior's weight, and (if asked) what `_sums_by_outcome` gives."""
        now_us = _to_micros(now)
        micros = self._at_us
        lo = bisect_left(micros, now_us - _HORIZON_US)
        hi = bisect_right(micros, now_us)
        sums: dict[str, tuple[int, float, float]] = {}
        if lo == hi:
            return None, 0.0, sums
        credit = debit = 0.0
        for i in range(lo, hi):
            age_weight = weight((now_us - micros[i]) / _DAY_US)
            for index, n in self._nonzero[i]:
                w = n * age_weight
                c, d = _WEIGHT_LIST[index]
                credit += w * c
                debit += w * d
                if by_outcome:
                    outcome = OUTCOMES[index]
                    count, outcome_credit, outcome_debit = sums.get(outcome, (0, 0.0, 0.0))
                    sums[outcome] = (count + n, outcome_credit + w * c, outcome_debit + w * d)
        oldest = micros[lo]
        anchor = oldest if self.since is None else min(_to_micros(self.since), oldest)
        prior = weight((now_us - anchor) / _DAY_US)
        return 100 * (credit + prior) / (credit + debit + 2 * prior), prior, sums
