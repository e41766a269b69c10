"""History rows for plan decisions and support people, and who may make those changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from circles.audience import Audience
from reachout import logic
from reachout.models import Decision, SupportPerson, SupportPersonChange
from tests.support import api_client, call

pytestmark = pytest.mark.django_db

SEALED = "Dana Secret"


def _plan(author):
    return logic.start_plan(author, returning_name="Sam", what_they_said="I'm ready")


def _support_url(member, *args, name="support"):
    return reverse(f"reachout:{name}", args=[member.circle_id, *args])


# --- plan decisions ----------------------------------------------------------------------


def test_every_decision_is_a_new_row_and_the_earlier_ones_stay(cast):
    plan = _plan(cast.carol)
    first = logic.decide(plan, "not_yet", "Too soon")
    second = logic.decide(plan, "no_with_love")
    assert [d.pk for d in logic.history(plan)] == [second.pk, first.pk]
    assert Decision.objects.get(pk=first.pk).decision == "not_yet"


def test_only_the_author_decides_so_two_people_never_decide_at_once(cast, login):
    """A member the plan is shared with may read its decisions but never record one."""
    plan = _plan(cast.carol)
    plan.set_audience(Audience.CIRCLE)
    logic.decide(plan, "not_yet")
    step = reverse("reachout:step", args=[cast.circle.pk, plan.pk, "decide"])
    assert login(cast.bob).post(step, {"decision": "no_with_love"}).status_code == 403
    bob = api_client(cast.bob)
    assert call(bob, "GET", f"/reach-out/{plan.pk}/decisions").status_code == 200
    assert (
        call(bob, "POST", f"/reach-out/{plan.pk}/decisions", {"decision": "no_with_love"}).status_code == 403
    )
    assert [d.decision for d in Decision.objects.filter(plan=plan)] == ["not_yet"]


def test_the_same_decision_from_a_second_tab_is_not_recorded_twice(cast):
    plan = _plan(cast.carol)
    logic.decide(plan, "not_yet")
    with pytest.raises(logic.PlanRuleError):
        logic.decide(plan, "not_yet")
    assert Decision.objects.filter(plan=plan).count() == 1


# --- support people ----------------------------------------------------------------------


def _history(member) -> list[str]:
    return list(SupportPersonChange.objects.filter(owner=member).values_list("change", flat=True))


def test_adding_a_support_person_writes_a_row_with_no_contact_in_it(cast, login):
    client = login(cast.carol)
    client.post(_support_url(cast.carol), {"name": SEALED, "reach": "+1 555 123 4567"})
    assert SupportPerson.objects.filter(owner=cast.carol).count() == 1
    assert _history(cast.carol) == ["added"]
    row = SupportPersonChange.objects.get()
    # Only the kind of change and its time (and whose list it is): never who or how to reach them.
    assert {f.name for f in SupportPersonChange._meta.concrete_fields} == {"id", "owner", "change", "at"}
    assert SEALED not in str(SupportPersonChange.objects.filter(pk=row.pk).values().get())


def test_adding_the_same_person_twice_adds_and_records_it_once(cast, login):
    client = login(cast.carol)
    for _tap in range(2):
        client.post(_support_url(cast.carol), {"name": SEALED, "reach": "+1 555 123 4567"})
    assert SupportPerson.objects.filter(owner=cast.carol).count() == 1
    assert _history(cast.carol) == ["added"]


def test_a_support_person_from_the_circle_is_recorded_the_same_way(cast):
    person = logic.add_support_person(cast.carol, member=cast.bob, name="", reach="bob@example.test")
    assert person.shown_name == cast.bob.name
    assert _history(cast.carol) == ["added"]


def test_removing_writes_a_row_and_only_the_owner_can(cast, login):
    person = logic.add_support_person(cast.carol, member=None, name=SEALED, reach="+15551234567")
    remove = _support_url(cast.carol, person.pk, name="support_remove")
    assert login(cast.bob).post(remove).status_code == 404
    assert _history(cast.carol) == ["added"] and _history(cast.bob) == []
    assert login(cast.carol).post(remove).status_code == 302
    assert not SupportPerson.objects.exists()
    assert _history(cast.carol) == ["added", "removed"]


def test_removing_twice_at_once_records_it_once(cast):
    person = logic.add_support_person(cast.carol, member=None, name=SEALED, reach="+15551234567")
    stale = SupportPerson.objects.get(pk=person.pk)
    logic.remove_support_person(person)
    logic.remove_support_person(stale)
    assert _history(cast.carol) == ["added", "removed"]
