from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from appreciations.models import Appreciation
from circles.models import Member
from safety.logic import NotSafeTogether, at_risk_with


def thankable(author: Member):
    """Who an appreciation can be addressed to: others in the circle who are reachable."""
    return Member.objects.choosable_by(author)


def record_appreciation(
    author: Member,
    text: str,
    to_member: Member | None,
    audience: str,
    chosen=(),
    professional_may_see: bool = False,
) -> Appreciation:
    """Save an appreciation and its audience in one step (pages and API both call this)."""
    if to_member is not None and not thankable(author).filter(pk=to_member.pk).exists():
        raise ValueError("the person thanked must be someone else reachable in the same circle")
    if to_member is not None and at_risk_with(author, to_member):
        # Only she is refused; his thanks to her are saved as always and never reach her.
        raise NotSafeTogether(
            _(
                "Because of your answers to the safety questions, notes of thanks to this person are off for you."
            )
        )
    with transaction.atomic():
        appreciation = Appreciation(circle_id=author.circle_id, author=author, to_member=to_member, text=text)
        appreciation.save()
        appreciation.set_audience(audience, chosen, professional_may_see)
    return appreciation
