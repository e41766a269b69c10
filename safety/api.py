"""The safety answers in the JSON API: only ever the caller's own.

Every path is about "my answers about someone": there is no way to name another
member's answers. Someone not in my circle, or myself, answers 404 like a member
that does not exist.
"""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from ninja import Router

from circles.api import REFUSALS, member_for
from circles.models import Member
from circles.schemas import valid_form
from safety import logic
from safety.forms import SafetyAnswersForm
from safety.models import SafetyCheck
from safety.schemas import SafetyAnswers, SafetyCheckOut

router = Router(tags=["safety"])


def _out(about: Member, check: SafetyCheck | None) -> dict:
    return {
        "about": {"id": about.pk, "name": about.name},
        "answers": logic.answers_of(check) or None,
        "joint_work_off": bool(check and check.blocks_joint_work),
        "answered_at": check.answered_at if check else None,
    }


def _me_and_about(request, member_id: UUID) -> tuple[Member, Member]:
    about = Member.objects.current().select_related("user").filter(pk=member_id).first()
    if about is None:
        raise Http404
    me = member_for(request, about.circle_id)  # 404 unless I am in their circle
    if not logic.may_answer_about(me, about):
        raise Http404
    return me, about


@router.get("", response={200: list[SafetyCheckOut], **REFUSALS})
def list_my_answers(request, circle: UUID):
    """Your answers about the people in a circle, for those you have answered about."""
    me = member_for(request, circle)
    checks = logic.my_checks_by_person(me)
    others = logic.others_to_answer_about(me).select_related("user")
    return [_out(other, checks[other.user_id]) for other in others if other.user_id in checks]


@router.get("/about/{member_id}", response={200: SafetyCheckOut, **REFUSALS})
def get_my_answers(request, member_id: UUID):
    """Your answers about one person in your circle (null answers if you have not answered)."""
    me, about = _me_and_about(request, member_id)
    return _out(about, logic.my_check(me, about))


@router.put("/about/{member_id}", response={200: SafetyCheckOut, **REFUSALS})
def put_my_answers(request, member_id: UUID, payload: SafetyAnswers):
    """Answer, or change your answers, about one person. Any "yes" or "not sure" turns joint exercises off."""
    me, about = _me_and_about(request, member_id)
    data = valid_form(SafetyAnswersForm, payload).cleaned_data
    return _out(about, logic.record_answers(me, about, data))
