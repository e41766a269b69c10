"""The circle's home page: what it shows, and to whom."""

from django.urls import reverse

from appreciations.logic import record_appreciation
from circles.audience import Audience


def test_member_sees_circle_home_with_shared_appreciation(cast, login):
    record_appreciation(cast.alice, "Thank you for Sunday", cast.bob, Audience.CIRCLE)
    response = login(cast.bob).get(reverse("circles:home", args=[cast.circle.pk]))
    assert response.status_code == 200
    assert "Thank you for Sunday" in response.content.decode()


def test_outsider_gets_404_for_circle_home(cast, login):
    response = login(cast.olga).get(reverse("circles:home", args=[cast.circle.pk]))
    assert response.status_code == 404


def test_circle_home_shows_members_roles_and_statuses(cast, login):
    cast.bob.status = "paused"
    cast.bob.save()
    page = login(cast.carol).get(reverse("circles:home", args=[cast.circle.pk])).content.decode()
    assert "Bob" in page and "Partner" in page and "Paused" in page


# --- a follow-through score resting on outcomes nobody could confirm ------------------------


def _kept(author, to, audience, at):
    """A one-off promise, reported kept by its author just before it was due."""
    from datetime import timedelta

    from ledger import logic
    from ledger.tests.factories import new_promise

    promise = new_promise(author, to, audience=audience, frequency="once")
    occurrence = promise.occurrences.get()
    at(occurrence.due_at - timedelta(minutes=5))
    logic.answer(occurrence, "report_kept", author)
    at(occurrence.due_at + timedelta(days=2))
    return promise


def _people(page: str) -> str:
    return page.split('id="people-heading"', 1)[1].split("</section>", 1)[0]


def test_a_score_nobody_could_confirm_is_labelled_self_reported(cast, login, at):
    from datetime import UTC, datetime

    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    _kept(cast.alice, [cast.bob], "only_me", at)  # from before the rule: bob cannot see it
    people = _people(login(cast.alice).get(reverse("circles:home", args=[cast.circle.pk])).content.decode())
    assert "follow-through" in people and "· self-reported" in people
    assert "partly" not in people
    # Bob cannot see that promise: no score of alice's reaches him, so nothing to label.
    theirs = _people(login(cast.bob).get(reverse("circles:home", args=[cast.circle.pk])).content.decode())
    assert "self-reported" not in theirs


def test_a_score_partly_confirmable_says_so_and_a_confirmable_one_says_nothing(cast, login, at):
    from datetime import UTC, datetime

    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    _kept(cast.bob, [cast.alice], "circle", at)
    people = _people(login(cast.carol).get(reverse("circles:home", args=[cast.circle.pk])).content.decode())
    assert "follow-through" in people and "self-reported" not in people
    _kept(cast.alice, [cast.bob], "only_me", at)
    _kept(cast.alice, [cast.bob], "circle", at)
    mine = _people(login(cast.alice).get(reverse("circles:home", args=[cast.circle.pk])).content.decode())
    assert "· partly self-reported" in mine


def test_the_label_is_in_spanish_too(cast, login, at):
    from datetime import UTC, datetime

    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    cast.alice.user.language = "es"
    cast.alice.user.save()
    _kept(cast.alice, [cast.bob], "only_me", at)
    people = _people(login(cast.alice).get(reverse("circles:home", args=[cast.circle.pk])).content.decode())
    assert "· autodeclarado" in people
