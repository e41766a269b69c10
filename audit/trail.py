"""`record`: the one way to add a row to the audit trail.

Call it inside the transaction of the act it records: if the row cannot be written the
exception rolls the act back with it (SECURITY.md check 12). It never swallows an error.
"""

from __future__ import annotations

from django.db import models

from audit.models import Event, Kind

__all__ = ["Kind", "record", "target_of"]


def _user_id(person) -> int | None:
    """A user, a circle membership (its user) or a user id, as the user id."""
    if person is None or isinstance(person, int):
        return person
    if hasattr(person, "user_id"):  # a circle membership
        return person.user_id
    return person.pk


def target_of(thing) -> tuple[str, str]:
    """A model instance as (its kind, its id); a (kind, id) pair as it is."""
    if isinstance(thing, models.Model):
        return thing._meta.label_lower, str(thing.pk)
    kind, pk = thing
    return str(kind), str(pk)


def record(kind: Kind, *, actor=None, about=None, circle=None, target=None) -> Event:
    """Write one row: who acted, what kind of act, about whom, in which circle, on what.

    `actor` and `about` take a user, a membership or a user id; `circle` a circle or its
    id; `target` a model instance or a (kind, id) pair. Nothing else is stored.
    """
    target_kind, target_id = target_of(target) if target is not None else ("", "")
    event = Event(
        kind=Kind(kind),
        actor_id=_user_id(actor),
        about_id=_user_id(about),
        circle_id=getattr(circle, "pk", circle),
        target_kind=target_kind,
        target_id=target_id,
    )
    event.save(force_insert=True)
    return event
