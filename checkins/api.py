"""Check-ins, time-outs and trends in the JSON API, under the Audience rules.

Entries are fetched only through `fetch_visible` / `fetch_authored`: one the caller
may not see answers 404, exactly like one that does not exist. Cravings and use have
their own, stricter audience (`Craving.objects.visible_to`); to anyone outside it a
check-in's `craving` is null, the same as when none was reported. Input goes through
the page's own forms, so the API cannot store what a page would refuse.
"""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate

from checkins import logic, queries
from checkins import vocabulary as v
from checkins.forms import CheckInForm, CravingAudienceChangeForm, CravingAudienceForm, TimeOutForm
from checkins.models import CheckIn, Craving, TimeOut
from checkins.schemas import (
    CheckInDetailOut,
    CheckInIn,
    CheckInOut,
    CravingAudienceIn,
    TimeOutIn,
    TimeOutOut,
    TrendsOut,
)
from circles.api import REFUSALS, member_for
from circles.audience.api import change_audience_from
from circles.audience.change import store_choice
from circles.audience.fetch import fetch_authored, fetch_visible
from circles.audience.schemas import AudienceIn
from circles.history import delete_entry
from circles.models import Member
from circles.schemas import Pages, eager_annotations, valid_form

router = Router(tags=["check-ins"])

SPANS = (26, 52)


# --- turning a JSON check-in into the page's form data -----------------------------------


class _Posted:
    """Form data built from a JSON body, in the shape `valid_form` reads."""

    def __init__(self, data: dict):
        self.data = data

    def model_dump(self, mode: str = "json") -> dict:
        return self.data


def _error(loc: list, message: str, kind: str = "invalid") -> dict:
    return {"loc": ["body", "payload", *loc], "msg": message, "type": kind}


def _unknown_keys(payload: CheckInIn, others: set[str]) -> list[dict]:
    """Keys the form would silently ignore: refused here, as the page cannot send them."""
    regions = dict(v.REGIONS)
    errors = [
        _error(["feelings", key], _("Please choose from the list."))
        for key in payload.feelings
        if key not in v.FEELINGS
    ]
    seen: set[str] = set()
    for index, sensation in enumerate(payload.sensations):
        if sensation.region not in regions:
            errors.append(_error(["sensations", index, "region"], _("Please choose from the list.")))
        elif sensation.region in seen:
            errors.append(_error(["sensations", index, "region"], _("One sensation for each place, please.")))
        seen.add(sensation.region)
    errors += [
        _error(["connections", str(pk)], _("Please choose someone in your circle."))
        for pk in payload.connections
        if str(pk) not in others
    ]
    return errors


def _checkin_data(payload: CheckInIn) -> dict:
    data = {
        "state": payload.state,
        "note": payload.note,
        "urges": payload.urges,
        "audience": payload.audience,
        "chosen": [str(pk) for pk in payload.chosen],
        "professional_may_see": payload.professional_may_see,
    }
    # A feeling named with its strength: the chip and the strength the page sends for it.
    data["feelings"] = [key for key in payload.feelings if key in v.FEELINGS]
    data |= {f"feeling_{key}": str(value) for key, value in payload.feelings.items()}
    data |= {f"body_{s.region}": s.kind for s in payload.sensations}
    data |= {f"connection_{pk}": str(score) for pk, score in payload.connections.items()}
    if payload.craving is not None:
        data |= {
            "craving_level": str(payload.craving.level),
            "craving_used": payload.craving.used,
            "craving-audience": payload.craving.audience,
            "craving-chosen": [str(pk) for pk in payload.craving.chosen],
        }
    return data


def _api_loc(field: str, payload: CheckInIn) -> list:
    """Where a form field's error points in the JSON body."""
    if field.startswith("body_"):
        region = field.removeprefix("body_")
        index = max(i for i, s in enumerate(payload.sensations) if s.region == region)
        return ["sensations", index, "kind"]
    for prefix, name in (("feeling_", "feelings"), ("connection_", "connections"), ("craving_", "craving")):
        if field.startswith(prefix):
            return [name, field.removeprefix(prefix)]
    return [field]


def _form_errors(form_class, payload: CheckInIn, within: list, **kwargs) -> tuple[object, list[dict]]:
    """The form, valid, and no errors; or None and its errors placed in the JSON body."""
    try:
        return valid_form(form_class, _Posted(_checkin_data(payload)), **kwargs), []
    except NinjaValidationError as invalid:
        errors = [
            {**error, "loc": ["body", "payload", *within, *_api_loc(error["loc"][-1], payload)]}
            for error in invalid.errors
        ]
        return None, errors


def _valid_checkin(member: Member, payload: CheckInIn):
    """Both forms of the check-in page, valid; otherwise every problem at once, as 422."""
    form, errors = _form_errors(CheckInForm, payload, [], member=member)
    others = {str(m.pk) for m in (form or CheckInForm(member=member)).others}
    errors += _unknown_keys(payload, others)
    craving_form = None
    if payload.craving is not None:
        if not logic.may_report_cravings(member):
            errors.append(_error(["craving"], _("Cravings are only for the person in recovery.")))
        else:
            craving_form, more = _form_errors(CravingAudienceForm, payload, ["craving"], member=member)
            errors += more
    if errors:
        raise NinjaValidationError(errors)
    return form, craving_form


# --- check-ins ---------------------------------------------------------------------------


def _checkins():
    return CheckIn.objects.select_related("author__user").prefetch_related("chosen")


def _detailed():
    return _checkins().prefetch_related("feelings", "sensations", "urges", "connections__member__user")


def _with_craving(checkin: CheckIn, viewer: Member) -> CheckIn:
    """Attach the cravings part only if its own audience lets the viewer see it."""
    checkin.visible_craving = (
        Craving.objects.visible_to(viewer).filter(checkin=checkin).prefetch_related("chosen").first()
    )
    return checkin


def _checkin(request, checkin_id: UUID) -> CheckIn:
    return _with_craving(fetch_visible(request, _detailed(), checkin_id), request.member)


@router.get("", response={200: list[CheckInOut], **REFUSALS})
@paginate(Pages, page_size=20)
@eager_annotations
def list_checkins(request, circle: UUID):
    """The check-ins in a circle that you may see, newest first. Cravings are only in each one's detail."""
    return _checkins().visible_to(member_for(request, circle)).order_by("-created_at", "-pk")


@router.post("", response={201: CheckInDetailOut, **REFUSALS})
def create_checkin(request, payload: CheckInIn):
    """Check in: how your body feels, feelings, urges, connection, a note. Only you see it unless you choose.

    The person in recovery may add cravings and use, with their own audience (only you by default).
    """
    member = member_for(request, payload.circle)
    form, craving_form = _valid_checkin(member, payload)
    data = form.cleaned_data
    craving = None
    if craving_form is not None:
        craving = craving_form.craving(data["craving_level"] or 0, data["craving_used"])
    checkin = logic.record_checkin(
        member,
        form.data_for_logic(),
        audience=data["audience"],
        chosen=data["chosen"],
        professional_may_see=data["professional_may_see"],
        craving=craving,
    )
    return 201, _with_craving(fetch_visible(request, _detailed(), checkin.pk), member)


@router.get("/trends", response={200: TrendsOut, **REFUSALS})
def get_trends(request, circle: UUID, who: UUID | None = None, weeks: int = 26):
    """Your trends, or another member's as far as they shared them with you: the trend page's data."""
    member = member_for(request, circle)
    if weeks not in SPANS:
        raise NinjaValidationError(
            [{"loc": ["query", "weeks"], "msg": _("Please choose 26 or 52 weeks."), "type": "invalid"}]
        )
    author = member
    if who is not None:
        author = Member.objects.current().filter(circle_id=circle, pk=who).select_related("user").first()
        if author is None:
            raise Http404
    return _trends(member, author, queries.weeks(timezone.now(), weeks))


def _trends(viewer: Member, author: Member, mondays: list) -> dict:
    found = queries.gather(viewer, author, mondays)
    return {
        "who": author,
        "weeks": mondays,
        "feelings": found.feelings,
        "states": [{"week": week, **counts} for week, counts in found.states],
        "connections": found.connections,
        "cravings": found.cravings,
        "used_weeks": [week for week, was in sorted(found.used.items()) if was],
    }


# --- time-outs ---------------------------------------------------------------------------


def _timeouts():
    return TimeOut.objects.select_related("author__user", "with_member__user")


def _timeout(request, timeout_id: UUID) -> TimeOut:
    return fetch_visible(request, _timeouts(), timeout_id)


@router.get("/timeouts", response={200: list[TimeOutOut], **REFUSALS})
@paginate(Pages, page_size=20)
@eager_annotations
def list_timeouts(request, circle: UUID):
    """The pauses in a circle you called or were part of, newest first."""
    return _timeouts().visible_to(member_for(request, circle)).order_by("-created_at", "-pk")


@router.post("/timeouts", response={201: TimeOutOut, **REFUSALS})
def create_timeout(request, payload: TimeOutIn):
    """Call a pause with someone: they are told at once that a pause was called, not why unless you say."""
    member = member_for(request, payload.circle)
    data = valid_form(TimeOutForm, payload, member=member).cleaned_data
    timeout = logic.call_timeout(
        member,
        data["with_member"],
        data["minutes"],
        tool=data["tool"],
        reason=data["reason"],
        share_reason=data["share_reason"],
    )
    return 201, fetch_visible(request, _timeouts(), timeout.pk)


@router.get("/timeouts/{timeout_id}", response={200: TimeOutOut, **REFUSALS})
def get_timeout(request, timeout_id: UUID):
    """One pause you called or were part of."""
    return _timeout(request, timeout_id)


@router.post("/timeouts/{timeout_id}/back", response={200: TimeOutOut, **REFUSALS})
def come_back(request, timeout_id: UUID):
    """Say you are back from the pause."""
    timeout = _timeout(request, timeout_id)
    logic.come_back(timeout, request.member)
    return timeout


@router.post("/timeouts/{timeout_id}/finish", response={200: TimeOutOut, **REFUSALS})
def finish(request, timeout_id: UUID):
    """Say you came back and talked it through."""
    timeout = _timeout(request, timeout_id)
    logic.finish(timeout, request.member)
    return timeout


# --- one check-in ------------------------------------------------------------------------
# After the fixed paths above, so "/trends" and "/timeouts" are never read as an id.


@router.get("/{checkin_id}", response={200: CheckInDetailOut, **REFUSALS})
def get_checkin(request, checkin_id: UUID):
    """One check-in you may see, with its parts; `craving` is null unless its own audience allows you."""
    return _checkin(request, checkin_id)


@router.patch("/{checkin_id}/audience", response={200: CheckInDetailOut, **REFUSALS})
def change_audience(request, checkin_id: UUID, payload: AudienceIn):
    """Change who can see your check-in. Cravings keep their own audience, and never reach further."""
    checkin = fetch_authored(request, _detailed(), checkin_id)
    change_audience_from(request, checkin, payload)
    return _checkin(request, checkin_id)


@router.patch("/{checkin_id}/craving/audience", response={200: CheckInDetailOut, **REFUSALS})
def change_craving_audience(request, checkin_id: UUID, payload: CravingAudienceIn):
    """Change who can see your cravings and use; still only people who can also see the check-in."""
    checkin = _with_craving(fetch_authored(request, _detailed(), checkin_id), request.member)
    craving = checkin.visible_craving
    if craving is None:
        raise Http404
    change_audience_from(
        request,
        checkin,
        payload,
        form_class=CravingAudienceChangeForm,
        apply=lambda checkin, choice: store_choice(craving, choice),
    )
    return _checkin(request, checkin_id)


@router.delete("/{checkin_id}", response={204: None, **REFUSALS})
def delete_checkin(request, checkin_id: UUID):
    """Delete your check-in, with its cravings part."""
    checkin = fetch_authored(request, _checkins(), checkin_id)
    delete_entry(request.member, checkin)
    return 204, None
