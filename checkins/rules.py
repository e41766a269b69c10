"""Pure rules for the trend pages: the one-sentence reading, and the states as a picture.

Plain data in (weeks of state counts, oldest first), plain data out: no database, so
the tests run over hand-made weeks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext

from charts.base import Series
from checkins.models import State

Weeks = Sequence[tuple[date, Mapping[str, int]]]

RECENT_WEEKS = 2  # "the last two weeks" (the current week counts)
BEFORE_WEEKS = 4  # compared with "the month before"
# Fewer check-ins than this on either side and the comparison would be noise, so the
# reading says there is not enough yet rather than guess.
ENOUGH = 3
# A change in the share of settled check-ins smaller than this reads as "about the same".
CLEAR_CHANGE = 0.15


@dataclass(frozen=True)
class Reading:
    """How the body has been lately compared with before.

    `kind`: "none" (no check-ins in the weeks shown), "too_little", "calmer", "on_edge",
    "shut_down" or "steady". `recent` and `before` are the shares of settled check-ins
    (0–1), None when there is too little to say.
    """

    kind: str
    recent: float | None = None
    before: float | None = None


def _totals(weeks: Weeks) -> dict[str, int]:
    totals = dict.fromkeys(State.values, 0)
    for _monday, counts in weeks:
        for state in totals:
            totals[state] += counts.get(state, 0)
    return totals


def read_states(weeks: Weeks) -> Reading:
    """Compare the last two weeks with the four before them, by the share of settled check-ins.

    When the share fell, the reading names what rose more: being on edge (activated) or
    shut down, since the two call for different care.
    """
    if not any(sum(counts.values()) for _monday, counts in weeks):
        return Reading("none")
    if len(weeks) < RECENT_WEEKS + BEFORE_WEEKS:
        return Reading("too_little")
    recent = _totals(weeks[-RECENT_WEEKS:])
    before = _totals(weeks[-(RECENT_WEEKS + BEFORE_WEEKS) : -RECENT_WEEKS])
    n_recent, n_before = sum(recent.values()), sum(before.values())
    if n_recent < ENOUGH or n_before < ENOUGH:
        return Reading("too_little")

    def share(totals: dict[str, int], n: int, state: str) -> float:
        return totals[state] / n

    now, then = share(recent, n_recent, State.SETTLED), share(before, n_before, State.SETTLED)
    if now - then >= CLEAR_CHANGE:
        return Reading("calmer", now, then)
    if then - now >= CLEAR_CHANGE:
        more_activated = share(recent, n_recent, State.ACTIVATED) - share(before, n_before, State.ACTIVATED)
        more_shut = share(recent, n_recent, State.SHUT_DOWN) - share(before, n_before, State.SHUT_DOWN)
        return Reading("shut_down" if more_shut > more_activated else "on_edge", now, then)
    return Reading("steady", now, then)


def _percent(share: float | None) -> int:
    return round((share or 0) * 100)


def sentence(reading: Reading, name: str | None = None) -> str:
    """The reading in one plain sentence; about the viewer when `name` is None, else about `name`."""
    numbers = {"recent": _percent(reading.recent), "before": _percent(reading.before), "name": name}
    if name is None:
        words = {
            "none": gettext(
                "No check-ins in these weeks yet. After a few, this page will say how your body has been."
            ),
            "too_little": gettext(
                "Not enough check-ins yet to compare the last two weeks with the month before. "
                "A few more will show a trend."
            ),
            "calmer": gettext(
                "You have been calmer than in the month before: %(recent)s%% of your check-ins in the "
                "last two weeks were settled, against %(before)s%%."
            ),
            "on_edge": gettext(
                "You have been more on edge than in the month before: %(recent)s%% of your check-ins in "
                "the last two weeks were settled, against %(before)s%%."
            ),
            "shut_down": gettext(
                "You have felt more shut down than in the month before: %(recent)s%% of your check-ins "
                "in the last two weeks were settled, against %(before)s%%."
            ),
            "steady": gettext(
                "About as settled as in the month before: %(recent)s%% of your check-ins in the last two "
                "weeks were settled, against %(before)s%%."
            ),
        }
    else:
        words = {
            "none": gettext("No check-ins from %(name)s shared with you in these weeks."),
            "too_little": gettext(
                "Not enough check-ins from %(name)s shared with you yet to compare the last two weeks "
                "with the month before."
            ),
            "calmer": gettext(
                "%(name)s has been calmer than in the month before: %(recent)s%% of the check-ins you can "
                "see from the last two weeks were settled, against %(before)s%%."
            ),
            "on_edge": gettext(
                "%(name)s has been more on edge than in the month before: %(recent)s%% of the check-ins "
                "you can see from the last two weeks were settled, against %(before)s%%."
            ),
            "shut_down": gettext(
                "%(name)s has felt more shut down than in the month before: %(recent)s%% of the check-ins "
                "you can see from the last two weeks were settled, against %(before)s%%."
            ),
            "steady": gettext(
                "%(name)s has been about as settled as in the month before: %(recent)s%% of the check-ins "
                "you can see from the last two weeks were settled, against %(before)s%%."
            ),
        }
    return words[reading.kind] % numbers


def state_shares(weeks: Weeks, labels: Mapping[str, str]) -> list[Series]:
    """One line per state: the percentage of that week's check-ins, a gap for a week without any."""
    series = []
    for state in State.values:
        points = []
        for monday, counts in weeks:
            n = sum(counts.values())
            points.append((monday, round(100 * counts.get(state, 0) / n) if n else None))
        series.append(Series(str(labels[state]), points))
    return series
