"""The notification settings page: quiet hours, email, and each kind on or off."""

from __future__ import annotations

from datetime import time

from django.urls import reverse

from notifications.models import Kind, Preferences

SETTINGS = reverse("notifications:settings")
ALL_KINDS = list(Kind.values)


def _post(client, **overrides):
    data = {"quiet_start": "22:00", "quiet_end": "07:00", "email": "on", "kinds": ALL_KINDS}
    data.update(overrides)
    return client.post(SETTINGS, {k: v for k, v in data.items() if v is not None})


def test_the_settings_page_is_linked_from_settings(cast, login):
    page = login(cast.bob).get(reverse("accounts:profile")).content.decode()
    assert f'href="{SETTINGS}"' in page


def test_everything_is_on_at_first(cast, login):
    page = login(cast.bob).get(SETTINGS).content.decode()
    assert page.count('type="checkbox"') == len(ALL_KINDS) + 1
    assert page.count("checked") == len(ALL_KINDS) + 1


def test_saving_quiet_hours_email_and_kinds(cast, login):
    kept = [Kind.CONFIRM_WAITING, Kind.TALK_REQUEST]
    response = _post(login(cast.bob), email=None, kinds=kept)
    assert response.status_code == 302
    prefs = Preferences.objects.get(user=cast.bob.user)
    assert (prefs.quiet_start, prefs.quiet_end) == (time(22, 0), time(7, 0))
    assert prefs.email is False
    assert sorted(prefs.muted_kinds) == sorted(k for k in Kind.values if k not in kept)


def test_saved_choices_show_when_the_page_is_opened_again(cast, login):
    client = login(cast.bob)
    _post(client, kinds=[Kind.TALK_REQUEST])
    page = client.get(SETTINGS).content.decode()
    assert 'value="22:00"' in page
    assert page.count("checked") == 2  # email and the one kind left on


def test_no_quiet_hours_is_fine(cast, login):
    response = _post(login(cast.bob), quiet_start="", quiet_end="")
    assert response.status_code == 302
    prefs = Preferences.objects.get(user=cast.bob.user)
    assert prefs.quiet_start is None and prefs.quiet_end is None


def test_a_time_that_is_not_a_time_gets_a_clear_message_and_keeps_what_was_typed(cast, login):
    response = _post(login(cast.bob), quiet_start="25:99")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please give a time like 22:00 or 07:30." in page
    assert 'value="25:99"' in page
    assert not Preferences.objects.filter(user=cast.bob.user).exists()


def test_only_one_time_asks_for_both(cast, login):
    response = _post(login(cast.bob), quiet_end="")
    assert "Please give both times, or leave both empty for no quiet hours." in response.content.decode()


def test_the_same_start_and_end_is_refused(cast, login):
    response = _post(login(cast.bob), quiet_end="22:00")
    assert "Quiet hours need to end at a different time than they start." in response.content.decode()


def test_an_unknown_kind_is_refused(cast, login):
    response = _post(login(cast.bob), kinds=["everything"])
    assert response.status_code == 200
    assert not Preferences.objects.filter(user=cast.bob.user).exists()


def test_signed_out_visitors_are_sent_to_log_in(client, db):
    assert client.get(SETTINGS).status_code == 302
