"""Safety alerts in the JSON API, for the professional they were sent to (issue 15, point 7).

The same rules as the pages: only the professional an alert was sent to sees or
acknowledges it, and only while a consent in force covers it; for anyone else it is a
404, exactly like an alert that does not exist. An alert carries no content.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from circles.access import has_two_factor
from circles.audience.schemas import MemberBrief
from circles.logic import TwoStepNeeded
from circles.models import Member
from coach_web import alerts
from coach_web.models import SafetyAlert
from lib.api import REFUSALS

router = Router(tags=["workspace"])


class AlertOut(Schema):
    id: UUID
    circle: UUID
    member: MemberBrief
    count: int
    first_at: datetime
    last_at: datetime
    acknowledged_at: datetime | None = None

    @staticmethod
    def resolve_circle(alert: SafetyAlert) -> UUID:
        return alert.circle_id

    @staticmethod
    def resolve_member(alert: SafetyAlert) -> dict:
        member = alert.member
        return {"id": member.pk, "name": member.name, "role": member.role}

    @staticmethod
    def resolve_first_at(alert: SafetyAlert) -> datetime:
        return alert.created_at


def _with_two_step(user) -> None:
    """A professional works with circles only with two-step login on (as `member_for`)."""
    is_professional = Member.objects.current().filter(user=user, role=Member.Role.PROFESSIONAL).exists()
    if is_professional and not has_two_factor(user):
        raise TwoStepNeeded(
            _("Please turn on two-step login before working with a circle as a professional.")
        )


@router.get("", response={200: list[AlertOut], **REFUSALS})
def list_alerts(request):
    """Your unacknowledged safety alerts across the circles you work with, latest first.

    Each says only who may need a check-in, how many times and since when: never what was
    written. Empty for anyone who is not a professional.
    """
    _with_two_step(request.auth)
    by_circle = alerts.unacknowledged_for_many(request.auth)
    found = [alert for by_member in by_circle.values() for alert in alerts.flat(by_member)]
    return sorted(found, key=lambda alert: alert.last_at, reverse=True)


@router.post("/{alert_id}/acknowledge", response={200: AlertOut, **REFUSALS})
def acknowledge_alert(request, alert_id: UUID):
    """Say you saw a safety alert sent to you (who and when are kept). Acknowledging again
    changes nothing."""
    try:
        professional = alerts.professional_for(request.auth, alert_id)
        _with_two_step(request.auth)
        return alerts.acknowledge(professional, alert_id)
    except alerts.AlertNotFound:
        raise Http404 from None  # the API's one "Not found.", as for any id that does not exist
