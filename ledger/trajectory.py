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
from datetime import datetime, timedelta

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
    sums = _sums_by_outcome(counted, now)
    total = sum(c + d for _, c, d in sums.values()) + 2 * prior
    lines = [ExplanationLine(o, n, c, d, (c + d) / total) for o, (n, c, d) in sums.items()]
    lines.sort(key=lambda line: (-(line.credit + line.debit), OUTCOMES.index(line.outcome)))
    return Explanation(score=_score_of(counted, now, since), prior_weight=prior, lines=tuple(lines))


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
