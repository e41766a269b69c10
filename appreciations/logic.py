from __future__ import annotations

from django.db import transaction

from appreciations.models import Appreciation
from circles.models import Member


def record_appreciation(
    author: Member,
    text: str,
    to_member: Member | None,
    audience: str,
    chosen=(),
    professional_may_see: bool = False,
) -> Appreciation:
    """Save an appreciation and its audience in one step (pages and API both call this)."""
    if to_member is not None and (to_member.circle_id != author.circle_id or to_member.pk == author.pk):
        raise ValueError("the person thanked must be someone else in the same circle")
    with transaction.atomic():
        appreciation = Appreciation(circle_id=author.circle_id, author=author, to_member=to_member, text=text)
        appreciation.save()
        appreciation.set_audience(audience, chosen, professional_may_see)
    return appreciation
