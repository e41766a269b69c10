"""News of a family's entries never reaches the circle's professional: they read a member's
information only in the workspace, where every reading is logged (issue 15), and a line such
as "Alex confirmed a promise" in their notifications would be a disclosure without a log."""

from __future__ import annotations

from circles.audience import Audience
from circles.models import Member
from ledger import logic as ledger
from ledger.tests.factories import new_promise
from notifications import logic
from notifications.logic import notify
from notifications.models import FOR_PROFESSIONALS, Kind, Notification
from repair.tests.helpers import log
from tests.support import consent, join


def _told(member) -> list[str]:
    """What the member was told, besides news of the consents naming them (theirs to know)."""
    told = Notification.objects.filter(user=member.user).exclude(kind__in=FOR_PROFESSIONALS)
    return list(told.values_list("kind", flat=True))


def test_a_promise_to_the_whole_circle_tells_the_family_not_the_professional(cast):
    consent(cast.alice, cast.pat)
    promise = new_promise(cast.alice, [cast.bob, cast.carol, cast.pat], audience=Audience.CIRCLE)
    ledger.answer(promise.occurrences.first(), "report_kept", cast.alice)
    assert _told(cast.bob) == [Kind.CONFIRM_WAITING]
    assert _told(cast.pat) == []


def test_a_repair_with_the_professional_in_it_tells_them_nothing(cast):
    consent(cast.alice, cast.pat)
    log(cast.alice, cast.pat)
    assert _told(cast.pat) == []


def test_no_kind_of_entry_news_reaches_a_professional(cast):
    for kind in set(Kind) - FOR_PROFESSIONALS:
        assert notify(cast.pat.user, kind, "/", circle_id=cast.circle.pk, by=cast.alice) is None
    assert _told(cast.pat) == []


def test_the_same_person_hears_the_news_of_a_circle_where_they_are_family(cast):
    """The rule follows the membership, not the person: pat is family in another circle."""
    join(cast.olga.circle, cast.pat.user, Member.Role.SIBLING)
    assert notify(cast.pat.user, Kind.TIMEOUT_CALLED, "/", circle_id=cast.olga.circle_id) is not None
    assert notify(cast.pat.user, Kind.TIMEOUT_CALLED, "/", circle_id=cast.circle.pk) is None


def test_the_workspaces_own_notices_reach_the_professional(cast, monkeypatch):
    assert notify(cast.pat.user, Kind.SAFETY_ALERT, "/", circle_id=cast.circle.pk) is not None
    monkeypatch.setattr(logic, "FOR_PROFESSIONALS", frozenset({Kind.PLAN_REVIEW}))
    assert notify(cast.pat.user, Kind.PLAN_REVIEW, "/", circle_id=cast.circle.pk) is not None
