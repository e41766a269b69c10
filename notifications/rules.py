"""What a notification says and when two become one: pure rules over plain data.

No database here: `describe.py` gathers what the viewer may see and hands it over as
plain values, so these rules get fast unit tests (notifications/tests/test_rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import UUID

from django.utils.translation import gettext, ngettext

from notifications.models import Kind

# Kinds about one thing (a promise, a pause, a repair, a plan). The others are reminders
# about nothing in particular, and collapse by kind and circle alone.
ABOUT_A_THING = frozenset(
    {
        Kind.PROMISE_DUE,
        Kind.CONFIRM_WAITING,
        Kind.RENEGOTIATED,
        Kind.TALK_REQUEST,
        Kind.TIMEOUT_CALLED,
        Kind.TIMEOUT_RETURN,
        Kind.REPAIR_INVITED,
        Kind.REPAIR_STEP,
        Kind.OFFER_MADE,
        Kind.PLAN_REVIEW,
        Kind.SAFETY_ALERT,
        Kind.INTAKE_REPLIED,
        Kind.PROFESSIONAL_PROPOSED,
        Kind.CONSENT_GIVEN,
        Kind.CONSENT_CHANGED,
        Kind.CONSENT_REVOKED,
    }
)

# Kinds that are someone's act: without a name the viewer may read, they say nothing.
BY_SOMEONE = frozenset(
    {
        Kind.CONFIRM_WAITING,
        Kind.RENEGOTIATED,
        Kind.TALK_REQUEST,
        Kind.TIMEOUT_CALLED,
        Kind.REPAIR_INVITED,
        Kind.REPAIR_STEP,
        Kind.OFFER_MADE,
        Kind.SAFETY_ALERT,
        Kind.CONSENT_GIVEN,
        Kind.CONSENT_CHANGED,
        Kind.CONSENT_REVOKED,
    }
)


@dataclass(frozen=True)
class Item:
    """One unread notification, as far as collapsing is concerned."""

    kind: str
    circle_id: UUID | None
    target_id: UUID | None
    actor_id: UUID | None
    at: datetime
    count: int = 1
    read: bool = False


def gathers(kind: str, target_id) -> bool:
    """Whether news of `kind` may join an earlier item: when it names its thing, or is a
    reminder about nothing in particular. News of a thing that names none stays apart,
    since it may be about another thing."""
    return target_id is not None or kind not in ABOUT_A_THING


def same_thing(item: Item, kind: str, circle_id, target_id) -> bool:
    """Whether news of `kind` about `target_id` belongs in `item` instead of a new one."""
    return (
        gathers(kind, target_id)
        and not item.read
        and item.kind == kind
        and item.circle_id == circle_id
        and item.target_id == target_id
    )


def merge(item: Item, *, actor_id, at: datetime) -> Item:
    """The item after one more event about the same thing: latest time and actor, one more."""
    return replace(item, actor_id=actor_id, at=max(item.at, at), count=item.count + 1)


def collapse(items: list[Item], event: Item) -> list[Item]:
    """A list of items after `event` arrives: merged into the unread one about the same thing,
    else added. The reference for what notify() does with rows."""
    for index, item in enumerate(items):
        if same_thing(item, event.kind, event.circle_id, event.target_id):
            return [*items[:index], merge(item, actor_id=event.actor_id, at=event.at), *items[index + 1 :]]
    return [*items, event]


# --- sentences --------------------------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    """What the viewer may see of one notification, gathered at display time.

    `visible` is False when the thing is gone from the viewer's sight (deleted, its
    audience changed, the viewer left) or when the one who acted is someone the viewer said
    they are not safe with: then nothing but a neutral line is shown. `actor` is the name
    the viewer may read, or "" when there is none. `facts` are small words about the thing
    already in the viewer's language and time zone (a time, the other person's name).
    """

    kind: str
    visible: bool = True
    actor: str = ""
    facts: dict[str, str] = field(default_factory=dict)
    has_target: bool = True


def sentence(seen: Seen) -> str:
    """The line a person reads about one notification, in the active language.

    Never an entry's text (SECURITY.md check 14): a name, the kind of thing, a time.
    """
    if seen.kind in ABOUT_A_THING and not seen.has_target:
        # Stored before notifications named anyone: the kind's plain label, as it was.
        return str(Kind(seen.kind).label) if seen.kind in Kind.values else gettext("An update")
    if not seen.visible:
        return gettext("An update you can no longer open")
    if seen.kind in BY_SOMEONE and not seen.actor:
        return str(Kind(seen.kind).label)
    name, facts = seen.actor, seen.facts
    match seen.kind:
        case Kind.CONFIRM_WAITING:
            return gettext("%(name)s says they kept a promise to you. Can you confirm it?") % {"name": name}
        case Kind.RENEGOTIATED:
            return gettext("%(name)s changed a promise to you in advance") % {"name": name}
        case Kind.TALK_REQUEST:
            return gettext("%(name)s saw your promise differently and would like to talk") % {"name": name}
        case Kind.PROMISE_DUE:
            if facts.get("to"):
                return gettext("Your promise to %(to)s is coming up") % {"to": facts["to"]}
            return gettext("Your promise to the circle is coming up")
        case Kind.TIMEOUT_CALLED:
            if facts.get("until"):
                return gettext("%(name)s called a pause until %(time)s") % {
                    "name": name,
                    "time": facts["until"],
                }
            return gettext("%(name)s called a pause") % {"name": name}
        case Kind.TIMEOUT_RETURN:
            if facts.get("with"):
                return gettext("Your pause with %(name)s is over. Come back when you’re ready") % {
                    "name": facts["with"]
                }
            return str(Kind.TIMEOUT_RETURN.label)
        case Kind.REPAIR_INVITED:
            return gettext("%(name)s invited you to repair something between you") % {"name": name}
        case Kind.REPAIR_STEP:
            return gettext("%(name)s moved on in a repair you share") % {"name": name}
        case Kind.OFFER_MADE:
            return gettext("%(name)s offered you a way to show change") % {"name": name}
        case Kind.SAFETY_ALERT:
            # Never what was written or what the screen found (coach_web/alerts.py).
            return gettext("%(name)s may need a check-in from you") % {"name": name}
        case Kind.INTAKE_REPLIED if facts.get("practice"):
            return gettext("%(practice)s answered your request for help") % {"practice": facts["practice"]}
        case Kind.PROFESSIONAL_PROPOSED if facts.get("practice"):
            return gettext(
                "%(practice)s would like a professional to join your circle. Your answer is needed"
            ) % {"practice": facts["practice"]}
        case Kind.CONSENT_GIVEN:
            return gettext("%(name)s signed a consent for you") % {"name": name}
        case Kind.CONSENT_CHANGED:
            return gettext("%(name)s changed their consent for you") % {"name": name}
        case Kind.CONSENT_REVOKED:
            return gettext("%(name)s revoked their consent for you") % {"name": name}
    return str(Kind(seen.kind).label) if seen.kind in Kind.values else gettext("An update")


def times(count: int) -> str:
    """ "3 updates", shown beside an item that gathered several; nothing for one."""
    if count <= 1:
        return ""
    return ngettext("%(count)s update", "%(count)s updates", count) % {"count": count}


def offers_repair(seen: Seen) -> bool:
    """Whether the item offers "Start a repair": a promise someone saw differently."""
    return seen.kind == Kind.TALK_REQUEST and seen.visible and seen.has_target
