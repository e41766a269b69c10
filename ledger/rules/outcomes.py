"""How an occurrence's outcome may change: a small state machine over plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

from lib import refusal

PENDING, KEPT, KEPT_CONFIRMED, DISPUTED = "pending", "kept", "kept_confirmed", "disputed"
RENEGOTIATED, MISSED_OWNED, MISSED = "renegotiated", "missed_owned", "missed"

PROMISER, RECIPIENT, SYSTEM = "promiser", "recipient", "system"


class Refused(refusal.Refused):
    """A change the promise's rules do not allow; the message is for the person."""

    code = "promise_rule"


@dataclass(frozen=True)
class Move:
    action: str
    before: frozenset[str]
    after: str
    actor: str


MOVES = {
    "report_kept": Move("report_kept", frozenset({PENDING}), KEPT, PROMISER),
    "renegotiate": Move("renegotiate", frozenset({PENDING}), RENEGOTIATED, PROMISER),
    "own_miss": Move("own_miss", frozenset({PENDING, MISSED, DISPUTED}), MISSED_OWNED, PROMISER),
    "confirm": Move("confirm", frozenset({KEPT, DISPUTED}), KEPT_CONFIRMED, RECIPIENT),
    "dispute": Move("dispute", frozenset({KEPT}), DISPUTED, RECIPIENT),
    "mark_missed": Move("mark_missed", frozenset({PENDING}), MISSED, SYSTEM),
}

REFUSALS = {
    "actor": _("Only the person it was promised to can do that."),
    "promiser": _("Only the person who made the promise can do that."),
    "state": _("This one has already been answered; its history stays as it is."),
    "too_early": _("This isn’t due yet. If it might not happen, you can change it in advance instead."),
    "too_late": _(
        "It’s past the time now, so it can’t be changed in advance. You can still say what happened."
    ),
    "grace": _("There is still time to report it."),
    "promise_state": _("This promise is not in a state where that can be done."),
}


def next_outcome(
    current: str, action: str, actor: str, *, now: datetime, due_at: datetime, grace: timedelta
) -> str:
    """The outcome after `action` by `actor`, or Refused with a reason a person can read."""
    move = MOVES.get(action)
    if move is None:
        raise Refused(REFUSALS["state"])
    if actor != move.actor:
        raise Refused(REFUSALS["promiser"] if move.actor == PROMISER else REFUSALS["actor"])
    if current not in move.before:
        raise Refused(REFUSALS["state"])
    _check_timing(action, current, now=now, due_at=due_at, grace=grace)
    return move.after


def _check_timing(action: str, current: str, *, now: datetime, due_at: datetime, grace: timedelta) -> None:
    if action == "renegotiate" and now >= due_at:
        raise Refused(REFUSALS["too_late"])
    if action == "own_miss" and current == PENDING and now < due_at:
        raise Refused(REFUSALS["too_early"])
    if action == "mark_missed" and now < due_at + grace:
        raise Refused(REFUSALS["grace"])


def allowed_actions(
    current: str, actor: str, *, now: datetime, due_at: datetime, grace: timedelta
) -> list[str]:
    """The actions an actor may take now, in the order a page offers them."""
    allowed = []
    for action in MOVES:
        try:
            next_outcome(current, action, actor, now=now, due_at=due_at, grace=grace)
        except Refused:
            continue
        allowed.append(action)
    return allowed
