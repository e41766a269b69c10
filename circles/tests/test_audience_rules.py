"""Hand-written expectations for the audience rule, independent of the oracle."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from appreciations.logic import record_appreciation
from appreciations.models import Appreciation
from circles import logic
from circles.audience import Audience
from circles.models import Member
from tests.support import consent, join, make_user


def visible(member):
    return {a.text for a in Appreciation.objects.visible_to(member)}


def test_only_me_is_seen_by_the_author_alone(cast):
    record_appreciation(cast.alice, "private note", None, Audience.ONLY_ME)
    assert "private note" in visible(cast.alice)
    assert all("private note" not in visible(m) for m in (cast.bob, cast.carol, cast.pat))


def test_private_entry_never_reaches_the_professional_even_if_flagged(cast):
    entry = record_appreciation(cast.alice, "private", None, Audience.ONLY_ME, (), True)
    assert entry.professional_may_see is False
    assert "private" not in visible(cast.pat)


def test_professional_sees_shared_entries_only_with_the_flag(cast):
    consent(cast.alice, cast.pat)  # alice consented to pat seeing what she shares
    record_appreciation(cast.alice, "flagged", None, Audience.CIRCLE, (), True)
    record_appreciation(cast.alice, "unflagged", None, Audience.CIRCLE, (), False)
    assert visible(cast.pat) == {"flagged"}


def test_chosen_members_see_it_and_others_do_not(cast):
    record_appreciation(cast.alice, "for bob", cast.bob, Audience.CHOSEN, [cast.bob])
    assert "for bob" in visible(cast.bob)
    assert "for bob" not in visible(cast.carol)


def test_a_professional_cannot_be_a_chosen_member(cast):
    entry = record_appreciation(cast.alice, "x", None, Audience.CHOSEN, [cast.pat, cast.bob])
    assert set(entry.chosen.all()) == {cast.bob}


def test_newcomer_does_not_see_circle_history_from_before_joining(cast):
    record_appreciation(cast.alice, "old news", None, Audience.CIRCLE)
    newcomer = join(
        cast.circle,
        make_user("newcomer"),
        Member.Role.SIBLING,
        joined_at=timezone.now() + timedelta(seconds=1),
    )
    assert "old news" not in visible(newcomer)


def test_stepping_away_hides_new_entries_both_ways_but_keeps_old_ones(cast):
    record_appreciation(cast.alice, "before", None, Audience.CIRCLE)
    logic.set_status(cast.bob, Member.Status.STEPPED_AWAY)
    record_appreciation(cast.alice, "while away", None, Audience.CIRCLE)
    record_appreciation(cast.bob, "bob while away", None, Audience.CIRCLE)
    assert visible(cast.bob) >= {"before", "bob while away"}
    assert "while away" not in visible(cast.bob)
    assert "bob while away" not in visible(cast.carol)


def test_coming_back_shows_new_entries_but_not_those_made_while_away(cast):
    logic.set_status(cast.bob, Member.Status.STEPPED_AWAY)
    record_appreciation(cast.alice, "while away", None, Audience.CIRCLE)
    logic.set_status(cast.bob, Member.Status.ACTIVE)
    record_appreciation(cast.alice, "after return", None, Audience.CIRCLE)
    assert "after return" in visible(cast.bob)
    assert "while away" not in visible(cast.bob)


def test_sharing_again_after_coming_back_is_a_new_choice_that_crosses(cast):
    logic.set_status(cast.bob, Member.Status.STEPPED_AWAY)
    written_away = record_appreciation(cast.bob, "written while away", None, Audience.ONLY_ME)
    written_away.set_audience(Audience.CIRCLE)
    assert "written while away" not in visible(cast.carol)  # still away: nothing crosses
    logic.set_status(cast.bob, Member.Status.ACTIVE)
    assert "written while away" not in visible(cast.carol)  # coming back alone changes nothing
    written_away.set_audience(Audience.CIRCLE)
    assert "written while away" in visible(cast.carol)


def test_paused_member_still_sees_what_is_shared(cast):
    logic.set_status(cast.carol, Member.Status.PAUSED)
    record_appreciation(cast.alice, "shared", None, Audience.CIRCLE)
    assert "shared" in visible(cast.carol)


def test_removed_member_sees_nothing(cast):
    record_appreciation(cast.alice, "shared", None, Audience.CIRCLE)
    logic.remove_member(cast.alice, cast.carol)
    cast.carol.refresh_from_db()
    assert visible(cast.carol) == set()


def test_author_can_widen_and_narrow_the_audience_later(cast):
    entry = record_appreciation(cast.alice, "changing", None, Audience.ONLY_ME)
    entry.set_audience(Audience.CIRCLE)
    assert "changing" in visible(cast.carol)
    entry.set_audience(Audience.ONLY_ME)
    assert "changing" not in visible(cast.carol)
