"""Pure rules of the reach-out guide: step order, decisions and their history, the
gentle checklist, and how a support person can be reached. No Django models here.

The guide is a resumable walk through fixed steps. A plan remembers the step its
author was on; going back is always allowed, and nothing forces the next step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# The order of the guide. "pause" is step 2 on purpose: nothing is asked of the person
# before they have had a chance to settle.
STEPS = ("reached_out", "pause", "ask_yourself", "ask_them", "conditions", "decide")

NOT_YET = "not_yet"
YES_WITH_CONDITIONS = "yes_with_conditions"
NO_WITH_LOVE = "no_with_love"
DECISIONS = (NOT_YET, YES_WITH_CONDITIONS, NO_WITH_LOVE)

# What the "ask them" checklist looks for in the other person's answers. Any one of
# them is a sign to wait; it never says anything about who they are.
CHECKLIST = ("deflects", "blames", "pressures", "minimises", "only_apology")

ASK_YOURSELF = ("recovery_or_relief", "action_or_apology", "healed_enough", "what_i_want")
ASK_THEM = ("help_wanted", "treatment", "done_differently", "responsibility")


def step_number(step: str) -> int:
    """1-based position of a step in the guide."""
    return STEPS.index(step) + 1


def step_after(step: str) -> str | None:
    i = STEPS.index(step)
    return STEPS[i + 1] if i + 1 < len(STEPS) else None


def step_before(step: str) -> str | None:
    i = STEPS.index(step)
    return STEPS[i - 1] if i > 0 else None


def suggests_waiting(ticked) -> bool:
    """Deflection, blame or manipulation in the answers (any box ticked) suggests waiting."""
    return any(item in CHECKLIST for item in ticked)


@dataclass(frozen=True)
class DecisionRow:
    decision: str
    at: object  # a datetime; kept loose so the rule can be tested with plain values
    note: str = ""


def is_change(new: str, current: str | None, note: str = "", current_note: str = "") -> bool:
    """A new decision, or the same one with a new note: history records changes only.

    An empty note with the same decision changes nothing (the earlier note stays); the
    decide step starts with an empty note, so saving it again must not add a row.
    """
    if new != current:
        return True
    note = note.strip()
    return bool(note) and note != current_note.strip()


def decision_problem(
    new: str, current: str | None, conditions: str, *, note: str = "", current_note: str = ""
) -> str | None:
    """Why a decision cannot be recorded now, as a short code, or None when it can.

    - "unknown": not one of the three answers;
    - "same": it is already the current decision, with no new note (see `is_change`);
    - "no_conditions": "yes, with these conditions" needs the conditions written down.
    """
    if new not in DECISIONS:
        return "unknown"
    if not is_change(new, current, note, current_note):
        return "same"
    if new == YES_WITH_CONDITIONS and not conditions.strip():
        return "no_conditions"
    return None


def current_decision(history: list[DecisionRow]) -> str | None:
    """The latest decision in a history, whatever order the rows come in."""
    if not history:
        return None
    return max(history, key=lambda row: row.at).decision


def review_due(review_on: date | None, today: date, reminded_on: date | None) -> bool:
    """A review reminder is due once per review date, on or after that date."""
    if review_on is None or review_on > today:
        return False
    return reminded_on is None or reminded_on < review_on


def split_lines(text: str) -> list[str]:
    """One sign of change (or condition) per line; blank lines and bullets dropped."""
    out = []
    for line in text.splitlines():
        cleaned = line.strip().lstrip("-*•").strip()
        if cleaned:
            out.append(cleaned)
    return out


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{5,25}$")


def contact_links(reach: str) -> list[tuple[str, str]]:
    """One-tap links for how a support person can be reached: (kind, href) pairs.

    A phone number gives a call and a text; an email address gives an email; an
    https link is kept as it is. Anything else gives no link (the text still shows).
    """
    reach = reach.strip()
    if _EMAIL.match(reach):
        return [("email", f"mailto:{reach}")]
    if _PHONE.match(reach) and sum(ch.isdigit() for ch in reach) >= 5:
        number = ("+" if reach.startswith("+") else "") + "".join(ch for ch in reach if ch.isdigit())
        return [("call", f"tel:{number}"), ("text", f"sms:{number}")]
    if reach.lower().startswith("https://") and " " not in reach:
        return [("link", reach)]
    return []
