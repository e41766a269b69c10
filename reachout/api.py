"""API endpoints of the reachout app, under the Audience rules.

Plans are found only through `fetch_visible` / `fetch_authored`: a plan the caller may
not see answers 404, exactly like one that does not exist. Changing a plan, its notes,
its audience or its offers is for its author only: someone it is shared with gets 403
(they know it exists) and never more than its parts.
Offers are seen and answered only by the person they were offered to.
"""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import paginate

from circles.api import REFUSALS, member_for
from circles.audience.api import change_audience_from
from circles.audience.fetch import fetch_authored, fetch_visible, memberships
from circles.audience.schemas import AudienceIn
from circles.history import delete_entry
from circles.schemas import Pages, eager_annotations, valid_form
from reachout import forms, logic, rules
from reachout.models import Decision, Offer, Plan
from reachout.schemas import (
    DecisionIn,
    DecisionOut,
    FollowThroughOut,
    NotesIn,
    OfferIn,
    OfferOut,
    PartsIn,
    PlanIn,
    PlanOut,
)

router = Router(tags=["reach-out"])


def _plans():
    return Plan.objects.select_related("author__user").prefetch_related("chosen")


def _find(request, plan_id: UUID) -> Plan:
    return fetch_visible(request, _plans(), plan_id)


def _own(request, plan_id: UUID) -> Plan:
    return fetch_authored(request, _plans(), plan_id)


# --- offers for me (before "/{plan_id}" so the paths read clearly) -----------------------


@router.get("/offers", response={200: list[OfferOut], **REFUSALS})
def list_offers(request, circle: UUID):
    """What was offered to you in a circle: only the offers, never the plan behind them."""
    member = member_for(request, circle)
    request.member = member
    return list(logic.offers_for(member))


def _offer_for_me(request, offer_id: UUID) -> Offer:
    for member in memberships(request.auth):
        found = logic.offers_for(member).filter(pk=offer_id).first()
        if found is not None:
            request.member = member
            return found
    raise Http404


@router.post("/offers/{offer_id}/accept", response={200: OfferOut, **REFUSALS})
def accept_offer(request, offer_id: UUID):
    """Take an offer on: it becomes your promise in the ledger, to the person who offered it."""
    offer = _offer_for_me(request, offer_id)
    logic.accept_offer(offer, request.member)
    return logic.offers_for(request.member).get(pk=offer.pk)


@router.post("/offers/{offer_id}/decline", response={200: OfferOut, **REFUSALS})
def decline_offer(request, offer_id: UUID):
    """Say no to an offer. Nobody is told why."""
    offer = _offer_for_me(request, offer_id)
    logic.decline_offer(offer, request.member)
    return logic.offers_for(request.member).get(pk=offer.pk)


# --- plans ---------------------------------------------------------------------------------


@router.get("", response={200: list[PlanOut], **REFUSALS})
@paginate(Pages, page_size=20)
@eager_annotations
def list_plans(request, circle: UUID):
    """Plans in a circle you may see: your own, and those shared with you (parts only)."""
    member = member_for(request, circle)
    request.member = member
    return _plans().visible_to(member).order_by("-updated_at", "-pk")


@router.post("", response={201: PlanOut, **REFUSALS})
def create_plan(request, payload: PlanIn):
    """Someone reached out: start a plan. Only you see it unless you share it."""
    member = member_for(request, payload.circle)
    request.member = member
    data = valid_form(forms.StartForm, payload, member=member).cleaned_data
    plan = logic.start_plan(
        member,
        returning_member=data["returning_member"],
        returning_name=data["returning_name"],
        how_reached=data["how_reached"],
        what_they_said=data["what_they_said"],
    )
    return 201, fetch_visible(request, _plans(), plan.pk)


@router.get("/{plan_id}", response={200: PlanOut, **REFUSALS})
def get_plan(request, plan_id: UUID):
    """One plan you may see."""
    return _find(request, plan_id)


@router.patch("/{plan_id}/parts", response={200: PlanOut, **REFUSALS})
def change_parts(request, plan_id: UUID, payload: PartsIn):
    """Change the plan parts: conditions, what you need to feel safe, the review date."""
    plan = _own(request, plan_id)
    given = payload.model_dump(exclude_unset=True)
    review = given.pop("review_on", plan.review_on)
    texts = {name: (value or "").strip() for name, value in given.items()}
    logic.save_fields(plan, review_on=review, **texts)
    return fetch_visible(request, _plans(), plan.pk)


@router.patch("/{plan_id}/notes", response={200: PlanOut, **REFUSALS})
def change_notes(request, plan_id: UUID, payload: NotesIn):
    """Change your notes (never shared) and the step you want to come back to."""
    plan = _own(request, plan_id)
    given = payload.model_dump(exclude_unset=True)
    if given.get("how_reached") not in (None, *dict(forms.HOW_REACHED)):
        raise logic.PlanRuleError("how_reached")
    if given.get("step"):
        logic.remember_step(plan, given.pop("step"))
    if given.get("ask_yourself") is not None:
        logic.save_answers(plan, "ask_yourself", given.pop("ask_yourself"), rules.ASK_YOURSELF)
    if given.get("their_answers") is not None:
        logic.save_answers(plan, "their_answers", given.pop("their_answers"), rules.ASK_THEM)
    if given.get("checklist") is not None:
        logic.save_checklist(plan, given.pop("checklist"))
    texts = {name: value for name, value in given.items() if value is not None}
    if texts:
        logic.save_fields(plan, **texts)
    return fetch_visible(request, _plans(), plan.pk)


@router.get("/{plan_id}/decisions", response={200: list[DecisionOut], **REFUSALS})
def list_decisions(request, plan_id: UUID):
    """A plan's decisions, newest first: its history of changes of mind."""
    return list(_find(request, plan_id).decisions.all())


@router.post("/{plan_id}/decisions", response={201: DecisionOut, **REFUSALS})
def decide(request, plan_id: UUID, payload: DecisionIn):
    """Decide, or change your mind: not yet, yes with these conditions, or no with love."""
    plan = _own(request, plan_id)
    row = logic.decide(plan, payload.decision, payload.note)
    return 201, Decision.objects.get(pk=row.pk)


@router.patch("/{plan_id}/audience", response={200: PlanOut, **REFUSALS})
def change_audience(request, plan_id: UUID, payload: AudienceIn):
    """Change who can see the plan parts. Your notes are never shared."""
    plan = _own(request, plan_id)
    change_audience_from(request, plan, payload, apply=logic.share_choice)
    return fetch_visible(request, _plans(), plan.pk)


@router.delete("/{plan_id}", response={204: None, **REFUSALS})
def delete_plan(request, plan_id: UUID):
    """Delete your plan, with its history and offers (promises already taken on stay)."""
    plan = _own(request, plan_id)
    delete_entry(request.member, plan)
    return 204, None


@router.get("/{plan_id}/offers", response={200: list[FollowThroughOut], **REFUSALS})
def plan_offers(request, plan_id: UUID):
    """Your offers for this plan, with what the ledger shows of each."""
    return logic.follow_through(_own(request, plan_id))


@router.post("/{plan_id}/offers", response={201: OfferOut, **REFUSALS})
def make_offer(request, plan_id: UUID, payload: OfferIn):
    """Offer a sign of change as a promise the person who reached out may take on."""
    plan = _own(request, plan_id)
    if not payload.consent:
        raise logic.PlanRuleError("no_consent")
    offer = logic.make_offer(
        plan,
        payload.what,
        frequency=payload.frequency,
        weekday=payload.weekday,
        times_per_week=payload.times_per_week,
        due_time=payload.due_time,
    )
    return 201, get_object_or_404(Offer.objects.select_related("plan__author__user"), pk=offer.pk)
