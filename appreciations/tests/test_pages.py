"""Appreciations through the real pages."""

from __future__ import annotations

import re

from django.urls import reverse

from appreciations.logic import record_appreciation
from appreciations.models import Appreciation
from circles.audience import Audience


def _new_url(cast):
    return reverse("appreciations:new", args=[cast.circle.pk])


def test_member_thanks_another_member_for_the_whole_circle(cast, login):
    client = login(cast.bob)
    response = client.post(
        _new_url(cast), {"to_member": cast.alice.pk, "text": "Thank you for Sunday", "audience": "circle"}
    )
    saved = Appreciation.objects.get()
    assert response.status_code == 302
    assert (saved.author, saved.to_member, saved.audience) == (cast.bob, cast.alice, "circle")
    page = login(cast.carol).get(reverse("circles:home", args=[cast.circle.pk]))
    assert "Thank you for Sunday" in page.content.decode()


def test_new_appreciation_is_seen_by_whoever_it_thanks_by_default(cast, login):
    page = login(cast.bob).get(_new_url(cast)).content.decode()
    checked = re.findall(r'<input[^>]*name="audience"[^>]*value="(\w+)"[^>]*checked', page)
    assert checked == ["addressed"]
    assert "Whoever you thank will see it" in page
    # The stored default of an entry saved any other way stays private.
    assert Appreciation._meta.get_field("audience").default == Audience.ONLY_ME


def test_empty_text_is_refused_and_choices_are_kept(cast, login):
    response = login(cast.bob).post(
        _new_url(cast), {"to_member": cast.alice.pk, "text": "   ", "audience": "circle"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Please write a few words of thanks" in page
    assert Appreciation.objects.count() == 0


def test_too_long_text_is_refused_and_kept(cast, login):
    text = "thank you " * 120
    response = login(cast.bob).post(_new_url(cast), {"text": text, "audience": "circle"})
    page = response.content.decode()
    assert response.status_code == 200 and "at most 1000 characters" in page
    assert "thank you thank you" in page


def test_chosen_audience_needs_someone_chosen(cast, login):
    response = login(cast.bob).post(_new_url(cast), {"text": "hello", "audience": "chosen"})
    assert "Please choose at least one person" in response.content.decode()
    assert Appreciation.objects.count() == 0


def test_member_of_another_circle_cannot_be_chosen(cast, login):
    response = login(cast.bob).post(
        _new_url(cast), {"text": "hi", "audience": "chosen", "chosen": [cast.olga.pk]}
    )
    assert response.status_code == 200 and Appreciation.objects.count() == 0


def test_author_changes_who_can_see_it(cast, login):
    entry = record_appreciation(cast.bob, "quiet thanks", cast.alice, Audience.ONLY_ME)
    client = login(cast.bob)
    url = reverse("appreciations:audience", args=[cast.circle.pk, entry.pk])
    client.post(url, {"audience": "chosen", "chosen": [cast.alice.pk]})
    entry.refresh_from_db()
    assert entry.audience == "chosen" and list(entry.chosen.all()) == [cast.alice]


def test_someone_else_cannot_change_the_audience(cast, login):
    entry = record_appreciation(cast.bob, "shared thanks", cast.alice, Audience.CIRCLE)
    url = reverse("appreciations:audience", args=[cast.circle.pk, entry.pk])
    response = login(cast.alice).post(url, {"audience": "only_me"})
    entry.refresh_from_db()
    assert response.status_code == 403 and entry.audience == "circle"


def test_author_deletes_own_appreciation(cast, login):
    entry = record_appreciation(cast.bob, "oops", None, Audience.CIRCLE)
    login(cast.bob).post(reverse("appreciations:delete", args=[cast.circle.pk, entry.pk]))
    assert not Appreciation.objects.exists()


def test_list_shows_only_what_i_may_see(cast, login):
    record_appreciation(cast.bob, "for everyone", None, Audience.CIRCLE)
    record_appreciation(cast.bob, "just for me", None, Audience.ONLY_ME)
    page = login(cast.carol).get(reverse("appreciations:list", args=[cast.circle.pk])).content.decode()
    assert "for everyone" in page and "just for me" not in page


def test_sharing_more_widely_asks_for_the_password_again(cast, client):
    entry = record_appreciation(cast.bob, "quiet thanks", cast.alice, Audience.ONLY_ME)
    client.force_login(cast.bob.user)
    url = reverse("appreciations:audience", args=[cast.circle.pk, entry.pk])
    response = client.post(url, {"audience": "circle"})
    entry.refresh_from_db()
    assert "/accounts/reauthenticate/" in response["Location"] and entry.audience == "only_me"
