"""One way to refuse: every rule's refusal reads the same in the API and on pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from checkins import logic as checkin_logic
from checkins.logic import CheckInRefused
from circles.audience import Audience
from circles.audience.fetch import NotTheAuthor
from circles.logic import CircleRuleError
from lib.refusal import Refused, show_refusal
from tests.support import api_client, call


def test_a_refusal_carries_its_words_code_and_status():
    refusal = Refused("Not now.", code="not_now", status=403)
    assert (str(refusal), refusal.message, refusal.code, refusal.status) == (
        "Not now.",
        "Not now.",
        "not_now",
        403,
    )
    assert (Refused("x").code, Refused("x").status) == ("refused", 400)
    assert NotTheAuthor().status == 403 and CheckInRefused("x").status == 400


def test_every_rules_refusal_is_a_refused():
    from ledger.rules.outcomes import Refused as PromiseRefused
    from phrases.logic import PhraseError
    from reachout.logic import PlanRuleError
    from repair.logic import RepairRefused, RepairUnavailable
    from repair.rules.steps import Refused as StepRefused
    from safety.logic import SafetyRefused
    from safety.rules import AnswersRefused

    for kind in (
        CircleRuleError,
        CheckInRefused,
        PromiseRefused,
        PhraseError,
        PlanRuleError,
        RepairRefused,
        RepairUnavailable,
        StepRefused,
        SafetyRefused,
        AnswersRefused,
        NotTheAuthor,
    ):
        assert issubclass(kind, Refused), kind


class _Form:
    def __init__(self):
        self.errors = []

    def add_error(self, field, message):
        self.errors.append((field, message))


def test_a_page_shows_a_refusal_on_its_form():
    form = _Form()
    show_refusal(None, Refused("Please choose one."), form)
    assert form.errors == [(None, "Please choose one.")]


@pytest.fixture
def circle_timeout(cast):
    """A pause between Alice and Bob that the whole circle was (wrongly) allowed to see."""
    timeout = checkin_logic.call_timeout(cast.alice, cast.bob, 30)
    timeout.set_audience(Audience.CIRCLE)
    return timeout


def test_the_api_answers_a_refusal_with_its_words_code_and_status(cast, circle_timeout):
    response = call(api_client(cast.carol), "POST", f"/checkins/timeouts/{circle_timeout.pk}/back")
    assert response.status_code == 403
    assert response.json() == {"detail": "Only the two people in a pause can end it.", "code": "checkin_rule"}
    circle_timeout.refresh_from_db()
    assert circle_timeout.returned_at is None


def test_a_refusal_a_page_did_not_catch_is_a_page_not_a_server_error(cast, login, circle_timeout):
    url = reverse("checkins:timeout_back", args=[cast.circle.pk, circle_timeout.pk])
    response = login(cast.carol).post(url)
    assert response.status_code == 403
    assert "Only the person who wrote this can change it" in response.content.decode()
    circle_timeout.refresh_from_db()
    assert circle_timeout.returned_at is None


def test_a_400_refusal_on_a_page_comes_back_as_a_message_where_the_person_was(cast, login):
    from circles.models import Member

    cast.bob.status = Member.Status.STEPPED_AWAY
    cast.bob.save()
    client = login(cast.bob)
    start = reverse("circles:members", args=[cast.circle.pk])
    response = client.post(
        reverse("circles:invite", args=[cast.circle.pk]), {"role": "parent"}, HTTP_REFERER=start, follow=True
    )
    assert response.status_code == 200
    assert "stepped away, you can’t invite anyone" in response.content.decode()


def test_refusals_speak_the_persons_language(cast, circle_timeout):
    with translation.override("es"), pytest.raises(CheckInRefused) as refused:
        checkin_logic.come_back(circle_timeout, cast.carol)
    assert refused.value.message == "Solo las dos personas de una pausa pueden terminarla."


def test_no_endpoint_refuses_by_hand():
    """Every refusal goes through `Refused` and the one handler; none is an inline HttpError."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    by_hand = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.glob("*/api.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "HttpError(" in line
    ]
    assert by_hand == []
