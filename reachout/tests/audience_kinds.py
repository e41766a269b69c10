"""This app's kinds of entry in the Audience matrix (circles/tests/test_audience_http.py).

A plan is shared as a whole: its parts (conditions, what the author needs to feel
safe, the decision and its history) follow the plan's audience, and each part is
checked where it shows. The author's notes follow no audience at all: whoever may
see the plan, only its author ever sees them (`_check_notes`).
"""

from __future__ import annotations

from django.urls import reverse

from circles.tests.audience_cases import EntryKind, answered
from reachout import logic


def _plan(author, audience, chosen, pro_flag, **fields):
    plan = logic.start_plan(author, returning_name="Sam")
    logic.save_fields(plan, **fields)
    logic.share(plan, audience, chosen, pro_flag)
    return plan


def _conditions(author, audience, chosen, pro_flag, canary):
    return _plan(author, audience, chosen, pro_flag, conditions=f"{canary} only when sober and honest")


def _safety_needs(author, audience, chosen, pro_flag, canary):
    return _plan(author, audience, chosen, pro_flag, boundaries=f"No calls after ten {canary}")


def _decision(author, audience, chosen, pro_flag, canary):
    plan = _plan(author, audience, chosen, pro_flag)
    return logic.decide(plan, "not_yet", note=f"Not while {canary}")


def _notes(author, audience, chosen, pro_flag, canary):
    return _plan(
        author,
        audience,
        chosen,
        pro_flag,
        what_they_said=f"I've changed {canary}",
        reply_draft=f"Draft {canary}",
        conditions="Only when sober",
    )


def _plan_page(plan):
    return reverse("reachout:plan", args=[plan.circle_id, plan.pk])


def _check_notes(client, plan, expected, canary, viewer):
    """The plan shows exactly when its audience allows; the notes only ever to the author."""
    is_author = viewer.id == plan.author_id
    urls = [
        _plan_page(plan),
        reverse("reachout:print", args=[plan.circle_id, plan.pk]),
        f"/api/v1/reach-out/{plan.pk}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == (200 if answered(url, viewer, expected) else 404), url
        assert (canary in response.content.decode()) == is_author, url
    for url in (
        reverse("reachout:list", args=[plan.circle_id]),
        reverse("circles:home", args=[plan.circle_id]),
    ):
        assert canary not in client.get(url).content.decode(), url
    listed = client.get(f"/api/v1/reach-out?circle={plan.circle_id}").content.decode()
    assert (canary in listed) == is_author
    for name in ("resume", "share", "reply"):
        response = client.get(reverse(f"reachout:{name}", args=[plan.circle_id, plan.pk]))
        assert (response.status_code in (200, 302)) == is_author, name
    step = client.get(reverse("reachout:step", args=[plan.circle_id, plan.pk, "pause"]))
    assert (step.status_code == 200) == is_author


KINDS: list[EntryKind] = [
    EntryKind(
        name="reach-out plan: conditions",
        create=_conditions,
        page_url=_plan_page,
        list_url=lambda e: reverse("reachout:list", args=[e.circle_id]),
        api_url=lambda e: f"/api/v1/reach-out/{e.pk}",
        api_list_url=lambda e: f"/api/v1/reach-out?circle={e.circle_id}",
        on_circle_home=False,
    ),
    EntryKind(
        name="reach-out plan: what I need to feel safe",
        create=_safety_needs,
        page_url=_plan_page,
        list_url=lambda e: reverse("reachout:print", args=[e.circle_id, e.pk]),
        api_url=lambda e: f"/api/v1/reach-out/{e.pk}",
        api_list_url=lambda e: f"/api/v1/reach-out?circle={e.circle_id}",
        on_circle_home=False,
    ),
    EntryKind(
        name="reach-out plan: decision",
        create=_decision,
        page_url=lambda e: _plan_page(e.plan),
        list_url=lambda e: f"/api/v1/reach-out/{e.plan_id}/decisions",
        api_url=lambda e: f"/api/v1/reach-out/{e.plan_id}",
        api_list_url=lambda e: f"/api/v1/reach-out?circle={e.plan.circle_id}",
        governed_by=lambda e: e.plan,
        on_circle_home=False,
    ),
    EntryKind(
        name="reach-out plan: notes",
        create=_notes,
        page_url=_plan_page,
        list_url=lambda e: reverse("reachout:list", args=[e.circle_id]),
        api_url=lambda e: f"/api/v1/reach-out/{e.pk}",
        on_circle_home=False,
        check=_check_notes,
    ),
]
