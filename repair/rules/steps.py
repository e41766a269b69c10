"""The repair state machine: plain data in, a yes or a refusal out. No Django here.

A repair moves through five steps, each person at their own pace:

1. recognise — I confirm there was a rupture and say what I noticed;
2. regulate — I settle first (or stay paused here as long as I need);
3. own and communicate — I write my side (``side``); I reflect back each other person's
   side until they answer "yes, that's it" (``reflecting`` → ``understood``); I name my
   part (``part_named``);
4. be vulnerable — the softer feeling underneath, and what I long for;
5. rebuild — an apology and/or reassurance, and promises.

The repair as a whole is open, paused (anyone in it may pause or resume), repaired (every
person finished step 5) or ended "not now" (anyone may pick it up again later). Nobody is
named as the one who paused or ended it: endings carry no blame.

`check` refuses an action with a `Refused` carrying a code; `repair.logic` turns codes into
the words a person reads. `apply` is the same rule producing the next state (used by the
property tests; the database keeps one row per change instead).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import IntEnum, StrEnum

from lib import refusal


class Step(IntEnum):
    RECOGNISE = 1
    REGULATE = 2
    OWN = 3
    VULNERABLE = 4
    REBUILD = 5


class Status(StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    REPAIRED = "repaired"
    NOT_NOW = "not_now"


class OwnPhase(StrEnum):
    SIDE = "side"  # my side is still to write
    REFLECTING = "reflecting"  # reflecting back the others' sides until they say "yes, that's it"
    UNDERSTOOD = "understood"  # everyone said I understood them; my part is still to name
    PART_NAMED = "part_named"  # step 3 done


class Action(StrEnum):
    RECOGNISE = "recognise"
    SETTLED = "settled"  # step 2 done
    PAUSING = "pausing"  # staying at step 2 for now
    SIDE = "side"
    REFLECT = "reflect"  # needs `subject`
    ANSWER = "answer"  # needs `subject` (the reflector) and `answer`
    PART = "part"
    VULNERABLE = "vulnerable"
    REBUILD = "rebuild"
    PAUSE = "pause"
    RESUME = "resume"
    NOT_NOW = "not_now"


YES = "yes"
NOT_QUITE = "not_quite"

STEP_ACTIONS = {
    Action.RECOGNISE: Step.RECOGNISE,
    Action.SETTLED: Step.REGULATE,
    Action.PAUSING: Step.REGULATE,
    Action.SIDE: Step.OWN,
    Action.REFLECT: Step.OWN,
    Action.PART: Step.OWN,
    Action.VULNERABLE: Step.VULNERABLE,
    Action.REBUILD: Step.REBUILD,
}


class Refused(refusal.Refused):
    """An action the state does not allow; `code` says which rule, `step` which step if any.

    The words for a person come from `repair.logic.refusal_message`.
    """

    def __init__(self, code: str, step: Step | None = None):
        super().__init__(code, code=code)
        self.step = step


@dataclass(frozen=True)
class Reflection:
    reflector: object
    subject: object  # whose side is reflected back
    answer: str | None = None  # None until the subject answers, then YES or NOT_QUITE


@dataclass(frozen=True)
class Party:
    id: object
    recognised: bool = False
    regulate: str | None = None  # None, "pausing" or "settled"
    side: bool = False
    part: bool = False
    vulnerable: bool = False
    rebuilt: bool = False


@dataclass(frozen=True)
class RepairState:
    parties: tuple[Party, ...]
    status: Status = Status.OPEN
    reflections: tuple[Reflection, ...] = field(default_factory=tuple)

    def party(self, party_id) -> Party:
        for party in self.parties:
            if party.id == party_id:
                return party
        raise Refused("not_party")

    def others(self, party_id) -> list[Party]:
        return [p for p in self.parties if p.id != party_id]


# --- reading the state --------------------------------------------------------------------


def step_done(party: Party, step: Step) -> bool:
    return {
        Step.RECOGNISE: party.recognised,
        Step.REGULATE: party.regulate == "settled",
        Step.OWN: party.part,
        Step.VULNERABLE: party.vulnerable,
        Step.REBUILD: party.rebuilt,
    }[step]


def current_step(state: RepairState, party_id) -> Step | None:
    """The first step this person has not finished; None when they finished all five."""
    party = state.party(party_id)
    for step in Step:
        if not step_done(party, step):
            return step
    return None


def understood(state: RepairState, reflector, subject) -> bool:
    """Whether `subject` said "yes, that's it" to `reflector`'s latest reflection of their side."""
    latest = [r for r in state.reflections if r.reflector == reflector and r.subject == subject]
    return bool(latest) and latest[-1].answer == YES


def waiting_answer(state: RepairState, reflector, subject) -> bool:
    latest = [r for r in state.reflections if r.reflector == reflector and r.subject == subject]
    return bool(latest) and latest[-1].answer is None


def own_phase(state: RepairState, party_id) -> OwnPhase:
    party = state.party(party_id)
    if party.part:
        return OwnPhase.PART_NAMED
    if not party.side:
        return OwnPhase.SIDE
    if all(understood(state, party_id, other.id) for other in state.others(party_id)):
        return OwnPhase.UNDERSTOOD
    return OwnPhase.REFLECTING


def may_read_side(state: RepairState, viewer, author) -> bool:
    """A person in the repair reads another's side only after writing their own.

    Someone outside the repair is not in the exchange; whether they see anything at all
    is the Audience rule's answer.
    """
    if viewer == author:
        return True
    if not any(p.id == viewer for p in state.parties):
        return True
    return state.party(viewer).side


def is_repaired(state: RepairState) -> bool:
    return all(p.rebuilt for p in state.parties)


# --- the rule -----------------------------------------------------------------------------


def _check_open(state: RepairState) -> None:
    if state.status == Status.PAUSED:
        raise Refused("paused")
    if state.status == Status.NOT_NOW:
        raise Refused("not_now")
    if state.status == Status.REPAIRED:
        raise Refused("repaired")


def _check_order(party: Party, step: Step) -> None:
    for earlier in Step:
        if earlier >= step:
            break
        if not step_done(party, earlier):
            raise Refused("step_order", step)


def check(state: RepairState, actor, action: Action, *, subject=None, answer: str | None = None) -> None:
    """Refuse `action` by `actor` with `Refused` unless the state allows it."""
    party = state.party(actor)
    if action == Action.PAUSE:
        if state.status != Status.OPEN:
            raise Refused("not_open")
        return
    if action == Action.RESUME:
        if state.status not in (Status.PAUSED, Status.NOT_NOW):
            raise Refused("not_paused")
        return
    if action == Action.NOT_NOW:
        if state.status not in (Status.OPEN, Status.PAUSED):
            raise Refused("not_open")
        return
    _check_open(state)
    if action == Action.ANSWER:
        _check_answer(state, actor, subject, answer)
        return
    step = STEP_ACTIONS[action]
    _check_order(party, step)
    if step_done(party, step):
        raise Refused("already_done", step)
    if action == Action.PAUSING and party.regulate == "pausing":
        return
    if step == Step.OWN:
        _check_own(state, party, action, subject)


def _check_own(state: RepairState, party: Party, action: Action, subject) -> None:
    phase = own_phase(state, party.id)
    if action == Action.SIDE:
        if party.side:
            raise Refused("side_written")
        return
    if action == Action.PART:
        if phase == OwnPhase.SIDE:
            raise Refused("side_first")
        if phase == OwnPhase.REFLECTING:
            raise Refused("understand_first")
        return
    # Action.REFLECT
    if not party.side:
        raise Refused("side_first")
    if subject == party.id or not any(p.id == subject for p in state.parties):
        raise Refused("not_party")
    if not state.party(subject).side:
        raise Refused("no_side_yet")
    if understood(state, party.id, subject):
        raise Refused("already_understood")
    if waiting_answer(state, party.id, subject):
        raise Refused("waiting_answer")


def _check_answer(state: RepairState, actor, reflector, answer: str | None) -> None:
    if answer not in (YES, NOT_QUITE):
        raise Refused("bad_answer")
    if reflector == actor or not any(p.id == reflector for p in state.parties):
        raise Refused("not_party")
    if not waiting_answer(state, reflector, actor):
        raise Refused("nothing_to_answer")


def apply(
    state: RepairState, actor, action: Action, *, subject=None, answer: str | None = None
) -> RepairState:
    """The state after `action`, or `Refused` (same rule as `check`)."""
    check(state, actor, action, subject=subject, answer=answer)
    if action == Action.PAUSE:
        return replace(state, status=Status.PAUSED)
    if action == Action.RESUME:
        return replace(state, status=Status.OPEN)
    if action == Action.NOT_NOW:
        return replace(state, status=Status.NOT_NOW)
    if action == Action.REFLECT:
        return replace(state, reflections=(*state.reflections, Reflection(actor, subject)))
    if action == Action.ANSWER:
        return replace(
            state, reflections=_answered(state.reflections, reflector=subject, subject=actor, answer=answer)
        )
    changes = {
        Action.RECOGNISE: {"recognised": True},
        Action.SETTLED: {"regulate": "settled"},
        Action.PAUSING: {"regulate": "pausing"},
        Action.SIDE: {"side": True},
        Action.PART: {"part": True},
        Action.VULNERABLE: {"vulnerable": True},
        Action.REBUILD: {"rebuilt": True},
    }[action]
    parties = tuple(replace(p, **changes) if p.id == actor else p for p in state.parties)
    after = replace(state, parties=parties)
    return replace(after, status=Status.REPAIRED) if is_repaired(after) else after


def _answered(reflections, *, reflector, subject, answer) -> tuple[Reflection, ...]:
    items = list(reflections)
    for index in range(len(items) - 1, -1, -1):
        item = items[index]
        if item.reflector == reflector and item.subject == subject:
            items[index] = replace(item, answer=answer)
            break
    return tuple(items)
