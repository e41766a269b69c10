"""The intake request's states, as plain rules over plain values (no database).

    new ──reply──▶ answered ──invite──▶ invited
     │                │                   │
     └────invite──────┴───────────────────┴──close──▶ closed

A reply keeps a request that is already invited as it is (the invitation is the further
step); a closed request takes nothing more, neither replies nor invitations. The
requester may close (withdraw) their own request as the practice may close it.
"""

from __future__ import annotations

NEW, ANSWERED, INVITED, CLOSED = "new", "answered", "invited", "closed"
STATES = (NEW, ANSWERED, INVITED, CLOSED)
REPLY, INVITE, CLOSE = "reply", "invite", "close"
ACTS = (REPLY, INVITE, CLOSE)

_NEXT = {
    (NEW, REPLY): ANSWERED,
    (ANSWERED, REPLY): ANSWERED,
    (INVITED, REPLY): INVITED,
    (NEW, INVITE): INVITED,
    (ANSWERED, INVITE): INVITED,
    (INVITED, INVITE): INVITED,
    (NEW, CLOSE): CLOSED,
    (ANSWERED, CLOSE): CLOSED,
    (INVITED, CLOSE): CLOSED,
}


def allowed(state: str, act: str) -> bool:
    return (state, act) in _NEXT


def after(state: str, act: str) -> str:
    """The state a request is in after `act`; ValueError when the act is not allowed."""
    try:
        return _NEXT[(state, act)]
    except KeyError:
        raise ValueError(f"{act} is not allowed on a request that is {state}") from None


# A proposal of a professional to a circle: waiting for an owner's yes, or answered.
WAITING, AGREED, DECLINED, WITHDRAWN = "waiting", "agreed", "declined", "withdrawn"


def needs_an_owner(requester_is_current_owner: bool, requester_stepped_away: bool) -> bool:
    """Whether a professional's invitation waits for an owner's yes.

    Only an owner may let a professional in (circles.logic.invite). A request from an
    owner who is in the circle and has not stepped away is that yes; anyone else's
    request waits until an owner agrees.
    """
    return not requester_is_current_owner or requester_stepped_away
