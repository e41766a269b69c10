"""The only ways pages and the API fetch an entry by its id.

The rule for 403 and 404, for pages and API alike:
- an entry the caller may not see answers **404**, exactly like one that does not exist
  (so nobody learns that it exists);
- an entry the caller may see but did not write answers **403** when they try
  something only its author may do (change who sees it, edit, delete): they already
  know it exists, so the refusal reveals nothing new.
"""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from circles.access import family_memberships
from circles.models import Member
from lib.refusal import Refused


class NotTheAuthor(Refused):
    status = 403
    code = "not_the_author"

    def __init__(self):
        super().__init__(_("Only the person who made it can do that."))


def memberships(user):
    """The user's current memberships that may read entries through the API: never a
    professional's (circles.access.family_memberships)."""
    return family_memberships(user)


def visible_for(member: Member | None, entries, **lookup):
    """The entry `member` may see matching `lookup`, or None."""
    manager = getattr(entries, "objects", entries)
    return manager.visible_to(member).filter(**lookup).first()


def fetch_visible(request, entries, entry_id: UUID | str):
    """The entry with this id if the caller may see it; otherwise 404.

    A page (or an endpoint that already found the caller's membership) has
    `request.member`, and only that membership is asked. Otherwise, as in the API
    where an id is global, each of the caller's memberships is asked in turn, and
    `request.member` is set to the one that may see it.
    """
    member = getattr(request, "member", None)
    if member is not None:
        found = visible_for(member, entries, pk=entry_id)
        if found is None:
            raise Http404
        return found
    for member in memberships(request.auth):
        found = visible_for(member, entries, pk=entry_id)
        if found is not None:
            request.member = member
            return found
    raise Http404


def fetch_authored(request, entries, entry_id: UUID | str):
    """The entry with this id if the caller wrote it: 404 if unseen, 403 if seen but not theirs."""
    entry = fetch_visible(request, entries, entry_id)
    if entry.author_id != request.member.pk:
        raise NotTheAuthor
    return entry
