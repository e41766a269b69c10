"""This app's kinds of entry in the Audience matrix (circles/tests/test_audience_http.py).

A rupture always reaches the people in it; the matrix's party is a fresh member who is
never the viewer, so the audience cases keep their meaning. A step text is checked on its
rupture's page and in the API; it also needs its rupture to be visible.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from circles.models import Member
from circles.tests.audience_cases import EntryKind
from repair import logic
from repair.rules.steps import Action
from tests.support import join, make_user


def _party(author: Member) -> Member:
    return join(author.circle, make_user(f"party-{uuid.uuid4().hex[:10]}"), Member.Role.SIBLING)


def _rupture(author, audience, chosen, pro_flag, canary):
    data = logic.RuptureData(
        what=f"It happened {canary}",
        happened_at=timezone.now() - timedelta(hours=1),
        size="small",
        signs=["withdrawal"],
        others=[_party(author)],
    )
    return logic.log_rupture(author, data, audience, chosen, pro_flag)


def _step(author, audience, chosen, pro_flag, canary):
    rupture = _rupture(author, audience, chosen, pro_flag, "no canary here")
    return logic.take_step(
        author,
        rupture,
        Action.RECOGNISE,
        text=f"I noticed {canary}",
        audience=audience,
        chosen=chosen,
        professional_may_see=pro_flag,
    )


KINDS: list[EntryKind] = [
    EntryKind(
        name="rupture",
        create=_rupture,
        page_url=lambda e: reverse("repair:detail", args=[e.circle_id, e.pk]),
        list_url=lambda e: reverse("repair:list", args=[e.circle_id]),
        api_url=lambda e: f"/api/v1/ruptures/{e.pk}",
        api_list_url=lambda e: f"/api/v1/ruptures?circle={e.circle_id}",
        on_circle_home=False,
    ),
    EntryKind(
        name="repair step",
        create=_step,
        page_url=lambda e: reverse("repair:detail", args=[e.circle_id, e.rupture_id]),
        list_url=lambda e: reverse("repair:detail", args=[e.circle_id, e.rupture_id]),
        api_url=lambda e: f"/api/v1/ruptures/steps/{e.pk}",
        api_list_url=lambda e: f"/api/v1/ruptures/{e.rupture_id}/steps",
        also_needs=lambda e: e.rupture,
        on_circle_home=False,
    ),
]
