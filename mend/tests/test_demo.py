"""The demo circle (`manage.py demo`, run by `make run`) shows every feature to each of
its four people: months of history made by the apps' own logic, different for each
person, in English and (María) in Spanish; loading it again changes nothing, and the
same moment gives the same family. Their therapist, Lena (a professional of Harbor
Family Counseling, with two-step login), sees on her caseload and her view of the
family exactly what three of them consented to, and nothing of Jordan's.

The demo is loaded once for the module (it takes seconds) and rolled back at the end.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from allauth.mfa.totp.internal.auth import validate_totp_code
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from access_log.models import AccessRecord
from appreciations.models import Appreciation
from checkins.models import CheckIn, Craving, TimeOut
from circles.access import has_two_factor
from circles.consent.categories import Category, Level
from circles.models import Consent, Member
from ledger.models import Occurrence, OccurrenceChange, Outcome, Promise, SmallMoment
from mend.demo import DEMO_TOTP_SECRET, PEOPLE, PRACTICE, PROFESSIONAL, current_code, demo_circle, load_demo
from notifications.models import Notification
from phrases.models import Favourite, OwnPhrase
from practices.models import IntakeRequest, Practice
from reachout.models import Offer, Plan, SupportPerson
from repair.models import RepairStep, Rupture
from safety.models import SafetyCheck

KEYS = [key for key, *_ in PEOPLE]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        now = timezone.now()
        assert load_demo(now=now) is True
        circle = demo_circle()
        members = {
            key: Member.objects.select_related("user").get(circle=circle, user__email=email)
            for key, _n, email, *_ in PEOPLE
        }
        pro = Member.objects.select_related("user").get(circle=circle, user__email=PROFESSIONAL[2])
        yield SimpleNamespace(now=now, circle=circle, m=members, pro=pro)
        transaction.set_rollback(True)


def _fingerprint(circle) -> dict:
    """What a person would notice if the family were different: every outcome, state and count."""
    promises = Promise.objects.filter(circle=circle)
    return {
        "outcomes": sorted(
            Counter(
                (o.promise.what, o.due_date, o.outcome)
                for o in Occurrence.objects.filter(promise__in=promises).select_related("promise")
            ).items()
        ),
        "checkins": sorted(
            Counter((c.author.name, c.week, c.state) for c in CheckIn.objects.filter(circle=circle)).items()
        ),
        "moments": SmallMoment.objects.filter(circle=circle).count(),
        "steps": RepairStep.objects.filter(circle=circle).count(),
        "notifications": sorted(
            Counter(
                (n.user.email, n.kind, n.read_at is None)
                for n in Notification.objects.filter(circle_id=circle.pk)
            ).items()
        ),
    }


# --- once, and the same every time ---------------------------------------------------------


def test_loading_again_changes_nothing(demo, db):
    before = _fingerprint(demo.circle)
    assert load_demo() is False
    assert demo_circle() == demo.circle
    assert _fingerprint(demo.circle) == before


def test_an_older_demo_without_history_is_made_again_the_same_way(demo, db):
    before = _fingerprint(demo.circle)
    # What `make run` made before the demo had history: a circle with appreciations only.
    Promise.objects.filter(circle=demo.circle).delete()
    assert load_demo(now=demo.now) is True
    again = demo_circle()
    assert again != demo.circle
    assert _fingerprint(again) == before


def test_an_older_demo_without_its_professional_is_made_again_with_her(demo, db):
    before = _fingerprint(demo.circle)
    Member.objects.filter(pk=demo.pro.pk).delete()  # what `make run` made before Lena
    assert load_demo(now=demo.now) is True
    again = demo_circle()
    assert again != demo.circle and _fingerprint(again) == before
    assert Member.objects.filter(circle=again, user=demo.pro.user, role=Member.Role.PROFESSIONAL).exists()
    # The practice and her two-step login are reused, not made twice.
    assert Practice.objects.filter(name=PRACTICE["name"]).count() == 1
    assert demo.pro.user.authenticator_set.count() == 1


def test_nobody_in_the_demo_has_answered_the_safety_questions(demo, db):
    # Risk would switch joint work off: the demo shows the product as most families use it.
    assert not SafetyCheck.objects.filter(member__circle=demo.circle).exists()


# --- every feature has something for every person --------------------------------------------


def test_months_of_promises_end_in_every_way_there_is(demo, db):
    occurrences = Occurrence.objects.filter(circle_id=demo.circle.pk)
    outcomes = Counter(occurrences.values_list("outcome", flat=True))
    # "Seen differently" is a step on the way (the promiser then owned the miss), kept in history.
    assert set(outcomes) == {choice.value for choice in Outcome} - {Outcome.DISPUTED}
    changes = OccurrenceChange.objects.filter(occurrence__circle_id=demo.circle.pk)
    assert changes.filter(after=Outcome.DISPUTED).exists()
    assert outcomes[Outcome.KEPT_CONFIRMED] > outcomes[Outcome.MISSED] > 0
    first = occurrences.order_by("due_at").first().due_at
    assert demo.now - first > timedelta(days=100)
    assert Promise.objects.filter(circle=demo.circle, state=Promise.State.ENDED).exists()
    assert Promise.objects.filter(circle=demo.circle, pauses__isnull=False).exists()
    # Each answer is a history row with who gave it.
    answered = occurrences.exclude(outcome=Outcome.PENDING).count()
    assert changes.count() >= answered


@pytest.mark.parametrize("key", KEYS)
def test_each_person_has_promises_both_ways_and_small_moments(demo, db, key):
    member = demo.m[key]
    visible = Promise.objects.visible_to(member)
    assert visible.filter(author=member).exists()
    assert visible.exclude(author=member).filter(recipients=member).exists()
    assert SmallMoment.objects.visible_to(member).count() >= 5
    assert SmallMoment.objects.filter(author=member).exists()
    assert Appreciation.objects.visible_to(member).filter(to_member=member).exists()


@pytest.mark.parametrize("key", KEYS)
def test_each_person_checked_in_for_months(demo, db, key):
    member = demo.m[key]
    weeks = set(CheckIn.objects.filter(author=member).values_list("week", flat=True))
    assert len(weeks) >= 12


def test_cravings_stay_between_sam_and_alex(demo, db):
    sam = demo.m["sam"]
    assert Craving.objects.filter(author=sam).count() > 20
    assert Craving.objects.visible_to(demo.m["alex"]).exists()
    assert not Craving.objects.visible_to(demo.m["maria"]).exists()
    assert not Craving.objects.visible_to(demo.m["jordan"]).exists()


def test_one_repair_is_finished_and_one_is_in_progress(demo, db):
    ruptures = Rupture.objects.filter(circle=demo.circle)
    assert ruptures.filter(status=Rupture.Status.REPAIRED).count() == 2
    going = ruptures.get(status=Rupture.Status.OPEN)
    assert going.steps.count() >= 6 and going.reflections.exists()
    for key in KEYS:
        assert Rupture.objects.visible_to(demo.m[key]).exists()
    # Step 5 turned into promises in the ledger.
    assert RepairStep.objects.filter(circle=demo.circle, promises__isnull=False).exists()


def test_maria_has_a_reach_out_plan_with_not_yet_then_yes(demo, db):
    plan = Plan.objects.get(author=demo.m["maria"])
    assert [d.decision for d in plan.decisions.order_by("at")] == ["not_yet", "yes_with_conditions"]
    assert "sobrio" in plan.conditions
    assert plan.review_on > demo.now.date()
    assert Offer.objects.filter(plan=plan, state=Offer.State.ACCEPTED, promise__isnull=False).exists()
    assert Offer.objects.filter(plan=plan, state=Offer.State.OFFERED, to_member=demo.m["sam"]).exists()


@pytest.mark.parametrize("key", KEYS)
def test_each_person_has_time_outs_phrases_support_and_notifications(demo, db, key):
    member = demo.m[key]
    timeouts = TimeOut.objects.visible_to(member)
    assert timeouts.exists() and all(t.finished_at for t in timeouts)
    assert OwnPhrase.objects.of(member).exists() and Favourite.objects.of(member).count() >= 2
    assert SupportPerson.objects.filter(owner=member).exists()
    notes = Notification.objects.filter(user=member.user, circle_id=demo.circle.pk)
    assert notes.filter(read_at__isnull=True).exists() and notes.filter(read_at__isnull=False).exists()
    # Old news is not e-mailed again when the demo runs.
    assert not notes.filter(email_due_at__isnull=False, emailed_at__isnull=True).exists()


def test_maria_uses_mend_in_spanish(demo, db):
    assert demo.m["maria"].user.language == "es"
    assert {m.user.language for k, m in demo.m.items() if k != "maria"} == {"en"}


# --- every main page, as each person --------------------------------------------------------

# For each page: text every person sees there, or text per person (their own view).
PAGES = {
    "circles:home": {"*": "giving me room to show up again"},
    "ledger:mine": {
        "sam": "Text Alex when I leave work",
        "alex": "A Sunday evening talk with Sam",
        "maria": "Comer con Jordan los miércoles",
        "jordan": "Be home for family dinner",
    },
    "ledger:circle_promises": {"*": "Go to three meetings a week"},
    "ledger:moments": {"*": "Three Sundays in a row, phones away."},
    "checkins:home": {
        "sam": "Your recent check-ins",
        "alex": "Your recent check-ins",
        "maria": "Tus registros recientes",
        "jordan": "Your recent check-ins",
    },
    "checkins:list": {"*": "/check-ins/"},
    "checkins:trends": {"*": "<svg"},
    "repair:list": {
        "sam": "Dad said he&#x27;d come to my game",
        "alex": "at the sports bar",
        "maria": "Le dije a Alex",
        "jordan": "Dad said he&#x27;d come to my game",
    },
    "repair:time": {"*": "have been repaired in about", "maria": "se han reparado en alrededor de"},
    "reachout:list": {"*": "Hablamos solo si está sobrio", "maria": "Mis planes"},
    "reachout:support": {
        "sam": "Dave (sponsor)",
        "alex": "Terry",
        "maria": "Carmen (mi hermana)",
        "jordan": "Ms. Okafor",
    },
    "phrases:library": {
        "sam": "I&#x27;m flooded.",
        "alex": "I&#x27;d rather ask you than check",
        "maria": "Me alegra mucho oírte",
        "jordan": "I&#x27;m not mad, I&#x27;m disappointed",
    },
    "notifications:list": {"sam": "New", "alex": "New", "maria": "Nuevo", "jordan": "New"},
    "appreciations:list": {"*": "giving me room to show up again"},
}


def _client(member) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


def _url(name, circle) -> str:
    return reverse(name) if name.startswith("notifications:") else reverse(name, args=[circle.pk])


@pytest.mark.parametrize("key", KEYS)
def test_every_main_page_shows_something_real_to_each_person(demo, db, key):
    client = _client(demo.m[key])
    for name, markers in PAGES.items():
        response = client.get(_url(name, demo.circle))
        assert response.status_code == 200, name
        page = response.content.decode()
        marker = markers.get(key, markers.get("*"))
        assert marker in page, f"{name} as {key}: {marker!r} missing"
        assert "Not enough data yet" not in page and "Aún no hay datos suficientes" not in page, name


@pytest.mark.parametrize("key", KEYS)
def test_each_entry_page_opens_for_each_person(demo, db, key):
    member, circle = demo.m[key], demo.circle
    client = _client(member)
    urls = [
        reverse("ledger:relationship", args=[circle.pk, other.pk])
        for other in demo.m.values()
        if other != member
    ]
    urls += [reverse("repair:detail", args=[circle.pk, r.pk]) for r in Rupture.objects.visible_to(member)]
    urls += [reverse("reachout:plan", args=[circle.pk, p.pk]) for p in Plan.objects.visible_to(member)]
    urls += [reverse("checkins:timeout", args=[circle.pk, t.pk]) for t in TimeOut.objects.visible_to(member)]
    urls += [reverse("ledger:promise", args=[circle.pk, p.pk]) for p in Promise.objects.visible_to(member)]
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert len(urls) >= 10


def test_sam_is_offered_a_promise_and_sees_the_repair_waiting_for_him(demo, db):
    client = _client(demo.m["sam"])
    offers = client.get(reverse("reachout:offers", args=[demo.circle.pk])).content.decode()
    assert "Venir a comer conmigo un domingo al mes" in offers
    going = Rupture.objects.get(circle=demo.circle, status=Rupture.Status.OPEN)
    page = client.get(reverse("repair:detail", args=[demo.circle.pk, going.pk])).content.decode()
    assert "It&#x27;s not about the game" in page


def test_each_person_sees_a_different_circle(demo, db):
    """The same pages, four different views: what each person wrote and may see."""
    seen = {}
    for key in KEYS:
        client = _client(demo.m[key])
        pages = [
            client.get(_url(name, demo.circle)).content.decode() for name in ("ledger:mine", "repair:list")
        ]
        seen[key] = tuple(re.sub(r"\s+", " ", p) for p in pages)
    assert len(set(seen.values())) == len(KEYS)


# --- the family's therapist: the professional's side --------------------------------------


def test_lena_joined_weeks_ago_from_the_practice_the_family_asked(demo, db):
    pro = demo.pro
    assert pro.role == Member.Role.PROFESSIONAL and pro.left_at is None
    assert timedelta(days=21) < demo.now - pro.joined_at < timedelta(days=42)
    practice = Practice.objects.get(name=PRACTICE["name"])
    place = practice.practitioners.current().get()
    assert place.user == pro.user and place.is_admin
    assert practice.intake_email and practice.intake_phone and practice.languages == ["en", "es"]
    # Alex asked, the practice answered and invited Lena; an owner's own request is the yes.
    request = IntakeRequest.objects.get(practice=practice, circle=demo.circle)
    assert request.requester == demo.m["alex"] and request.replies.count() == 1
    assert request.proposals.get().stage == "joined"
    assert request.created_at < pro.joined_at


def test_lena_logs_in_with_the_published_demo_secret(demo, db):
    assert has_two_factor(demo.pro.user)
    code, seconds = current_code()
    assert re.fullmatch(r"\d{6}", code) and 0 < seconds <= 30
    assert validate_totp_code(DEMO_TOTP_SECRET, code)
    out = StringIO()
    call_command("demo", "--code", stdout=out)
    assert re.match(r"\d{6} ", out.getvalue())
    out = StringIO()
    call_command("demo", stdout=out)  # already there: reused, and the logins printed
    printed = out.getvalue()
    assert "already there" in printed and PROFESSIONAL[2] in printed and PROFESSIONAL[3] in printed
    assert DEMO_TOTP_SECRET in printed and "DEMO ONLY" in printed and "--code" in printed


def test_three_members_consented_each_to_different_things(demo, db):
    consents = {c.member_id: c for c in Consent.objects.active().filter(recipients=demo.pro)}
    scopes = {
        key: {s.category: s.level for s in consents[m.pk].scopes.all()}
        for key, m in demo.m.items()
        if m.pk in consents
    }
    assert set(scopes) == {"sam", "alex", "maria"}  # Jordan gave none
    assert len({frozenset(one.items()) for one in scopes.values()}) == 3
    assert not any(Category.CRAVINGS in one for one in scopes.values())
    assert set(scopes["maria"].values()) == {Level.TRENDS}
    assert consents[demo.m["maria"].pk].language == "es"
    assert "Lena Ortiz" in consents[demo.m["maria"].pk].text_shown
    assert consents[demo.m["sam"].pk].safety_alerts
    # What they wrote after signing, in those categories, they shared with her; cravings never.
    assert CheckIn.objects.filter(author=demo.m["sam"], professional_may_see=True).count() >= 10
    assert not Craving.objects.filter(professional_may_see=True).exists()
    assert not CheckIn.objects.filter(author=demo.m["jordan"], professional_may_see=True).exists()
    before = consents[demo.m["sam"].pk].signed_at
    assert not Promise.objects.filter(professional_may_see=True, created_at__lt=before).exists()


def _pro_client(demo) -> Client:
    client = Client()
    client.force_login(demo.pro.user)
    return client


def test_the_caseload_shows_the_family_as_they_consented(demo, db):
    page = _pro_client(demo).get(reverse("workspace:caseload")).content.decode()
    assert "The Rivera family (demo)" in page
    assert "3 members have given you consent" in page
    assert "Sam: " in page and "Alex: " in page and "María: " in page  # follow-through, check-ins
    assert "Jordan" not in page
    assert "Nothing repaired in the last 3 months" not in page  # María's repair, as a trend
    assert "None you can see in the last 3 months" not in page


def test_the_circle_view_shows_only_what_was_consented(demo, db):
    response = _pro_client(demo).get(reverse("workspace:circle", args=[demo.circle.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    # Entries: Sam's promise from the first session, Alex's moments and appreciations.
    assert "Go over the week&#x27;s plans with Alex on Monday evenings" in page
    assert "María, thank you for the soup" in page
    assert "Three Sundays in a row" not in page  # a moment's note is not its line
    # Trends only: María's numbers, never her words; check-ins as counts, never entries.
    assert "Le dije a Alex" not in page and "Check-in ·" not in page
    # Nothing of Jordan's, nor of Sam's cravings, nor what was shared before she joined.
    assert "Jordan</h2>" not in page and "Dad said he" not in page and "Cravings" not in page
    assert "Mamá, gracias" not in page  # Sam's thanks to María, 70 and 41 days ago


def test_lena_read_the_family_last_week_and_they_can_see_it(demo, db):
    rows = AccessRecord.objects.filter(professional=demo.pro)
    assert rows.exists() and rows.filter(at__lt=demo.now - timedelta(days=5)).exists()
    assert rows.order_by("-at").first().at < demo.now - timedelta(days=5)  # nothing since
    assert set(rows.values_list("member_id", flat=True)) == {demo.m[k].pk for k in ("sam", "alex", "maria")}
    page = _client(demo.m["sam"]).get(reverse("access_log:list")).content.decode()
    assert "Lena Ortiz" in page


def test_questionnaires_show_sams_improvement_to_him_alex_and_lena_never_the_answers(demo, db):
    from measures.models import Response as Result

    sam, alex = demo.m["sam"], demo.m["alex"]
    phq9 = list(Result.objects.filter(author=sam, instrument="phq9").order_by("taken_at"))
    assert [r.total for r in phq9] == [13, 9, 6] and phq9[0].assignment_id is not None
    assert not any(r.answers_shared for r in phq9)
    assert Result.objects.filter(instrument="csi4").count() == 4
    client = Client()
    client.force_login(sam.user)
    page = client.get(reverse("measures:history", args=[demo.circle.pk, "phq9"])).content.decode()
    assert "From the first result to the latest: −7 points: a reliable improvement" in page
    assert '<span aria-hidden="true">▼</span> From the first' in page
    # Alex sees both lines of the couple's index; Lena sees Sam's PHQ-9 and not the CSI-4.
    client.force_login(alex.user)
    together = client.get(reverse("measures:together", args=[demo.circle.pk, "csi4"])).content.decode()
    assert together.count("measure-history") == 2 and ">Sam</h2>" in together
    lena = _pro_client(demo).get(reverse("measures:workspace", args=[demo.circle.pk])).content.decode()
    # One person (Sam, who consented to questionnaires), one chart (his PHQ-9; the CSI-4
    # he showed Alex only).
    assert lena.count('aria-labelledby="person-') == 1 and lena.count("measure-history") == 1
