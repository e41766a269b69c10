"""Changing who can see an entry: one logic function for every kind of entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

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
    apply(entry, choice)
