"""Helpers for reach-out tests: URLs, a plan, and an offer made through the page."""

from __future__ import annotations

from django.urls import reverse

from reachout import logic


def url(name, member, *args):
    return reverse(f"reachout:{name}", args=[member.circle_id, *args])


def step_url(plan, step):
    return reverse("reachout:step", args=[plan.circle_id, plan.pk, step])


def sams_plan(author, **extra):
    return logic.start_plan(author, returning_name="Sam", what_they_said="I'm ready, I've changed", **extra)


def offer_to_alice(cast, client):
    plan = sams_plan(cast.carol, returning_member=cast.alice)
    logic.save_fields(plan, signs_of_change="goes to a meeting every week")
    response = client.post(
        url("plan_offers", cast.carol, plan.pk),
        {
            "what": "Go to a meeting",
            "frequency": "daily",
            "weekday": 6,
            "times_per_week": 1,
            "due_time": "23:59",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    return plan
