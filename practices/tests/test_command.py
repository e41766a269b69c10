import pytest
from django.core.management import CommandError, call_command

from audit.models import Event
from audit.models import Kind as Audit
from practices.models import Practice
from tests.support import make_user


def test_an_operator_creates_a_practice_for_an_existing_account(db):
    lead = make_user("lead")
    call_command(
        "create_practice",
        "Harbor",
        "--admin-email",
        "LEAD@example.test",
        "--intake-email",
        "i@h.test",
        "--languages",
        "en,es",
    )
    practice = Practice.objects.get()
    assert practice.languages == ["en", "es"] and practice.accepts_requests
    assert practice.practitioners.get().user == lead and practice.practitioners.get().is_admin
    row = Event.objects.get(kind=Audit.PRACTICE_CREATED)
    assert row.about_id == lead.pk and row.actor_id is None


@pytest.mark.parametrize(
    "args",
    [
        ["--admin-email", "nobody@example.test", "--intake-email", "i@h.test"],
        ["--admin-email", "lead@example.test", "--intake-email", "i@h.test", "--languages", "xx"],
        ["--admin-email", "lead@example.test"],
    ],
)
def test_the_command_says_what_is_wrong_and_makes_nothing(db, args):
    make_user("lead")
    with pytest.raises(CommandError):
        call_command("create_practice", "Harbor", *args)
    assert not Practice.objects.exists()
