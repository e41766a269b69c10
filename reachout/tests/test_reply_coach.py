"""The coach on the reach-out reply draft: a boundary is a complete answer, never 'shutting the door'."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reachout import logic

pytestmark = pytest.mark.django_db

# One boundary per language is enough here: coach/tests/test_rewrites.py checks them all.
BOUNDARIES = {
    "en": ["Don't text me again unless you're in rehab", "I'm not ready to talk. Not yet."],
    "es": ["No me escribas hasta que estés en tratamiento"],
}
BOUNDARY_NOTE = {
    "en": "A calm boundary about what you will do",
    "es": "Un límite tranquilo sobre lo que tú harás",
}


def _reply_field(client, member):
    """Open the reply page and return the field name its composer sends to the coach."""
    plan = logic.start_plan(member, returning_name="Sam", what_they_said="I'm ready, I've changed")
    page = client.get(reverse("reachout:reply", args=[member.circle_id, plan.pk])).content.decode()
    assert reverse("coach_web:check") in page and '"field": "reply_draft"' in page
    return "reply_draft"


def _coach(client, field, text, **extra):
    """What the composer panel shows for a reply draft."""
    data = {"field": field, field: text, "target": f"id_{field}", **extra}
    return client.post(reverse("coach_web:check"), data).content.decode()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_boundary_in_the_reply_is_recognised_not_flagged(cast, login, lang):
    cast.carol.user.language = lang
    cast.carol.user.save()
    client = login(cast.carol)
    field = _reply_field(client, cast.carol)
    for text in BOUNDARIES[lang]:
        page = _coach(client, field, text)
        assert "data-coach-finding" not in page, text  # no stonewalling, no rewrite toward contact
        assert BOUNDARY_NOTE[lang] in page, text


def test_real_stonewalling_in_the_reply_is_still_coached(cast, login):
    client = login(cast.carol)
    field = _reply_field(client, cast.carol)
    page = _coach(client, field, "Whatever. I'm done talking about this.")
    assert "data-coach-finding" in page and 'data-pattern="stonewalling"' in page


def test_a_dismissed_pattern_is_never_praised(cast, login):
    """Dismissing a finding hides its card; the draft still has the pattern, so no praise either."""
    client = login(cast.carol)
    field = _reply_field(client, cast.carol)
    text = "Thank you for writing to me. You never listen to me."
    page = _coach(client, field, text, dismissed="blame_generalization")
    assert "data-coach-finding" not in page
    assert "coach-strength" not in page
    assert "coach-strength" in _coach(client, field, "Thank you for writing to me.")
