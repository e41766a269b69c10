"""A finished repair ends with a short shared summary; every step stays folded beneath it."""

from __future__ import annotations

from django.urls import reverse

from repair import logic
from repair.tests.helpers import (
    finish,
    log,
    repair_fully,
    through_regulate,
    understand_each_other,
    write_sides,
)
from safety.logic import record_answers
from safety.tests.helpers import afraid


def detail(cast, client, rupture) -> str:
    page = client.get(reverse("repair:detail", args=[cast.circle.pk, rupture.pk])).content.decode()
    return page[page.index("<main") : page.index("</main>")]


def summary(page: str) -> str:
    start = page.find('class="card repair-summary"')
    return "" if start < 0 else page[start : page.index("</section>", start)]


def test_a_finished_repair_ends_with_what_each_person_took_on(cast, login):
    rupture = log(cast.alice, cast.bob, audience="circle")
    repair_fully(rupture, cast.alice, cast.bob)
    page = detail(cast, login(cast.bob), rupture)
    lines = summary(page)
    assert "What you took on together" in lines
    assert lines.count("Took responsibility for: “I went quiet”") == 2
    assert lines.count("What will change: “I am here”") == 2
    assert lines.count("A promise: Text when I am running late") == 2
    # The steps are all still there, folded below the summary; "where each person is" is not.
    assert page.index("repair-summary") < page.index('<details class="repair-steps">')
    assert "Every step, as each person wrote it" in page and "side of Alice" in page
    assert "Where each person is" not in page


def test_an_unfinished_repair_has_no_summary(cast, login):
    rupture = log(cast.alice, cast.bob)
    through_regulate(rupture, cast.alice, cast.bob)
    page = detail(cast, login(cast.alice), rupture)
    assert summary(page) == "" and "Where each person is" in page and "repair-steps" not in page


def test_someone_outside_the_repair_reads_only_what_they_may_see(cast, login):
    rupture = log(cast.alice, cast.bob, audience="circle")
    repair_fully(rupture, cast.alice, cast.bob)
    lines = summary(detail(cast, login(cast.carol), rupture))
    assert "What they took on together" in lines
    # Step 5's promises are between the two of them: Carol may not see them, here or anywhere.
    assert "A promise:" not in lines


def test_the_summary_leaves_out_the_person_she_said_she_may_not_be_safe_with(cast, login):
    rupture = log(cast.carol, cast.alice, cast.bob)
    people = (cast.carol, cast.alice, cast.bob)
    through_regulate(rupture, *people)
    write_sides(rupture, *people)
    for a, b in ((cast.carol, cast.alice), (cast.carol, cast.bob), (cast.alice, cast.bob)):
        understand_each_other(rupture, a, b)
    finish(rupture, cast.carol, promise="")
    finish(rupture, cast.alice, promise="")
    logic.take_step(cast.bob, rupture, logic.Action.PART, text="I kept score")
    logic.take_step(cast.bob, rupture, logic.Action.VULNERABLE, text="To rest", choices=["sad"])
    logic.take_step(cast.bob, rupture, logic.Action.REBUILD, text="Sorry", more="No more scorekeeping")
    record_answers(cast.carol, cast.bob, afraid())
    lines = summary(detail(cast, login(cast.carol), rupture))
    assert lines.count("Took responsibility for: “I went quiet”") == 2
    assert "I kept score" not in lines and "No more scorekeeping" not in lines and "Bob" not in lines
    # Bob's own page is as it always was: the three of them.
    assert "I kept score" in summary(detail(cast, login(cast.bob), rupture))


def test_outsider_gets_404(cast, login):
    rupture = log(cast.alice, cast.bob, audience="circle")
    repair_fully(rupture, cast.alice, cast.bob)
    response = login(cast.olga).get(reverse("repair:detail", args=[cast.circle.pk, rupture.pk]))
    assert response.status_code == 404
