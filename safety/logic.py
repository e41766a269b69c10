"""Safety gating: joint exercises are off between two members when one is at risk."""

from __future__ import annotations

from django.db.models import Q

from circles.models import Member
from safety.models import SafetyCheck


def joint_work_blocked(member: Member, other: Member) -> bool:
    """True when either of the two said they are not safe with the other.

    Callers must not tell the other person why; they only learn that a joint
    exercise is not available now.
    """
    if member.pk == other.pk:
        return False
    return SafetyCheck.objects.filter(
        Q(member=member, about=other) | Q(member=other, about=member), blocks_joint_work=True
    ).exists()


def members_blocked_with(member: Member) -> set:
    """Ids of every member with whom joint work is off for `member`, either way."""
    rows = SafetyCheck.objects.filter(Q(member=member) | Q(about=member), blocks_joint_work=True)
    return {
        row.about_id if row.member_id == member.pk else row.member_id
        for row in rows.only("member_id", "about_id")
    }
