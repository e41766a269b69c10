"""Measures in the JSON API: instruments, responses (an entry under the Audience rule),
their results with reliable change, and assignments. A response the caller may not see
answers 404, exactly like one that does not exist; so does an assignment that is not
theirs, and a member a professional has no consent for."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from ninja import Router
from ninja.pagination import paginate

from circles.access import has_two_factor
from circles.api import REFUSALS, member_for
from circles.audience.api import change_audience_from
from circles.audience.fetch import fetch_authored, fetch_visible
from circles.audience.forms import AudienceFields
from circles.audience.schemas import AudienceIn
from circles.history import delete_entry
from circles.logic import current_member
from circles.models import Member
from circles.schemas import Pages, eager_annotations, valid_form
from measures import catalogue, logic, queries, text
from measures.models import Assignment, Response
from measures.schemas import (
    AssignmentIn,
    AssignmentOut,
    InstrumentOut,
    ResponseIn,
    ResponseOut,
    instrument_out,
)

router = Router(tags=["measures"])


def _entries():
    return Response.objects.select_related("author__user").prefetch_related("chosen")


def _out(request, response: Response, with_result: bool = False) -> Response:
    """The response with what this reader may read of it (attributes the schema reads)."""
    mine = response.author_id == request.member.pk
    found = queries.band(queries.instrument_of(response), response.band)
    if found is not None:
        response.band_label, response.meaning = text.pick(found.label), text.pick(found.meaning)
    shown = mine or response.answers_shared
    response.answers_out = {int(k): v for k, v in (response.answers or {}).items()} if shown else None
    response.crisis_resources = mine and logic.has_crisis_flag(response)
    if with_result:
        result = queries.result(request.member, response)
        response.since_previous = _change(result.since_previous)
        response.since_first = _change(result.since_first)
    return response


def _change(found):
    if found is None:
        return None
    c = found.change
    return {
        "points": c.points,
        "direction": c.direction,
        "threshold": c.threshold,
        "source": c.source,
        "words": found.words,
    }


@router.get("/instruments", response={200: list[InstrumentOut], **REFUSALS})
def list_instruments(request):
    """Every questionnaire Mend offers, with its items, bands and reliable-change threshold."""
    return [instrument_out(i) for i in catalogue.all_instruments().values()]


@router.get("/instruments/{instrument_id}", response={200: InstrumentOut, **REFUSALS})
def get_instrument(request, instrument_id: str):
    try:
        return instrument_out(catalogue.instrument(instrument_id))
    except KeyError:
        raise Http404 from None


@router.get("/responses", response={200: list[ResponseOut], **REFUSALS})
@paginate(Pages, page_size=20)
@eager_annotations
def list_responses(request, circle: UUID, instrument: str | None = None):
    """The questionnaire results in a circle that you may see, newest first."""
    member = member_for(request, circle)
    found = _entries().visible_to(member).order_by("-taken_at", "-pk")
    if instrument:
        found = found.filter(instrument=instrument)
    return [_out(request, r) for r in found[:200]]


@router.post("/responses", response={201: ResponseOut, **REFUSALS})
def create_response(request, payload: ResponseIn):
    """Answer a questionnaire. Private unless you choose; the score and its band are worked out for you."""
    member = member_for(request, payload.circle)
    data = valid_form(AudienceFields, payload, member=member).cleaned_data
    assignment = None
    if payload.assignment is not None:
        assignment = Assignment.objects.filter(pk=payload.assignment, member=member, active=True).first()
        if assignment is None:
            raise Http404
    response = logic.take(
        member,
        payload.instrument,
        payload.answers,
        data["audience"],
        data.get("chosen") or (),
        data.get("professional_may_see", False),
        payload.answers_shared,
        assignment,
    )
    return 201, _out(request, fetch_visible(request, _entries(), response.pk), with_result=True)


@router.get("/responses/{response_id}", response={200: ResponseOut, **REFUSALS})
def get_response(request, response_id: UUID):
    """One result you may see, with its reliable change since the result before and the first."""
    return _out(request, fetch_visible(request, _entries(), response_id), with_result=True)


@router.get("/results/{response_id}", response={200: ResponseOut, **REFUSALS})
def get_result(request, response_id: UUID):
    """The same as the response: the result as you may read it."""
    return get_response(request, response_id)


@router.patch("/responses/{response_id}/audience", response={200: ResponseOut, **REFUSALS})
def change_audience(request, response_id: UUID, payload: AudienceIn):
    """Change who can see your result."""
    response = fetch_authored(request, _entries(), response_id)
    change_audience_from(request, response, payload)
    return _out(request, fetch_visible(request, _entries(), response.pk))


@router.delete("/responses/{response_id}", response={204: None, **REFUSALS})
def delete_response(request, response_id: UUID):
    """Delete your result."""
    response = fetch_authored(request, _entries(), response_id)
    delete_entry(request.member, response)
    return 204, None


def _professional_in(request, circle_id) -> Member:
    member = current_member(request.auth, circle_id)
    if member is None or not member.is_professional or not has_two_factor(request.auth):
        raise Http404
    return member


@router.get("/assignments", response={200: list[AssignmentOut], **REFUSALS})
def list_assignments(request, circle: UUID):
    """Your active assignments: those asked of you, or, as the circle's professional, those you set."""
    member = current_member(request.auth, circle)
    if member is None:
        raise Http404
    if member.is_professional:
        _professional_in(request, circle)
        return Assignment.objects.filter(
            assigned_by=member, active=True, member__in=logic.assignable_members(member)
        ).order_by("next_due")
    return Assignment.objects.filter(member=member, active=True).order_by("next_due")


@router.post("/assignments", response={201: AssignmentOut, **REFUSALS})
def create_assignment(request, payload: AssignmentIn):
    """As the circle's professional: ask a member who consented to questionnaires to answer one."""
    professional = _professional_in(request, payload.circle)
    member = Member.objects.filter(pk=payload.member, circle_id=payload.circle).first()
    try:
        if member is None:
            raise logic.AssignmentNotFound
        return 201, logic.assign(professional, member, payload.instrument, payload.schedule)
    except logic.AssignmentNotFound:
        # No such member, or no consent for measures: the same answer, so neither is told.
        raise Http404 from None


@router.post("/assignments/{assignment_id}/end", response={200: AssignmentOut, **REFUSALS})
def end_assignment(request, assignment_id: UUID):
    """As the professional who set it: stop asking."""
    assignment = Assignment.objects.filter(pk=assignment_id).first()
    if assignment is None:
        raise Http404
    professional = _professional_in(request, assignment.circle_id)
    logic.end(professional, assignment)
    return assignment
