"""Helpers every test module may import: the cast's building blocks and the API client.

Fixtures built on them (cast, login, at, api) live in the root conftest.py; test modules
import helpers from here, never from conftest.py or from another test module.
"""

from __future__ import annotations

import re
import time
from contextlib import contextmanager
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from accounts.models import AccessToken, User
from appreciations.logic import record_appreciation
from checkins import logic as checkin_logic
from checkins.logic import CheckInData
from circles.audience import Audience
from circles.models import Invitation, Member
from coach_web.models import SafetyAlert
from ledger import logic as ledger_logic
from ledger.tests.factories import new_promise
from measures import logic as measures_logic
from measures.models import Assignment
from notifications.logic import notify
from phrases.logic import add_own
from practices import logic as practice_logic
from reachout import logic as reachout_logic
from reachout.models import SupportPerson
from repair.tests.helpers import rupture_with_reflection

PASSWORD = "a-long-test-passphrase-42"
API = "/api/v1"


def make_user(name: str) -> User:
    email = f"{name}@example.test"
    user = User.objects.create_user(email, PASSWORD, display_name=name.title())
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def give_totp(user: User) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())


def join(circle, user: User, role: str, **extra) -> Member:
    return Member.objects.create(circle=circle, user=user, role=role, **extra)


def consent(
    member: Member,
    professionals,
    categories=None,
    level: str = "entries",
    *,
    data_from=None,
    expires_on=None,
    safety_alerts: bool = False,
    purposes=("treatment",),
    language: str = "en",
):
    """`member` signs a consent naming `professionals` (one Member or several), as on the
    consent page after typing their password (circles.consent.logic.sign).

    `categories`: a dict {category: level}, or categories that all get `level`; by
    default every category except cravings and use (off unless chosen). `data_from`
    (a date; default the day of signing) and `expires_on` (a date; default about six
    months on) as the member would choose them. Returns the `Consent`.
    """
    from circles.consent import logic as consent_logic
    from circles.consent.categories import Category

    if isinstance(professionals, Member):
        professionals = [professionals]
    if categories is None:
        categories = [c for c in Category.values if c != Category.CRAVINGS]
    scopes = dict(categories) if isinstance(categories, dict) else dict.fromkeys(categories, level)
    choices = consent_logic.ConsentChoices(
        recipients=tuple(professionals),
        scopes=scopes,
        expires_on=expires_on or consent_logic.default_expiry(member),
        purposes=tuple(purposes),
        data_from=data_from,
        safety_alerts=safety_alerts,
        language=language,
    )
    return consent_logic.sign(member, choices, PASSWORD)


def mark_recently_authenticated(client, user) -> None:
    """Record a fresh password check in the session, as allauth's re-authentication does."""
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def api_client(who) -> Client:
    """A test client that sends a fresh personal access token for a member or user."""
    user = who.user if isinstance(who, Member) else who
    _token, raw = AccessToken.issue(user, "tests")
    return Client(headers={"authorization": f"Bearer {raw}"})


def call(client: Client, method: str, path: str, body: dict | None = None):
    """Send a JSON request to the API."""
    send = getattr(client, method.lower())
    if body is None:
        return send(API + path)
    return send(API + path, body, content_type="application/json")


def selected(page: str, name: str) -> list[str]:
    """The values chosen in a <select> or in checkboxes/radios named `name` of a rendered form."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    if select:
        return re.findall(r'<option value="([^"]*)" selected>', select.group(1))
    inputs = re.findall(rf'<input type="(?:radio|checkbox)" name="{name}"[^>]*>', page)
    return [_value(tag) for tag in inputs if " checked" in tag]


def _value(tag: str) -> str:
    found = re.search(r'value="([^"]*)"', tag)
    return found.group(1) if found else "on"


NOT_PAGES = ("admin:", "api-1:")


def _named_routes(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
            yield from _named_routes(pattern.url_patterns, inner)
        elif pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, re.findall(r"\(\?P<(\w+)>|<(?:\w+:)?(\w+)>", str(pattern.pattern))


def page_routes() -> dict[str, list[str]]:
    """Every named page route (not admin, not API), with the names of its address parts."""
    routes = {}
    for name, found in _named_routes():
        if not name.startswith(NOT_PAGES):
            routes[name] = [a or b for a, b in found]
    return routes


def route_values(cast) -> dict:
    """A value for every kind of address part of a page route, each naming something the owner (alice) may open."""
    promise = new_promise(cast.alice, [cast.bob], frequency="once", audience="circle")
    rupture, reflection = rupture_with_reflection(cast.alice, cast.bob)
    plan = reachout_logic.start_plan(cast.alice, returning_member=cast.bob)
    reachout_logic.share(plan, "circle")
    support = SupportPerson.objects.create(owner=cast.alice, name="Dana", reach="+15550102030")
    _invitation, token = Invitation.issue(cast.alice, "friend")
    practice = practice_values(cast)
    return practice | {
        "circle_id": cast.circle.pk,
        "member_id": cast.bob.pk,
        "invitation_id": _invitation.pk,
        "token": token,
        "appreciation_id": record_appreciation(cast.alice, "thanks", cast.bob, Audience.CIRCLE).pk,
        "promise_id": promise.pk,
        "occurrence_id": promise.occurrences.first().pk,
        "action": "report_kept",
        "moment_id": ledger_logic.note_moment(cast.alice, cast.bob, "on_time", audience="circle").pk,
        "checkin_id": checkin_logic.record_checkin(
            cast.alice, CheckInData(state="settled"), audience=Audience.CIRCLE
        ).pk,
        "timeout_id": checkin_logic.call_timeout(cast.alice, cast.bob, 20).pk,
        "notification_id": notify(
            cast.alice.user, "confirm_waiting", "/", now=timezone.now() - timedelta(minutes=1)
        ).pk,
        "phrase_id": add_own(cast.alice, "Can we pause for a moment?").pk,
        "rupture_id": rupture.pk,
        "reflection_id": reflection.pk,
        "number": 1,
        "plan_id": plan.pk,
        "step": "pause",
        "offer_id": reachout_logic.make_offer(plan, "Meeting", frequency="daily").pk,
        "person_id": support.pk,
        "token_id": 1,
        # An alert to the professional about alice (with no consent behind it: shown to nobody).
        "alert_id": SafetyAlert.objects.create(
            circle=cast.circle, member=cast.alice, professional=cast.pat
        ).pk,
        "consent_id": consent(cast.alice, cast.pat).pk,
        "response_id": measures_logic.take(
            cast.alice, "phq9", dict.fromkeys(range(1, 10), 1), Audience.CIRCLE
        ).pk,
        "instrument_id": "phq9",
        "assignment_id": Assignment.objects.create(
            circle=cast.circle,
            member=cast.alice,
            assigned_by=cast.pat,
            instrument="phq9",
            next_due=timezone.now(),
        ).pk,
        "key": "not-a-real-key",
        "uidb36": "1",
    }


def practice_values(cast) -> dict:
    """A practice with pat (two-step login on) as its admin; alice's request to it, an
    invitation to join it for alice, and a professional proposed on bob's request, waiting
    for alice's yes as the circle's owner."""
    practice = practice_logic.start_practice(
        cast.pat.user,
        by_operator=True,
        kind="clinic",
        name="Harbor",
        intake_email="intake@harbor.test",
        languages=["en", "es"],
    )
    place = practice.practitioners.get()
    asked = {
        "name": "Alice",
        "reason": "We would like help",
        "contact": "555-0100",
        "languages": ["en"],
        "time_zone": "UTC",
    }
    intake = practice_logic.ask_for_help(cast.alice, practice, **asked)
    bobs = practice_logic.ask_for_help(cast.bob, practice, **asked)
    return {
        "practice_id": practice.pk,
        "practitioner_id": place.pk,
        "intake_id": intake.pk,
        "proposal_id": practice_logic.propose(place, bobs, place).pk,
        "practice_invitation_id": practice_logic.invite_practitioner(place, cast.alice.user.email).pk,
    }


class _RollBack(Exception):
    pass


@contextmanager
def rolled_back():
    """Play something and undo every row it wrote, so a second world starts the same."""
    try:
        with transaction.atomic():
            yield
            raise _RollBack
    except _RollBack:
        pass


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def same(text: str) -> str:
    """What two answers share once ids, CSRF tokens and CSP nonces are set aside."""
    text = UUID.sub("<id>", text)
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]*"', "", text)
    return re.sub(r"nonce-[A-Za-z0-9+/=_-]+|nonce=\"[^\"]*\"", "<nonce>", text)


HEADERS = ("Content-Type", "Location", "Cache-Control", "Content-Security-Policy")


def answers(response) -> tuple:
    """Status, the headers a person's client acts on, and the body, comparable across worlds."""
    return (
        response.status_code,
        tuple(same(response.get(name, "")) for name in HEADERS),
        same(response.content.decode()),
    )


def migrate_to(targets):
    """Migrate the test database to `targets` (app, migration) and return the models of then.

    `(app, None)` leaves an app unmigrated (and out of the models returned).
    """
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def sent_to_workspace(response, circle_id) -> bool:
    """Whether a family page sent a professional to their own view of the circle (issue 15)."""
    from django.urls import reverse

    return response.status_code == 302 and response["Location"] == reverse(
        "workspace:circle", args=[circle_id]
    )
