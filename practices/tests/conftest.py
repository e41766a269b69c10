"""The practices' cast, beside the family's (conftest.py at the root):

dana  – admin of Harbor (two-step login on)
eli   – a professional of Harbor (two-step login on)
omar  – admin of another practice, Elm (two-step login on)
sid   – site staff (a superuser), in no practice and no circle
"""

from __future__ import annotations

import pytest

from practices import logic
from practices.models import Practice, Practitioner
from tests.support import give_totp, make_user


def _pro(name):
    user = make_user(name)
    give_totp(user)
    return user


@pytest.fixture
def practices(cast):
    dana, eli, omar = _pro("dana"), _pro("eli"), _pro("omar")
    harbor = logic.start_practice(
        dana,
        kind=Practice.Kind.CLINIC,
        name="Harbor",
        intake_email="intake@harbor.test",
        intake_phone="",
        languages=["en", "es"],
        accepts_requests=True,
    )
    elm = logic.start_practice(
        omar, kind=Practice.Kind.SOLO, name="Elm", intake_email="", intake_phone="555", languages=["en"]
    )
    eli_place = Practitioner.objects.create(practice=harbor, user=eli)
    sid = make_user("sid")
    sid.is_staff = sid.is_superuser = True
    sid.save()

    class P:
        pass

    p = P()
    p.harbor, p.elm, p.sid = harbor, elm, sid
    p.dana = harbor.practitioners.get(user=dana)
    p.eli = eli_place
    p.omar = elm.practitioners.get(user=omar)
    return p


def ask(member, practice, reason="We keep fighting about money and trust."):
    return logic.ask_for_help(
        member,
        practice,
        name=member.name,
        reason=reason,
        contact="call 555-0100 evenings",
        languages=["en"],
        time_zone="America/New_York",
    )


@pytest.fixture
def asked(cast, practices):
    """bob (not an owner) asked Harbor for help."""
    return ask(cast.bob, practices.harbor)
