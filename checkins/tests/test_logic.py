"""Check-in, cravings and time-out rules against the database, with a controlled clock."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from checkins import logic
from checkins.logic import CheckInData, CravingData
from checkins.models import CheckIn, Craving, Reminder, TimeOut
from circles.audience import Audience
from circles.models import Member
from notifications.models import Notification
from tests.support import join


def _checkin(member, **extra):
    data = CheckInData(
        state="activated",
        feelings={"anxious": 4, "hopeful": 2},
        sensations=[("chest", "tight")],
        urges=["pull_away"],
    )
    return logic.record_checkin(member, data, **extra)


def test_a_check_in_keeps_every_part(cast):
    checkin = _checkin(cast.alice)
    assert {(f.feeling, f.intensity) for f in checkin.feelings.all()} == {("anxious", 4), ("hopeful", 2)}
    assert [(s.region, s.kind) for s in checkin.sensations.all()] == [("chest", "tight")]
    assert [u.urge for u in checkin.urges.all()] == ["pull_away"]
    assert checkin.audience == Audience.ONLY_ME


@pytest.mark.parametrize(
    "data",
    [
        CheckInData(state="settled", feelings={"anxious": 6}),
        CheckInData(state="settled", feelings={"not-a-feeling": 3}),
        CheckInData(state="settled", sensations=[("elbow", "tight")]),
        CheckInData(state="settled", urges=["fly"]),
    ],
)
def test_out_of_range_or_unknown_values_are_refused(cast, data):
    with pytest.raises(logic.CheckInRefused):
        logic.record_checkin(cast.alice, data)
    assert not CheckIn.objects.exists()


def test_only_the_person_in_recovery_reports_cravings(cast):
    with pytest.raises(logic.CheckInRefused):
        _checkin(cast.bob, craving=CravingData(level=3))


def test_cravings_are_private_by_default_even_in_a_shared_check_in(cast):
    checkin = _checkin(cast.alice, audience=Audience.CIRCLE, craving=CravingData(level=7, used=True))
    assert CheckIn.objects.visible_to(cast.bob).filter(pk=checkin.pk).exists()
    assert not Craving.objects.visible_to(cast.bob).exists()
    assert Craving.objects.visible_to(cast.alice).get().level == 7


def test_cravings_shared_with_someone_who_cannot_see_the_check_in_stay_hidden(cast):
    _checkin(
        cast.alice,
        audience=Audience.CHOSEN,
        chosen=[cast.bob],
        craving=CravingData(level=5, audience=Audience.CHOSEN, chosen=[cast.carol]),
    )
    assert not Craving.objects.visible_to(cast.carol).exists()
    assert not Craving.objects.visible_to(cast.bob).exists()


def test_cravings_shared_with_someone_who_sees_the_check_in_are_visible(cast):
    _checkin(
        cast.alice,
        audience=Audience.CIRCLE,
        craving=CravingData(level=5, audience=Audience.CHOSEN, chosen=[cast.bob]),
    )
    assert Craving.objects.visible_to(cast.bob).exists()
    assert not Craving.objects.visible_to(cast.carol).exists()


def test_the_professional_sees_neither_without_the_flag(cast):
    _checkin(cast.alice, audience=Audience.CIRCLE, craving=CravingData(level=5, audience=Audience.CIRCLE))
    assert not CheckIn.objects.visible_to(cast.pat).exists()
    assert not Craving.objects.visible_to(cast.pat).exists()


def test_a_time_out_tells_the_other_at_once_but_not_why(cast, at):
    at(datetime(2026, 3, 2, 18, 0, tzinfo=UTC))
    timeout = logic.call_timeout(cast.alice, cast.bob, 30, reason="I am about to shout")
    note = Notification.objects.get(user=cast.bob.user)
    assert note.kind == "timeout_called" and "shout" not in note.url
    assert timeout.return_at == datetime(2026, 3, 2, 18, 30, tzinfo=UTC)


def test_a_time_out_is_at_least_twenty_minutes(cast):
    with pytest.raises(logic.CheckInRefused):
        logic.call_timeout(cast.alice, cast.bob, 10)


def test_both_are_reminded_once_when_it_is_time_to_return(cast, at):
    at(datetime(2026, 3, 2, 18, 0, tzinfo=UTC))
    logic.call_timeout(cast.alice, cast.bob, 20)
    at(datetime(2026, 3, 2, 18, 19, tzinfo=UTC))
    assert logic.remind_to_return() == 0
    at(datetime(2026, 3, 2, 18, 20, tzinfo=UTC))
    assert logic.remind_to_return() == 1
    assert logic.remind_to_return() == 0
    reminded = set(Notification.objects.filter(kind="timeout_return").values_list("user__email", flat=True))
    assert reminded == {"alice@example.test", "bob@example.test"}


def test_coming_back_and_finishing_are_recorded(cast, at):
    at(datetime(2026, 3, 2, 18, 0, tzinfo=UTC))
    timeout = logic.call_timeout(cast.alice, cast.bob, 20)
    at(datetime(2026, 3, 2, 18, 25, tzinfo=UTC))
    logic.come_back(timeout, cast.bob)
    logic.finish(timeout, cast.alice)
    timeout.refresh_from_db()
    assert timeout.returned_at == datetime(2026, 3, 2, 18, 25, tzinfo=UTC)
    assert timeout.finished_at is not None


def test_a_time_out_never_returned_to_is_shown_to_its_caller(cast, at):
    at(datetime(2026, 3, 2, 18, 0, tzinfo=UTC))
    logic.call_timeout(cast.alice, cast.bob, 20)
    at(datetime(2026, 3, 4, 18, 0, tzinfo=UTC))
    assert logic.never_returned(cast.alice).count() == 1
    assert logic.never_returned(cast.bob).count() == 0


def test_check_in_reminder_once_a_day_at_the_chosen_local_time(cast, at):
    cast.carol.user.time_zone = "Europe/Madrid"
    cast.carol.user.save()
    Reminder.objects.create(user=cast.carol.user, at=time(20, 0))
    at(datetime(2026, 3, 2, 18, 59, tzinfo=UTC))  # 19:59 in Madrid
    assert logic.remind_to_check_in() == 0
    at(datetime(2026, 3, 2, 19, 0, tzinfo=UTC))
    assert logic.remind_to_check_in() == 1
    at(datetime(2026, 3, 2, 21, 0, tzinfo=UTC))
    assert logic.remind_to_check_in() == 0
    at(datetime(2026, 3, 3, 19, 0, tzinfo=UTC) + timedelta(minutes=1))
    assert logic.remind_to_check_in() == 1


def test_the_reminder_leads_to_a_circle_where_the_person_is_family(cast, at):
    """Pat joined the Rivera circle as its professional first, then a circle of their own."""
    own = join(cast.olga.circle, cast.pat.user, Member.Role.SIBLING)
    Reminder.objects.create(user=cast.pat.user, at=time(8, 0))
    at(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    assert logic.remind_to_check_in() == 1
    told = Notification.objects.get(user=cast.pat.user)
    assert told.circle_id == own.circle_id


def test_switched_off_reminders_stay_quiet(cast, at):
    Reminder.objects.create(user=cast.carol.user, at=time(8, 0), enabled=False)
    at(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    assert logic.remind_to_check_in() == 0
    assert TimeOut.objects.count() == 0
