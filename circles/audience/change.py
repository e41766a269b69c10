"""Changing who can see an entry: one logic function for every kind of entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.models import Kind
from audit.trail import record
from circles.audience.fetch import NotTheAuthor
from circles.audience.models import Audience
from circles.models import Member
from lib.refusal import Refused


class PasswordNeeded(Refused):
    status = 403
    code = "password_needed"

    def __init__(self):
        super().__init__(_("Please confirm your password in Mend before sharing this more widely."))


@dataclass(frozen=True)
class AudienceChoice:
    """Who an author chose: the audience, the chosen members, and the professional's flag."""

    audience: str = Audience.ONLY_ME
    chosen: tuple[Member, ...] = field(default_factory=tuple)
    professional_may_see: bool = False

    @classmethod
    def from_form(cls, data: dict) -> AudienceChoice:
        return cls(data["audience"], tuple(data.get("chosen") or ()), bool(data.get("professional_may_see")))

    @property
    def widens(self) -> bool:
        """Anything beyond "only me" shares more widely (the password is asked again)."""
        return self.audience != Audience.ONLY_ME

    def reaches_beyond(self, audience: str, chosen_ids: set, professional_may_see: bool) -> bool:
        """Whether this choice lets someone see what the one before did not let them
        (the audit trail records those changes, not narrowings)."""
        if not self.widens:
            return False
        wider = RANK[self.audience] > RANK[audience]
        someone_new = self.audience == Audience.CHOSEN == audience and bool(
            {member.pk for member in self.chosen} - chosen_ids
        )
        return wider or someone_new or (self.professional_may_see and not professional_may_see)


RANK = {Audience.ONLY_ME: 0, Audience.CHOSEN: 1, Audience.CIRCLE: 2}


def store_choice(entry, choice: AudienceChoice) -> None:
    entry.set_audience(choice.audience, choice.chosen, choice.professional_may_see)


def change_audience(
    member: Member,
    entry,
    choice: AudienceChoice,
    *,
    password_confirmed: bool,
    apply: Callable[[object, AudienceChoice], None] = store_choice,
) -> None:
    """The author changes who can see `entry`; sharing more widely needs a fresh password.

    `apply` is the entry type's own way to store a choice when it has one (a rupture's
    people always keep seeing it; a plan is never shared with someone joint work is off
    with); it may raise `Refused`.
    """
    if entry.author_id != member.pk:
        raise NotTheAuthor
    if choice.widens and not password_confirmed:
        raise PasswordNeeded
    before = (entry.audience, set(entry.chosen.values_list("pk", flat=True)), entry.professional_may_see)
    with transaction.atomic():
        apply(entry, choice)
        if choice.reaches_beyond(*before):
            record(Kind.AUDIENCE_WIDENED, actor=member, about=member, circle=member.circle_id, target=entry)
