"""Shared machinery for Audience matrix tests: build a case, ask the policy oracle.

Every kind of entry joins the matrix by adding an `EntryKind` to `ENTRY_KINDS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from django.utils import timezone

from circles import logic
from circles.audience.policy import EntryFacts, Grant, Viewer, may_see
from circles.models import Consent, Member, StepAway
from tests.support import give_totp, join, make_user

AUDIENCE_CASES = ["only_me", "chosen_viewer", "chosen_other", "circle"]
STATUSES = ["active", "paused", "stepped_away", "removed"]
ROLES = list(Member.Role.values)


def _itself(entry):
    return entry


@dataclass
class EntryKind:
    """One kind of entry in the matrix, and where it shows.

    An entry whose visibility follows another one's audience (an occurrence follows
    its promise) names that one with `governed_by`; the policy is asked about it.
    An entry that must also pass another entry's audience (cravings need their
    check-in too) names that one with `also_needs`. A kind without free text of its
    own checks what it shows with `check` instead of the canary in its pages.
    """

    name: str
    create: Callable  # (author, audience, chosen, professional_may_see, canary) -> entry
    page_url: Callable  # (entry) -> str
    list_url: Callable  # (entry) -> str: a page listing it exactly when it is visible
    api_url: Callable  # (entry) -> str
    api_list_url: Callable | None = None  # (entry) -> str: the API list that shows it when visible
    governed_by: Callable = _itself  # (entry) -> the entry whose audience decides who sees it
    on_circle_home: bool = True  # False: the circle home never shows its text (it must not leak there)
    also_needs: Callable | None = None  # (entry) -> another entry the viewer must also be allowed to see
    never_professional: bool = False  # True: the kind never carries the professional flag, whatever asked
    only_in_recovery: bool = False  # True: only the person in recovery can make one
    check: Callable | None = None  # (client, entry, expected, canary, viewer) -> None, instead of canaries

    def facts(self, entry) -> EntryFacts:
        """What the policy oracle needs, taken from the entry that governs visibility."""
        facts = entry_facts(self.governed_by(entry))
        return replace(facts, professional_may_see=False) if self.never_professional else facts

    def expected(self, viewer: Viewer, entry) -> bool:
        """The oracle's answer: its own audience, and the one it also needs, both allow the viewer."""
        needed = [self.facts(entry)]
        if self.also_needs is not None:
            needed.append(entry_facts(self.also_needs(entry)))
        return all(may_see(viewer, facts) for facts in needed)


def _periods(member: Member):
    return tuple((s.started_at, s.ended_at) for s in StepAway.objects.filter(member=member))


def viewer_facts(member: Member) -> Viewer:
    member.refresh_from_db()
    return Viewer(
        id=member.pk,
        circle_id=member.circle_id,
        is_professional=member.is_professional,
        joined_at=member.joined_at,
        is_current=member.left_at is None,
        away=_periods(member),
        grants=grants_of(member),
    )


def grants_of(professional: Member) -> frozenset:
    """What the consents in force naming `professional` allow, as the policy reads it
    (decided in Python from each consent's status and expiry, not by the SQL rule)."""
    grants = set()
    for given in Consent.objects.filter(recipients=professional).prefetch_related("scopes"):
        if not given.is_in_force():
            continue
        for scope in given.scopes.all():
            grants.add(Grant(given.member_id, scope.category, scope.level, given.data_from, given.data_to))
    return frozenset(grants)


def about_use_of(entry) -> frozenset:
    """The other members in recovery whose use a rupture may be about (none for other kinds)."""
    parties = getattr(entry, "parties", None)
    if parties is None or entry.consent_category != "repair":
        return frozenset()
    return frozenset(
        parties.filter(role=Member.Role.PERSON_IN_RECOVERY)
        .exclude(pk=entry.author_id)
        .values_list("pk", flat=True)
    )


def entry_facts(entry) -> EntryFacts:
    return EntryFacts(
        author_id=entry.author_id,
        circle_id=entry.circle_id,
        audience=entry.audience,
        created_at=entry.created_at,
        chosen_ids=frozenset(entry.chosen.values_list("pk", flat=True)),
        professional_may_see=entry.professional_may_see,
        author_away=_periods(entry.author),
        shared_at=entry.shared_at,
        category=entry.consent_category,
        about_use_of=about_use_of(entry),
    )


def make_viewer(circle, role: str, status: str, owner: Member) -> tuple[Member, Member]:
    """A viewer in `role` and `status`, plus a bystander who can be chosen instead.

    Stepping away happens before the entry is written, so the entry falls in it.
    """
    user = make_user(f"viewer-{role}-{status}")
    if role == Member.Role.PROFESSIONAL:
        give_totp(user)
    earlier = timezone.now() - timedelta(days=10)
    viewer = join(circle, user, role, joined_at=earlier)
    bystander = join(circle, make_user(f"bystander-{role}-{status}"), Member.Role.SIBLING, joined_at=earlier)
    if status in ("paused", "stepped_away"):
        logic.set_status(viewer, status)
    elif status == "removed":
        logic.remove_member(owner, viewer)
    return viewer, bystander


def make_entry(
    kind: EntryKind, author: Member, audience_case: str, pro_flag: bool, viewer, bystander, canary
):
    audience = "chosen" if audience_case.startswith("chosen") else audience_case
    chosen = {"chosen_viewer": [viewer], "chosen_other": [bystander]}.get(audience_case, [])
    return kind.create(author, audience, chosen, pro_flag, canary)
