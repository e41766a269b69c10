"""What every entry type's API router shares: finding an entry by id for the caller.

An entry id is global, so the caller's memberships are tried in turn; the Audience
mechanism decides, and anything not visible is the same 404 as a missing id.
"""

from __future__ import annotations

import typing
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from circles.access import has_two_factor
from circles.audience import get_visible_or_404
from circles.models import Member


def eager_annotations(view):
    """Resolve string annotations now: `@paginate`'s wrapper would look them up in
    ninja's own module instead of the view's (vitalik/django-ninja#1717)."""
    view.__annotations__ = typing.get_type_hints(view)
    return view


def memberships(user):
    members = Member.objects.current().filter(user=user)
    if has_two_factor(user):
        return members
    # Without two-step login a professional sees nothing of their circles.
    return members.exclude(role=Member.Role.PROFESSIONAL)


def find_entry(request, queryset, entry_id: UUID):
    """The entry if one of the caller's memberships may see it (sets `request.member`); else 404."""
    for member in memberships(request.auth):
        try:
            found = get_visible_or_404(queryset, member, pk=entry_id)
        except Http404:
            continue
        request.member = member
        return found
    raise Http404


def only_author(request, entry) -> None:
    if entry.author_id != request.member.pk:
        raise HttpError(403, _("Only the person who made it can do that."))
