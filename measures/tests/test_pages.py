"""Questionnaires through the real pages: taking one, the result, who sees what, the
item-9 rule, the professional's assignments and the reminder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from access_log.models import AccessRecord
from accounts.models import User
from circles.consent.logic import revoke
from coach_web.models import SafetyAlert
from measures import catalogue, logic
from measures.models import Assignment, Response
from notifications.models import Notification
from tests.support import consent

CANARY_BAND = "Moderately severe"


def _answers(value: int, item9: int = 0, **extra) -> dict:
    data = {f"item_{n}": value for n in range(1, 9)}
    data["item_9"] = item9
    data["item_10"] = 1
    return {"audience": "only_me", **data, **extra}


def _take_url(cast, instrument="phq9"):
    return reverse("measures:take", args=[cast.circle.pk, instrument])


def _take(client, cast, **kwargs):
    return client.post(_take_url(cast), _answers(**kwargs))


def test_the_index_lists_the_questionnaires(cast, login):
    page = login(cast.alice).get(reverse("measures:index", args=[cast.circle.pk])).content.decode()
    assert "PHQ-9" in page or "Patient Health Questionnaire" in page
    assert reverse("measures:take", args=[cast.circle.pk, "gad7"]) in page


def test_the_form_says_what_the_result_means_and_who_sees_it_private_by_default(cast, login):
    page = login(cast.alice).get(_take_url(cast)).content.decode()
    assert "Before you send" in page and "Who will see it:" in page
    assert 'name="audience" value="only_me" class=' in page or 'value="only_me"' in page
    checked = [line for line in page.splitlines() if 'name="audience"' in line and "checked" in line]
    assert checked and all('value="only_me"' in line for line in checked)
    assert page.count('type="radio" name="item_') == 10 * 4


def test_a_member_takes_phq9_and_sees_the_band_in_plain_words(cast, login):
    client = login(cast.alice)
    response = _take(client, cast, value=2)  # 8 × 2 = 16
    saved = Response.objects.get()
    assert response.status_code == 302
    assert (saved.total, saved.band, saved.audience, saved.answers_shared) == (
        16,
        "moderately_severe",
        "only_me",
        False,
    )
    page = client.get(response.url).content.decode()
    assert "16" in page and CANARY_BAND in page
    assert "This is the first result" in page


def test_a_private_result_is_404_to_everyone_else(cast, login, client):
    _take(login(cast.alice), cast, value=1)
    url = reverse("measures:result", args=[cast.circle.pk, Response.objects.get().pk])
    for other in (cast.bob, cast.carol):
        client.logout()
        assert login(other).get(url).status_code == 404


def test_shared_result_shows_the_total_but_never_the_answers_unless_chosen(cast, login, client):
    _take(login(cast.alice), cast, value=1, audience="circle")
    saved = Response.objects.get()
    url = reverse("measures:result", args=[cast.circle.pk, saved.pk])
    client.logout()
    page = login(cast.bob).get(url).content.decode()
    assert "8" in page and "Answers" not in page and "Several days" not in page
    Response.objects.filter(pk=saved.pk).update(answers_shared=True)
    assert "Several days" in login(cast.bob).get(url).content.decode()


def test_answers_shared_is_off_for_a_private_result(cast, login):
    _take(login(cast.alice), cast, value=1, answers_shared="on")
    assert Response.objects.get().answers_shared is False


def test_reliable_change_from_the_previous_and_the_first_result(cast, login, at):
    at(datetime(2026, 3, 2, 9, tzinfo=UTC))
    _take(login(cast.alice), cast, value=2)  # 16
    at(datetime(2026, 3, 9, 9, tzinfo=UTC))
    _take(login(cast.alice), cast, value=2, item9=0)  # 16 again
    at(datetime(2026, 3, 16, 9, tzinfo=UTC))
    client = login(cast.alice)  # (a week later the session has ended)
    page = client.get(_take(client, cast, value=1).url).content.decode()  # 8: 8 points down
    assert "a reliable improvement" in page
    assert "Since the first result:" in page
    history = client.get(reverse("measures:history", args=[cast.circle.pk, "phq9"])).content.decode()
    assert "reliable-improvement" in history  # the arrow on the chart
    assert "NHS Talking Therapies" in history  # the threshold's source in the table's caption
    assert "Getting better" in history or "About the same" in history or "Harder" in history


def test_no_trend_word_before_three_results(cast, login):
    client = login(cast.alice)
    _take(client, cast, value=2)
    _take(client, cast, value=0)
    history = client.get(reverse("measures:history", args=[cast.circle.pk, "phq9"])).content.decode()
    assert "A trend is shown after three results" in history


# --- the item-9 rule --------------------------------------------------------------------


def test_item_9_above_zero_shows_crisis_resources_whatever_the_total(cast, login):
    client = login(cast.alice)
    response = _take(client, cast, value=0, item9=1)  # total 1: "minimal"
    page = client.get(response.url).content.decode()
    assert Response.objects.get().total == 1
    assert "safety-card" in page and "988" in page  # the crisis card with the country's lines
    assert "Nobody else has been told" in page and "Mend has not told anyone about it" in page
    assert not SafetyAlert.objects.exists()  # no consent: nobody is told


def test_item_9_zero_shows_no_crisis_card(cast, login):
    client = login(cast.alice)
    page = client.get(_take(client, cast, value=3, item9=0).url).content.decode()
    assert "safety-card" not in page


def test_item_9_alerts_the_professional_only_under_consent_with_safety_alerts(cast, login):
    consent(cast.alice, cast.pat, safety_alerts=False)
    _take(login(cast.alice), cast, value=0, item9=2)
    assert not SafetyAlert.objects.exists()


def test_item_9_with_safety_alerts_creates_the_content_free_alert(cast, login):
    consent(cast.alice, cast.pat, safety_alerts=True)
    client = login(cast.alice)
    page = client.get(_take(client, cast, value=0, item9=2).url).content.decode()
    alert = SafetyAlert.objects.get()
    assert (alert.member, alert.professional) == (cast.alice, cast.pat)
    assert "your professional was told you may need a check-in" in page
    assert "has not told anyone" not in page  # the card says what really happened
    assert Notification.objects.filter(user=cast.pat.user, kind="safety_alert").count() == 1


def test_nobody_else_sees_the_crisis_card_on_a_shared_result(cast, login, client):
    _take(login(cast.alice), cast, value=0, item9=3, audience="circle")
    url = reverse("measures:result", args=[cast.circle.pk, Response.objects.get().pk])
    client.logout()
    page = login(cast.bob).get(url).content.decode()
    assert page.count("safety-card") == 0 and "About one of your answers" not in page


# --- assignments and reminders -----------------------------------------------------------


def _workspace(cast):
    return reverse("measures:workspace", args=[cast.circle.pk])


def test_a_professional_assigns_weekly_under_consent_and_the_member_is_reminded(cast, login, at):
    start = at(datetime(2026, 3, 2, 9, tzinfo=UTC))
    consent(cast.alice, cast.pat)
    client = login(cast.pat)
    response = client.post(
        _workspace(cast), {"member": cast.alice.pk, "instrument": "phq9", "schedule": "weekly"}
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.member, assignment.next_due) == (cast.alice, start)
    assert Notification.objects.filter(user=cast.alice.user, kind="measure_due").count() == 1
    assert logic.remind_due() == 0  # already reminded for this due time
    client.logout()
    alice = login(cast.alice)
    assert "Waiting for you" in alice.get(reverse("measures:index", args=[cast.circle.pk])).content.decode()
    alice.post(_take_url(cast) + f"?assignment={assignment.pk}", _answers(value=1))
    assignment.refresh_from_db()
    assert assignment.next_due == start + timedelta(weeks=1)
    assert Response.objects.get().assignment == assignment
    at(start + timedelta(weeks=1, minutes=1))
    assert logic.remind_due() == 1
    assert Notification.objects.filter(user=cast.alice.user, kind="measure_due").count() == 2
    assert logic.remind_due() == 0


def test_a_professional_cannot_assign_without_consent_for_measures(cast, login):
    consent(cast.alice, cast.pat, categories=["checkins"])
    page = login(cast.pat).post(
        _workspace(cast), {"member": cast.alice.pk, "instrument": "phq9", "schedule": "once"}
    )
    assert page.status_code == 200 and not Assignment.objects.exists()


def test_a_family_member_cannot_open_the_professionals_page(cast, login):
    assert login(cast.bob).get(_workspace(cast)).status_code == 404


def test_the_professional_sees_only_results_shared_with_them_under_consent(cast, login, client):
    consent(cast.alice, cast.pat)
    alice = login(cast.alice)
    _take(alice, cast, value=1)  # private: 8
    _take(alice, cast, value=3, audience="circle")  # the circle, not the professional: 24
    _take(alice, cast, value=2, audience="circle", professional_may_see="on")  # 16
    client.logout()
    page = login(cast.pat).get(_workspace(cast)).content.decode()
    assert ">16<" in page and ">24<" not in page and ">8<" not in page


def test_a_result_shared_with_the_professional_without_consent_stays_hidden(cast, login, client):
    _take(login(cast.alice), cast, value=2, audience="circle", professional_may_see="on")
    client.logout()
    page = login(cast.pat).get(_workspace(cast)).content.decode()
    assert ">16<" not in page


def test_once_ends_the_assignment_after_one_answer(cast, login, at):
    at(datetime(2026, 3, 2, 9, tzinfo=UTC))
    consent(cast.alice, cast.pat)
    assignment = logic.assign(cast.pat, cast.alice, "gad7", "once")
    logic.take(cast.alice, "gad7", dict.fromkeys(range(1, 8), 0), "only_me", assignment=assignment)
    assignment.refresh_from_db()
    assert not assignment.active and assignment.ended_at is not None


def test_monthly_keeps_the_day_or_the_last_of_a_shorter_month():
    assert logic.add_month(datetime(2026, 1, 31, 9, tzinfo=UTC)) == datetime(2026, 2, 28, 9, tzinfo=UTC)
    assert logic.add_month(datetime(2026, 12, 15, 9, tzinfo=UTC)) == datetime(2027, 1, 15, 9, tzinfo=UTC)


def test_the_workspace_circle_view_lists_a_shared_result_as_score_only(cast, login, client):
    consent(cast.alice, cast.pat)
    _take(login(cast.alice), cast, value=2, audience="circle", professional_may_see="on")
    client.logout()
    page = login(cast.pat).get(reverse("workspace:circle", args=[cast.circle.pk])).content.decode()
    assert "PHQ-9: 16" in page and "Several days" not in page


def test_spanish_reads_in_spanish_with_the_published_wording(cast, login):
    User.objects.filter(pk=cast.alice.user_id).update(language="es")
    client = login(cast.alice)
    page = client.get(_take_url(cast), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Antes de enviar" in page and "Enviar mis respuestas" in page
    assert "Before you send" not in page
    index = client.get(reverse("measures:index", args=[cast.circle.pk]), HTTP_ACCEPT_LANGUAGE="es")
    assert "Cuestionarios que puedes responder" in index.content.decode()


@pytest.mark.parametrize("instrument", sorted(catalogue.all_instruments()))
def test_every_instrument_can_be_taken_and_read(cast, login, instrument):
    found = catalogue.instrument(instrument)
    client = login(cast.alice)
    page = client.get(_take_url(cast, instrument)).content.decode()
    assert page.count('type="radio" name="item_') == sum(len(i.options) for i in found.items)
    data = {f"item_{i.number}": i.options[-1].value for i in found.items} | {"audience": "only_me"}
    response = client.post(_take_url(cast, instrument), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    result = client.get(response.url).content.decode()
    assert str(Response.objects.get().total) in result
    for sub in found.subscales:
        assert sub.name["en"] in result


def test_an_instrument_without_spanish_wording_says_so_and_shows_english(cast, login):
    User.objects.filter(pk=cast.alice.user_id).update(language="es")
    page = login(cast.alice).get(_take_url(cast, "csi4")).content.decode()
    found = catalogue.instrument("csi4")
    assert found.wording_note.pick("es") in page
    assert found.items[0].text["en"] in page


def test_side_by_side_shows_each_member_who_shared(cast, login, client):
    answers = {1: 4, 2: 3, 3: 3, 4: 3}
    logic.take(cast.alice, "csi4", answers, "circle")
    logic.take(cast.bob, "csi4", answers, "chosen", [cast.alice])
    logic.take(cast.carol, "csi4", answers, "only_me")
    page = login(cast.alice).get(reverse("measures:together", args=[cast.circle.pk, "csi4"])).content.decode()
    assert "bob" in page.lower() and "carol" not in page.lower()
    assert page.count("<figure") == 2
    assert (
        login(cast.alice).get(reverse("measures:together", args=[cast.circle.pk, "phq9"])).status_code == 404
    )


def test_the_circle_home_says_a_questionnaire_is_waiting(cast, login):
    consent(cast.alice, cast.pat)
    logic.assign(cast.pat, cast.alice, "phq9", "weekly")
    page = login(cast.alice).get(reverse("circles:home", args=[cast.circle.pk])).content.decode()
    assert "A short questionnaire is waiting for you" in page
    assert reverse("measures:index", args=[cast.circle.pk]) in page


def test_each_result_the_professional_is_shown_is_in_the_members_access_log(cast, login, client):
    consent(cast.alice, cast.pat)
    alice = login(cast.alice)
    _take(alice, cast, value=2, audience="circle", professional_may_see="on")
    _take(alice, cast, value=1)  # private: never shown, never logged
    client.logout()
    login(cast.pat).get(_workspace(cast))
    shown = Response.objects.get(total=16)
    rows = AccessRecord.objects.filter(member=cast.alice, professional=cast.pat)
    assert [(r.kind, r.object_id, r.category) for r in rows] == [("measures.response", shown.pk, "measures")]


def test_revoking_consent_hides_results_and_assignments_at_once(cast, login, client):
    given = consent(cast.alice, cast.pat)
    logic.assign(cast.pat, cast.alice, "phq9", "weekly")
    _take(login(cast.alice), cast, value=2, audience="circle", professional_may_see="on")
    client.logout()
    assert ">16<" in login(cast.pat).get(_workspace(cast)).content.decode()
    revoke(cast.alice, given)
    page = login(cast.pat).get(_workspace(cast)).content.decode()
    assert ">16<" not in page and "Nobody here has given you consent" in page


def test_when_the_consent_ends_the_member_is_no_longer_asked(cast, login, at):
    start = at(datetime(2026, 3, 2, 9, tzinfo=UTC))
    given = consent(cast.alice, cast.pat)
    kept = consent(cast.bob, cast.pat)
    for member in (cast.alice, cast.bob):
        logic.assign(cast.pat, member, "phq9", "weekly", first_due=start + timedelta(weeks=1))
    assert not Notification.objects.filter(kind="measure_due").exists()
    revoke(cast.alice, given)
    at(start + timedelta(weeks=1, minutes=1))
    assert not logic.due_for(cast.alice).exists() and logic.due_for(cast.bob).exists()
    index = login(cast.alice).get(reverse("measures:index", args=[cast.circle.pk])).content.decode()
    assert "Waiting for you" not in index
    assert logic.remind_due() == 1  # Bob's only
    assert not Notification.objects.filter(user=cast.alice.user, kind="measure_due").exists()
    ended = Assignment.objects.get(member=cast.alice)
    assert not ended.active and ended.ended_at is not None
    assert Assignment.objects.get(member=cast.bob).active and kept.status == kept.Status.ACTIVE
