"""History rows for changes that leave nothing else behind: deleting an entry.

Every page and API endpoint that deletes an entry calls `delete_entry`; the existing
checks (only the author may delete) stay where they are, and are repeated here so that a
new caller cannot forget them.
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils import timezone

from audit.models import Kind
from audit.trail import record
from circles.audience.fetch import NotTheAuthor
from circles.models import EntryDeletion, Member


def _author_id(entry: models.Model):
    # Own phrases belong to their `member`; every other entry has an `author`.
    return entry.author_id if hasattr(entry, "author_id") else entry.member_id


def delete_entry(member: Member, entry: models.Model) -> None:
    """The author deletes one of their entries (with what hangs off it), and it is logged.

    The log row holds the entry's kind and id, the circle, the member and the time: no
    text, nothing sealed. Two deletes of the same entry at once (a second tap, a second
    tab) delete it once and log it once.
    """
    if member.pk != _author_id(entry):
        raise NotTheAuthor
    with transaction.atomic():
        deleted, _by_model = type(entry)._base_manager.filter(pk=entry.pk).delete()
        if not deleted:
            return
        EntryDeletion.objects.create(
            circle_id=member.circle_id,
            member=member,
            kind=entry._meta.label_lower,
            entry_id=entry.pk,
            at=timezone.now(),
        )
        record(Kind.ENTRY_DELETED, actor=member, about=member, circle=member.circle_id, target=entry)
