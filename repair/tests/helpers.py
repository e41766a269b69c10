"""Helpers for repair tests: log a rupture and walk people through the steps."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ledger.tests.factories import rule
from repair import logic
from repair.rules.steps import YES, Action


def log(author, *others, what="The anniversary slipped by", audience="only_me", chosen=(), pro=False):
    data = logic.RuptureData(
        what=what,
        happened_at=timezone.now() - timedelta(hours=2),
        size="medium",
        signs=["withdrawal"],
        others=list(others),
    )
    return logic.log_rupture(author, data, audience, chosen, pro)


def through_regulate(rupture, *people):
    for person in people:
        logic.take_step(
            person, rupture, Action.RECOGNISE, text=f"{person.name} noticed", choices=["pulling_away"]
        )
        logic.take_step(person, rupture, Action.SETTLED)


def write_sides(rupture, *people):
    for person in people:
        logic.take_step(person, rupture, Action.SIDE, text=f"side of {person.name}")


def understand_each_other(rupture, a, b):
    for reflector, subject in ((a, b), (b, a)):
        reflection = logic.reflect(reflector, rupture, subject, f"{reflector.name} heard {subject.name}")
        logic.answer_reflection(subject, reflection, YES)


def finish(rupture, person, promise="Text when I am running late"):
    logic.take_step(person, rupture, Action.PART, text="I went quiet")
    logic.take_step(person, rupture, Action.VULNERABLE, text="To feel close", choices=["scared"])
    logic.take_step(
        person,
        rupture,
        Action.REBUILD,
        text="I am sorry I went quiet",
        more="I am here",
        promises=[logic.NewPromise(promise, rule())] if promise else [],
    )


def repair_fully(rupture, a, b):
    through_regulate(rupture, a, b)
    write_sides(rupture, a, b)
    understand_each_other(rupture, a, b)
    finish(rupture, a)
    finish(rupture, b)


def rupture_with_reflection(a, b):
    """A rupture shared with the circle in which `a` has reflected `b`'s side (for route guards)."""
    rupture = log(a, b, audience="circle")
    through_regulate(rupture, a, b)
    write_sides(rupture, a, b)
    reflection = logic.reflect(a, rupture, b, f"{a.name} heard {b.name}")
    return rupture, reflection
