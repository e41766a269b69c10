"""The trust ledger in the JSON API: promises, occurrences, small moments, trajectories.

Everything goes through the Audience mechanism: promises and small moments are
fetched only with `fetch_visible`, occurrences follow their promise's
audience, and trajectories count only occurrences the caller may see. An entry the
caller may not see answers 404, exactly like one that does not exist; a ledger
rule's refusal answers 400 with its message; author-only changes answer 403.
"""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Body, Router
from ninja.pagination import paginate

from circles.api import REFUSALS, member_for
from circles.audience.api import change_audience_from
from circles.audience.fetch import fetch_authored, fetch_visible
from circles.history import delete_entry
from circles.models import Member
from circles.schemas import Pages, eager_annotations, valid_form
from ledger import logic, queries, wording
from ledger.forms import (
    MomentForm,
    NoteForm,
    PauseForm,
    PromiseAudienceForm,
    PromiseForm,
    RenegotiateForm,
    ScheduleFields,
)
from ledger.models import Occurrence, Promise, SmallMoment
from ledger.schemas import (
    AudienceIn,
    MomentIn,
    MomentOut,
    NoteIn,
    OccurrenceOut,
    PauseIn,
    PromiseDetailOut,
    PromiseIn,
    PromiseOut,
    RenegotiateIn,
    ScheduleIn,
    ScoreOut,
    TrajectoryOut,
)

router = Router(tags=["ledger"])


# --- promises -------------------------------------------------------------------------


def _promises():
    return Promise.objects.select_related("author__user").prefetch_related(
        "schedules", "recipients__user", "chosen"
    )


def _promise(request, promise_id: UUID) -> Promise:
    return fetch_visible(request, _promises(), promise_id)


def _own_promise(request, promise_id: UUID) -> Promise:
    return fetch_authored(request, _promises(), promise_id)


def _detail(request, promise_id: UUID) -> Promise:
    """A promise with what its page shows beside it: role, schedule, recent record, pause."""
    promise = _promise(request, promise_id)
    schedule = promise.current_schedule
    answers = queries.last_answers([promise.pk]).get(promise.pk, [])
    promise.my_role = logic.role_of(request.member, promise)
    promise.when = wording.schedule_phrase(schedule)
    promise.record = wording.record_phrase(answers, schedule)
    promise.recent = [{"outcome": outcome, "due_date": day} for outcome, day in answers]
    promise.pause = promise.pauses.filter(ended_at__isnull=True).order_by("-started_at").first()
    return promise


@router.get("/promises", response={200: list[PromiseOut], **REFUSALS})
@paginate(Pages, page_size=20)
@eager_annotations
def list_promises(request, circle: UUID):
    """The promises in a circle that you may see, newest first."""
    return _promises().visible_to(member_for(request, circle)).order_by("-created_at", "-pk")


@router.post("/promises", response={201: PromiseDetailOut, **REFUSALS})
def create_promise(request, payload: PromiseIn):
    """Make a promise to one or more members, or to the whole circle.

    The people promised see it, so they can confirm it: an audience that leaves any of them
    out answers 422 with why.
    """
    member = member_for(request, payload.circle)
    form = valid_form(PromiseForm, payload, member=member)
    data = form.cleaned_data
    promise = logic.make_promise(
        member,
        data["what"],
        recipients=data["recipients"],
        to_circle=data["to_circle"],
        rule=form.rule(),
        audience=data["audience"],
        chosen=data["chosen"],
        professional_may_see=data["professional_may_see"],
    )
    return 201, _detail(request, promise.pk)


@router.get("/promises/{promise_id}", response={200: PromiseDetailOut, **REFUSALS})
def get_promise(request, promise_id: UUID):
    """One promise you may see, with its schedule, state and how the last few went."""
    return _detail(request, promise_id)


@router.patch("/promises/{promise_id}/schedule", response={200: PromiseDetailOut, **REFUSALS})
def change_schedule(request, promise_id: UUID, payload: ScheduleIn):
    """Change how your promise falls due from now on. What already happened stays."""
    promise = _own_promise(request, promise_id)
    form = valid_form(ScheduleFields, payload, member=request.member)
    logic.change_schedule(promise, form.rule())
    return _detail(request, promise.pk)


@router.post("/promises/{promise_id}/pause", response={200: PromiseDetailOut, **REFUSALS})
def pause_promise(request, promise_id: UUID, payload: PauseIn):
    """Let your promise rest for a while: nothing falls due and nothing counts against you."""
    promise = _own_promise(request, promise_id)
    logic.pause(promise, valid_form(PauseForm, payload).cleaned_data["reason"])
    return _detail(request, promise.pk)


@router.post("/promises/{promise_id}/resume", response={200: PromiseDetailOut, **REFUSALS})
def resume_promise(request, promise_id: UUID):
    """Pick a paused promise up again from today."""
    promise = _own_promise(request, promise_id)
    logic.resume(promise)
    return _detail(request, promise.pk)


@router.post("/promises/{promise_id}/end", response={200: PromiseDetailOut, **REFUSALS})
def end_promise(request, promise_id: UUID):
    """End your promise. Its history stays."""
    promise = _own_promise(request, promise_id)
    logic.end(promise)
    return _detail(request, promise.pk)


@router.patch("/promises/{promise_id}/audience", response={200: PromiseDetailOut, **REFUSALS})
def change_promise_audience(request, promise_id: UUID, payload: AudienceIn):
    """Change who can see your promise and how it goes. The people promised always keep
    seeing it (422 otherwise): they are the ones who confirm it."""
    promise = _promise(request, promise_id)
    form_class = PromiseAudienceForm.for_promise(promise)
    change_audience_from(request, promise, payload, form_class=form_class, apply=logic.store_promise_audience)
    return _detail(request, promise_id)


# --- occurrences -------------------------------------------------------------------------


def _occurrences():
    return Occurrence.objects.select_related("promise__author__user").prefetch_related("changes")


def _with_role(request, promise: Promise) -> None:
    """Remember the caller's part in a promise, for the actions its occurrences offer."""
    request.ledger_role = logic.role_of(request.member, promise)


def _occurrence(request, occurrence_id: UUID) -> Occurrence:
    occurrence = fetch_visible(request, _occurrences(), occurrence_id)
    _with_role(request, occurrence.promise)
    return occurrence


@router.get("/promises/{promise_id}/occurrences", response={200: list[OccurrenceOut], **REFUSALS})
@paginate(Pages, page_size=20)
@eager_annotations
def list_occurrences(request, promise_id: UUID):
    """Each time a promise you may see fell due, newest first, with every change of its outcome."""
    promise = _promise(request, promise_id)
    _with_role(request, promise)
    return _occurrences().filter(promise=promise).order_by("-due_at")


@router.get("/occurrences/{occurrence_id}", response={200: OccurrenceOut, **REFUSALS})
def get_occurrence(request, occurrence_id: UUID):
    """One time a promise you may see fell due, with its history."""
    return _occurrence(request, occurrence_id)


def _answer(request, occurrence_id: UUID, action: str, note: str = "") -> Occurrence:
    occurrence = _occurrence(request, occurrence_id)
    logic.answer(occurrence, action, request.member, note)
    return fetch_visible(request, _occurrences(), occurrence.pk)


def _note(form_class, payload) -> str:
    return valid_form(form_class, payload or NoteIn()).cleaned_data["note"]


@router.post("/occurrences/{occurrence_id}/report", response={200: OccurrenceOut, **REFUSALS})
def report_kept(request, occurrence_id: UUID):
    """Say you kept your promise this time."""
    return _answer(request, occurrence_id, "report_kept")


@router.post("/occurrences/{occurrence_id}/confirm", response={200: OccurrenceOut, **REFUSALS})
def confirm(request, occurrence_id: UUID):
    """Confirm that a promise made to you was kept."""
    return _answer(request, occurrence_id, "confirm")


@router.post("/occurrences/{occurrence_id}/dispute", response={200: OccurrenceOut, **REFUSALS})
def dispute(request, occurrence_id: UUID, payload: NoteIn | None = Body(None)):  # noqa: B008
    """Say “that’s not how I saw it” about a reported keeping: an invitation to talk, not a verdict."""
    return _answer(request, occurrence_id, "dispute", _note(NoteForm, payload))


@router.post("/occurrences/{occurrence_id}/renegotiate", response={200: OccurrenceOut, **REFUSALS})
def renegotiate(request, occurrence_id: UUID, payload: RenegotiateIn):
    """Change or cancel it before it is due, with a short note to the people you promised."""
    return _answer(request, occurrence_id, "renegotiate", _note(RenegotiateForm, payload))


@router.post("/occurrences/{occurrence_id}/own", response={200: OccurrenceOut, **REFUSALS})
def own_miss(request, occurrence_id: UUID, payload: NoteIn | None = Body(None)):  # noqa: B008
    """Say it did not happen, in your own words if you like. Owning it counts."""
    return _answer(request, occurrence_id, "own_miss", _note(NoteForm, payload))


# --- small moments -----------------------------------------------------------------------


def _moments():
    return SmallMoment.objects.select_related("author__user", "about__user").prefetch_related("chosen")


def _moment(request, moment_id: UUID) -> SmallMoment:
    return fetch_visible(request, _moments(), moment_id)


@router.get("/moments", response={200: list[MomentOut], **REFUSALS})
@paginate(Pages, page_size=20)
@eager_annotations
def list_moments(request, circle: UUID):
    """The small moments in a circle that you may see, newest first."""
    return _moments().visible_to(member_for(request, circle)).order_by("-created_at", "-pk")


@router.post("/moments", response={201: MomentOut, **REFUSALS})
def create_moment(request, payload: MomentIn):
    """Note an everyday sign of change about a member. Seen by that member unless you choose otherwise."""
    member = member_for(request, payload.circle)
    data = valid_form(MomentForm, payload, member=member).cleaned_data
    moment = logic.note_moment(
        member,
        data["about"],
        data["kind"],
        custom_kind=data["custom_kind"],
        note=data["note"],
        audience=data["audience"],
        chosen=data["chosen"],
        professional_may_see=data["professional_may_see"],
    )
    return 201, fetch_visible(request, _moments(), moment.pk)


@router.get("/moments/{moment_id}", response={200: MomentOut, **REFUSALS})
def get_moment(request, moment_id: UUID):
    """One small moment you may see."""
    return _moment(request, moment_id)


@router.patch("/moments/{moment_id}/audience", response={200: MomentOut, **REFUSALS})
def change_moment_audience(request, moment_id: UUID, payload: AudienceIn):
    """Change who can see your small moment."""
    moment = _moment(request, moment_id)
    change_audience_from(request, moment, payload)
    return fetch_visible(request, _moments(), moment.pk)


@router.delete("/moments/{moment_id}", response={204: None, **REFUSALS})
def delete_moment(request, moment_id: UUID):
    """Delete your small moment."""
    moment = fetch_authored(request, _moments(), moment_id)
    delete_entry(request.member, moment)
    return 204, None


# --- trajectories ------------------------------------------------------------------------


@router.get("/trajectories", response={200: list[ScoreOut], **REFUSALS})
def list_trajectories(request, circle: UUID):
    """Each member's overall follow-through score, from the promises you may see."""
    member = member_for(request, circle)
    now = timezone.now()
    tallies = queries.tallies_by_author(member, queries.horizon_start(now))
    people = Member.objects.filter(circle_id=member.circle_id, pk__in=list(tallies)).select_related("user")
    return [
        {
            "member": person,
            "score": tallies[person.pk].score(now),
            "self_reported": _self_reported(tallies[person.pk], now),
        }
        for person in people.order_by("joined_at")
    ]


def _self_reported(tally: queries.ScoredTally, now) -> int:
    return sum(line.count for line in tally.self_reported.explain(now).lines)


def _circle_member(circle_id, member_id: UUID | None) -> Member | None:
    if member_id is None:
        return None
    return get_object_or_404(Member.objects.select_related("user"), pk=member_id, circle_id=circle_id)


@router.get("/trajectories/{member_id}", response={200: TrajectoryOut, **REFUSALS})
def get_trajectory(request, member_id: UUID, toward: UUID | None = None):
    """One member's score (toward one other member, if given), why, and the last 12 months.

    Counted only from the occurrences you may see.
    """
    found = Member.objects.filter(pk=member_id).values_list("circle_id", flat=True).first()
    if found is None:
        raise Http404
    viewer = member_for(request, found)
    author, other = _circle_member(found, member_id), _circle_member(found, toward)
    return _trajectory(viewer, author, other)


def _trajectory(viewer: Member, author: Member, toward: Member | None) -> dict:
    now = timezone.now()
    points = queries.month_points(now)
    window = queries.horizon_start(points[0])  # all that counts at the first point, or later
    tally = queries.tallies_by_author(viewer, window, toward=toward, author=author).get(author.pk)
    tally = tally or queries.ScoredTally()
    explanation = tally.explain(now)
    unconfirmed = {line.outcome: line.count for line in tally.self_reported.explain(now).lines}
    return {
        "member": author,
        "toward": toward,
        "score": tally.score(now),
        "prior_share": explanation.prior_share if explanation.lines else 1.0,
        "self_reported": sum(unconfirmed.values()),
        "explanation": [
            {
                "outcome": line.outcome,
                "count": line.count,
                "share": line.share,
                "self_reported": unconfirmed.get(line.outcome, 0),
            }
            for line in explanation.lines
        ],
        "series": [{"at": at, "score": value} for at, value in tally.series(points)],
    }
