"""A rupture's status changes through one function: a conditional update and a history row."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from notifications.models import Notification
from repair import logic
from repair.models import Rupture, RuptureStatusChange
from repair.tests.helpers import finish, log, through_regulate, understand_each_other, write_sides
from tests.support import api_client, call

CHANGED = "This repair changed just now. Please look at it again."


def changes(rupture) -> list[tuple]:
    return list(RuptureStatusChange.objects.filter(rupture=rupture).values_list("by", "before", "after"))


def test_every_status_change_writes_a_row_with_who_from_and_to(cast):
    rupture = log(cast.alice, cast.bob)
    logic.pause(cast.bob, rupture)
    logic.resume(cast.alice, rupture)
    logic.not_now(cast.alice, rupture)
    assert changes(rupture) == [
        (cast.bob.pk, "open", "paused"),
        (cast.alice.pk, "paused", "open"),
        (cast.alice.pk, "open", "not_now"),
    ]
    saved = Rupture.objects.get(pk=rupture.pk)
    assert saved.status == "not_now" and saved.ended_at == saved.status_changed_at
    assert [c.at for c in RuptureStatusChange.objects.all()][-1] == saved.status_changed_at


def test_finishing_the_repair_records_who_completed_it(cast):
    rupture = log(cast.alice, cast.bob)
    through_regulate(rupture, cast.alice, cast.bob)
    write_sides(rupture, cast.alice, cast.bob)
    understand_each_other(rupture, cast.alice, cast.bob)
    finish(rupture, cast.alice)
    assert changes(rupture) == []
    finish(rupture, cast.bob, promise="")
    assert changes(rupture) == [(cast.bob.pk, "open", "repaired")]
    assert Rupture.objects.get(pk=rupture.pk).repaired_at is not None


def test_a_refused_move_writes_no_row(cast):
    rupture = log(cast.alice, cast.bob)
    with pytest.raises(logic.RepairRefused):
        logic.resume(cast.bob, rupture)
    with pytest.raises(logic.RepairRefused):
        logic.pause(cast.carol, rupture)
    assert changes(rupture) == []


def test_two_people_acting_on_stale_copies_the_second_is_refused(cast):
    """Alice and Bob both loaded the open repair; Alice pauses first, then Bob sets it aside."""
    rupture = log(cast.alice, cast.bob)
    alices_copy = Rupture.objects.get(pk=rupture.pk)
    bobs_copy = Rupture.objects.get(pk=rupture.pk)
    logic.pause(cast.alice, alices_copy)
    told_before = Notification.objects.count()
    with pytest.raises(logic.RepairRefused, match=CHANGED):
        logic.not_now(cast.bob, bobs_copy)
    saved = Rupture.objects.get(pk=rupture.pk)
    assert saved.status == "paused" and saved.ended_at is None
    assert changes(rupture) == [(cast.alice.pk, "open", "paused")]
    assert Notification.objects.count() == told_before


def test_two_people_picking_it_up_at_once_record_it_once(cast):
    rupture = log(cast.alice, cast.bob)
    logic.pause(cast.alice, rupture)
    alices_copy = Rupture.objects.get(pk=rupture.pk)
    bobs_copy = Rupture.objects.get(pk=rupture.pk)
    logic.resume(cast.alice, alices_copy)
    with pytest.raises(logic.RepairRefused, match=CHANGED):
        logic.resume(cast.bob, bobs_copy)
    assert [after for _by, _before, after in changes(rupture)] == ["paused", "open"]


@pytest.fixture
def someone_else_pauses_meanwhile(monkeypatch):
    """Between reading the repair and changing it, another person in it pauses it."""
    read = logic.repair_state

    def read_then_someone_pauses(rupture):
        state = read(rupture)
        Rupture.objects.filter(pk=rupture.pk).update(status=Rupture.Status.PAUSED)
        return state

    monkeypatch.setattr(logic, "repair_state", read_then_someone_pauses)


def test_the_page_says_the_repair_changed(cast, login, someone_else_pauses_meanwhile):
    rupture = log(cast.alice, cast.bob)
    end = reverse("repair:end", args=[cast.circle.pk, rupture.pk])
    page = login(cast.bob).post(end, {"choice": "not_now"})
    assert page.status_code == 200 and CHANGED in page.content.decode()
    assert Rupture.objects.get(pk=rupture.pk).status == "paused"
    assert changes(rupture) == []


def test_the_api_says_the_repair_changed(cast, someone_else_pauses_meanwhile):
    rupture = log(cast.alice, cast.bob)
    response = call(api_client(cast.bob), "POST", f"/ruptures/{rupture.pk}/not-now")
    assert response.status_code == 400 and response.json()["detail"] == CHANGED
    assert changes(rupture) == []


def test_the_history_goes_with_a_deleted_rupture(cast):
    rupture = log(cast.alice, cast.bob)
    logic.pause(cast.bob, rupture)
    logic.delete_rupture(cast.alice, rupture)
    assert not RuptureStatusChange.objects.exists()


def test_the_refusal_reads_in_spanish_too(cast):
    rupture = log(cast.alice, cast.bob)
    stale = Rupture.objects.get(pk=rupture.pk)
    logic.pause(cast.alice, rupture)
    with translation.override("es"), pytest.raises(logic.RepairRefused, match="cambió hace un momento"):
        logic.not_now(cast.bob, stale)
