"""Ruptures, repair steps and reflections in the JSON API, under the Audience rules.

Everything is fetched through `visible_to`: a rupture the caller may not see (including one
hidden by safety gating) answers 404 like one that does not exist. Another person's step-3
text answers 404 until the caller has written their own side. The page forms check the
values, so pages and API cannot disagree; a refused move answers 400 with its words, and a
repair switched off by safety gating answers 403 with the same words the pages use.
"""

from __future__ import annotations

import zoneinfo
from uuid import UUID

from django import forms as django_forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate

from circles.api import REFUSALS, member_for
from circles.audience.api import change_audience_from
from circles.audience.fetch import fetch_authored, fetch_visible
from circles.audience.schemas import AudienceIn
from circles.schemas import Pages, eager_annotations, valid_form
from ledger.rules.schedule import Rule
from repair import forms, logic
from repair.models import Reflection, RepairStep, Rupture
from repair.rules.stats import median_time_to_repair, monthly_medians, open_count
from repair.rules.steps import Action
from repair.schemas import (
    AnswerIn,
    ReflectionIn,
    ReflectionOut,
    RuptureDetailOut,
    RuptureIn,
    RuptureOut,
    StepIn,
    StepOut,
    TimeToRepairOut,
)

router = Router(tags=["repair"])


def _ruptures():
    return Rupture.objects.select_related("author__user").prefetch_related("parties__user")


def _find(request, rupture_id: UUID) -> Rupture:
    return fetch_visible(request, _ruptures(), rupture_id)


def _own(request, rupture_id: UUID) -> Rupture:
    return fetch_authored(request, _ruptures(), rupture_id)


def _valid(form_class, data: dict, **kwargs) -> django_forms.Form:
    form = form_class(data=data, **kwargs)
    if form.is_valid():
        return form
    raise NinjaValidationError(
        [
            {"loc": ["body", "payload", field], "msg": error["message"], "type": error["code"] or "invalid"}
            for field, errors in form.errors.get_json_data().items()
            for error in errors
        ]
    )


@router.get("", response={200: list[RuptureOut], **REFUSALS})
@paginate(Pages, page_size=20)
@eager_annotations
def list_ruptures(request, circle: UUID):
    """The ruptures in a circle that you may see, newest first."""
    return _ruptures().visible_to(member_for(request, circle)).order_by("-created_at", "-pk")


@router.post("", response={201: RuptureDetailOut, **REFUSALS})
def create_rupture(request, payload: RuptureIn):
    """Log a rupture between you and others; they are invited to repair it with you."""
    member = member_for(request, payload.circle)
    form = valid_form(forms.RuptureForm, payload, member=member)
    data = form.cleaned_data
    rupture = logic.log_rupture(
        member,
        form.rupture_data(),
        data["audience"],
        data["chosen"],
        data["professional_may_see"],
    )
    return 201, fetch_visible(request, _ruptures(), rupture.pk)


@router.get("/time-to-repair", response={200: TimeToRepairOut, **REFUSALS})
def time_to_repair(request, circle: UUID):
    """The circle's time to repair, from the ruptures you can see: never per person."""
    member = member_for(request, circle)
    now = timezone.now()
    spans = logic.spans(Rupture.objects.visible_to(member).only("created_at", "repaired_at", "status"))
    median = median_time_to_repair(spans, now)
    return {
        "median_hours_90_days": None if median is None else round(median.total_seconds() / 3600, 1),
        "open": open_count(spans),
        "months": [
            {
                "month": m.month.isoformat(),
                "median_hours": None if m.median is None else round(m.median.total_seconds() / 3600, 1),
                "repaired": m.repaired,
            }
            for m in monthly_medians(spans, now)
        ],
    }


@router.get("/steps/{step_id}", response={200: StepOut, **REFUSALS})
def get_step(request, step_id: UUID):
    """One step text you may read (another's step-3 text only once you wrote your side)."""
    row = fetch_visible(request, RepairStep.objects.select_related("author__user", "rupture"), step_id)
    if row not in logic.readable_steps(request.member, row.rupture):
        raise Http404
    return row


@router.post("/reflections/{reflection_id}/answer", response={200: ReflectionOut, **REFUSALS})
def answer_reflection(request, reflection_id: UUID, payload: AnswerIn):
    """Answer a reflection of your side: "yes" or "not_quite" with what was missed."""
    reflection = fetch_visible(
        request, Reflection.objects.select_related("rupture", "author__user", "about__user"), reflection_id
    )
    data = _valid(forms.AnswerForm, payload.model_dump(mode="json")).cleaned_data
    return logic.answer_reflection(request.member, reflection, data["answer"], data["missed"])


@router.get("/{rupture_id}", response={200: RuptureDetailOut, **REFUSALS})
def get_rupture(request, rupture_id: UUID):
    """One rupture you may see, with where each person is (never their unsubmitted words)."""
    return _find(request, rupture_id)


@router.patch("/{rupture_id}/audience", response={200: RuptureDetailOut, **REFUSALS})
def change_audience(request, rupture_id: UUID, payload: AudienceIn):
    """Change who else can see your rupture; the people in it always see it."""
    rupture = _own(request, rupture_id)
    change_audience_from(
        request, rupture, payload, form_class=forms.RuptureAudienceForm, apply=logic.share_choice
    )
    return fetch_visible(request, _ruptures(), rupture.pk)


@router.delete("/{rupture_id}", response={204: None, **REFUSALS})
def delete_rupture(request, rupture_id: UUID):
    """Delete your rupture, with every step text and reflection in it."""
    rupture = _own(request, rupture_id)
    logic.delete_rupture(request.member, rupture)
    return 204, None


@router.get("/{rupture_id}/steps", response={200: list[StepOut], **REFUSALS})
def list_steps(request, rupture_id: UUID):
    """The step texts of a rupture that you may read."""
    rupture = _find(request, rupture_id)
    return logic.readable_steps(request.member, rupture)


@router.post("/{rupture_id}/steps", response={201: StepOut, **REFUSALS})
def take_step(request, rupture_id: UUID, payload: StepIn):
    """Take your next step. Steps go in order; step 3's side comes before reading the others'."""
    rupture = _find(request, rupture_id)
    action = Action(payload.action)
    values = _step_values(request.member, action, payload)
    return 201, logic.take_step(request.member, rupture, action, **values)


def _step_values(member, action: Action, payload: StepIn) -> dict:
    if action in (Action.SETTLED, Action.PAUSING):
        return {}
    if action == Action.RECOGNISE:
        data = _valid(
            forms.RecogniseForm, {"confirm": True, "text": payload.text, "patterns": payload.choices}
        )
        return {"text": data.cleaned_data["text"], "choices": data.cleaned_data["patterns"]}
    if action in (Action.SIDE, Action.PART):
        form_class = forms.SideForm if action == Action.SIDE else forms.PartForm
        return {"text": _valid(form_class, {"text": payload.text}).cleaned_data["text"]}
    if action == Action.VULNERABLE:
        data = _valid(forms.VulnerableForm, {"feelings": payload.choices, "text": payload.text}).cleaned_data
        return {"text": data["text"], "choices": data["feelings"]}
    if not payload.text.strip() and not payload.more.strip():
        raise logic.RepairRefused(_("Please write an apology, a reassurance, or both."))
    today = timezone.now().astimezone(zoneinfo.ZoneInfo(member.user.time_zone)).date()
    promises = [
        logic.NewPromise(
            c.what.strip(), Rule(c.frequency, c.due_time, member.user.time_zone, today, times_per_week=1)
        )
        for c in payload.promises
        if c.what.strip()
    ]
    return {"text": payload.text.strip(), "more": payload.more.strip(), "promises": promises}


@router.get("/{rupture_id}/reflections", response={200: list[ReflectionOut], **REFUSALS})
def list_reflections(request, rupture_id: UUID):
    """Reflections in this repair that you may read."""
    rupture = _find(request, rupture_id)
    return logic.readable_reflections(request.member, rupture)


@router.post("/{rupture_id}/reflections", response={201: ReflectionOut, **REFUSALS})
def reflect(request, rupture_id: UUID, payload: ReflectionIn):
    """Reflect back another person's side in your own words."""
    rupture = _find(request, rupture_id)
    about = rupture.parties.filter(pk=payload.about).first()
    if about is None:
        raise logic.RepairRefused(_("Only the people in this repair can take its steps."))
    text = _valid(forms.ReflectForm, {"text": payload.text}).cleaned_data["text"]
    return 201, logic.reflect(request.member, rupture, about, text)


def _status_change(request, rupture_id: UUID, move):
    rupture = _find(request, rupture_id)
    move(request.member, rupture)
    return fetch_visible(request, _ruptures(), rupture.pk)


@router.post("/{rupture_id}/pause", response={200: RuptureDetailOut, **REFUSALS})
def pause(request, rupture_id: UUID):
    """Pause the repair; anyone in it can pick it up again."""
    return _status_change(request, rupture_id, logic.pause)


@router.post("/{rupture_id}/resume", response={200: RuptureDetailOut, **REFUSALS})
def resume(request, rupture_id: UUID):
    """Pick a paused or set-aside repair up again."""
    return _status_change(request, rupture_id, logic.resume)


@router.post("/{rupture_id}/not-now", response={200: RuptureDetailOut, **REFUSALS})
def not_now(request, rupture_id: UUID):
    """Set the repair aside for now, without blame."""
    return _status_change(request, rupture_id, logic.not_now)
