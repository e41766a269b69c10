"""Safety gating: joint exercises are off between two members when one is at risk.

Answers belong to people, not to one membership: someone who leaves the circle and is
invited back is a new `Member` row, and must not come back with joint work switched on
again. So every question here matches the two people (user and circle).

Nothing may tell the other person that she answered about him (issue 13): only she is
refused when she starts joint work with him (`NotSafeTogether`, with where help is);
what he starts with her is made for him exactly as always and never reaches her. Each
joint entry's `visible_to` leaves out what the people she flagged (`flagged_by`) made
with her, and `notifications.logic.notify(..., by=...)` never tells her of their acts.
"""

from __future__ import annotations

import json
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.models import Member
from lib.refusal import Refused
from safety import rules
from safety.models import SafetyCheck


class SafetyRefused(Refused):
    """Answers that cannot be recorded; the message is for the person."""


def resources() -> str:
    return _(
        "If you are in danger, call your local emergency number. National Domestic Violence "
        "Hotline: 1-800-799-7233. Suicide and Crisis Lifeline: call or text 988."
    )


class NotSafeTogether(Refused):
    """Joint work the member at risk starts with someone she said she is not safe with.

    Raised only for her: she knows her own answers, so she is told why and where help
    is. The other person is never refused (that would tell him about her answers).
    """

    status = 403
    code = "not_safe_together"

    def __init__(self, lead: str):
        super().__init__(f"{lead} {resources()}")


def _by(member: Member) -> Q:
    return Q(member__user_id=member.user_id, member__circle_id=member.circle_id)


def _about(member: Member) -> Q:
    return Q(about__user_id=member.user_id, about__circle_id=member.circle_id)


def _blocking(checks) -> list[SafetyCheck]:
    """The checks among `checks` that switch joint work off.

    The flag is sealed (safety/models.py), so it is read here, in Python, from the few
    checks one question concerns (one person's, in one circle), never filtered in SQL.
    """
    return [check for check in checks.select_related("member", "about") if check.blocks_joint_work]


def joint_work_blocked(member: Member, other: Member) -> bool:
    """True when either of the two said they are not safe with the other.

    A fact about the pair, never a reason to refuse: refusing the other person would tell
    him about her answers. To refuse, ask `at_risk_with(actor, other)`.
    """
    if member.pk == other.pk or member.user_id == other.user_id:
        return False
    return bool(
        _blocking(SafetyCheck.objects.filter((_by(member) & _about(other)) | (_by(other) & _about(member))))
    )


def flagged_by(member: Member):
    """Members of `member`'s circle whose person `member` said they are not safe with.

    A lazy queryset of ids, for use inside another query: what those members start with
    `member` is kept from `member`, and they are never told (see checkins.models.TimeOut).
    The person's own few checks are read when it is built.
    """
    people = [check.about.user_id for check in _blocking(SafetyCheck.objects.filter(_by(member)))]
    return Member.objects.filter(circle_id=member.circle_id, user_id__in=people).values("pk")


def at_risk_with_any(member: Member, others) -> bool:
    """True when `member` said they are not safe with any of `others`."""
    people = {other.user_id for other in others if other.user_id != member.user_id}
    if not people:
        return False
    return bool(
        _blocking(
            SafetyCheck.objects.filter(
                _by(member), about__user_id__in=people, about__circle_id=member.circle_id
            )
        )
    )


def keeps_apart(user_id, by: Member) -> bool:
    """True when the person `user_id` said, in `by`'s circle, they are not safe with `by`.

    For notifications: nothing `by` does reaches that person, and `by` is not told.
    """
    return bool(
        _blocking(
            SafetyCheck.objects.filter(_about(by), member__user_id=user_id, member__circle_id=by.circle_id)
        )
    )


def at_risk_pairs() -> set[tuple]:
    """Every (circle, person, other person) where the person said they are not safe with
    the other, in one query, for jobs that check many pairs (see `at_risk_with`)."""
    return {
        (c.member.circle_id, c.member.user_id, c.about.user_id) for c in _blocking(SafetyCheck.objects.all())
    }


def at_risk_with(member: Member, other: Member) -> bool:
    """True when `member` themselves said they are not safe with `other`.

    Only for what `member` is shown (safety resources); the other person is never told.
    """
    return bool(_blocking(SafetyCheck.objects.filter(_by(member), _about(other))))


def may_answer_about(member: Member, about: Member) -> bool:
    return about.user_id != member.user_id and about.circle_id == member.circle_id and about.left_at is None


def others_to_answer_about(member: Member):
    """Everyone else currently in the circle, the professional too."""
    return Member.objects.current().filter(circle_id=member.circle_id).exclude(user_id=member.user_id)


def record_answers(
    member: Member, about: Member, answers: dict[str, str], now: datetime | None = None
) -> SafetyCheck:
    """Save (or replace) `member`'s answers about `about`; joint work follows the answers."""
    if not may_answer_about(member, about):
        raise SafetyRefused(_("These questions are about someone else in this circle."))
    try:
        clean = rules.clean_answers(answers)
    except rules.AnswersRefused as error:
        raise SafetyRefused(str(error)) from error
    with transaction.atomic():
        # Answers given during an earlier membership of either person are replaced too.
        SafetyCheck.objects.filter(_by(member), _about(about)).exclude(member=member, about=about).delete()
        check, _created = SafetyCheck.objects.update_or_create(
            member=member,
            about=about,
            defaults={
                "answers": json.dumps(clean),
                "blocks_joint_work": rules.risk_indicated(clean),
                "answered_at": now or timezone.now(),
            },
        )
    return check


def answers_of(check: SafetyCheck | None) -> dict[str, str]:
    """The stored answers, {} when there are none (or the set was never filled)."""
    if check is None or not check.answers:
        return {}
    stored = json.loads(check.answers)
    return {key: stored[key] for key in rules.QUESTIONS if key in stored}


def my_check(member: Member, about: Member) -> SafetyCheck | None:
    """`member`'s own answers about `about`: there is no way to ask for anyone else's."""
    return SafetyCheck.objects.filter(_by(member), _about(about)).order_by("-answered_at").first()


def my_checks_by_person(member: Member) -> dict:
    """`member`'s own answers, keyed by the user id of the person they are about."""
    checks = SafetyCheck.objects.filter(_by(member)).select_related("about").order_by("answered_at")
    return {check.about.user_id: check for check in checks}  # the newest wins
