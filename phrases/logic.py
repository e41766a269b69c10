"""Repair phrases for one member: the built-in library, their own phrases, their favourites.

Pages, the picker and the API all call these functions. A member's own phrases and
favourites are theirs alone (`.of(member)`); nothing here ever reads another member's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from circles.history import delete_entry
from circles.models import Member
from lib.refusal import Refused
from phrases import library as lib
from phrases.models import OWN_MAX, TEXT_MAX, Favourite, OwnPhrase


class PhraseError(Refused):
    """A change that cannot be made; the message is safe to show."""

    code = "phrase_rule"


@dataclass(frozen=True)
class Item:
    """One phrase as the member sees it."""

    key: str  # a built-in phrase id, or an own phrase's UUID
    text: str
    purpose: str  # "" for an own phrase without a purpose
    own: bool
    favourite: bool


@dataclass(frozen=True)
class Group:
    key: str
    name: str
    items: list[Item]


@dataclass
class Book:
    """What the library page and the picker show, favourites first."""

    query: str
    language: str
    favourites: list[Item] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)  # one per purpose that has matches
    unsorted: list[Item] = field(default_factory=list)  # own phrases without a purpose
    count: int = 0  # phrases matching, each counted once

    @property
    def items(self) -> list[Item]:
        """Every matching phrase once, favourites first (the API's order)."""
        seen = {item.key for item in self.favourites}
        rest = [i for g in self.groups for i in g.items] + self.unsorted
        return self.favourites + [i for i in rest if i.key not in seen]


def own_phrases(member: Member):
    return OwnPhrase.objects.of(member)


def favourite_keys(member: Member) -> list[str]:
    """The member's favourites as phrase keys, oldest first."""
    return [fav.key for fav in Favourite.objects.of(member).only("builtin", "own_id")]


def phrase_book(member: Member, lang: str, query: str = "") -> Book:
    """The member's phrases in their language matching `query` (all when empty): two queries."""
    library = lib.library(lang)
    wanted = lib.terms(query)
    names = {p.key: p.name for p in library.purposes}
    favourites = favourite_keys(member)
    starred = set(favourites)

    def matching(text: str, purpose: str) -> bool:
        return lib.matches(wanted, text, names.get(purpose, ""))

    builtin = [
        Item(p.id, p.text, p.purpose, own=False, favourite=p.id in starred)
        for p in library.phrases
        if matching(p.text, p.purpose)
    ]
    own = [
        Item(str(o.pk), o.text, o.purpose, own=True, favourite=str(o.pk) in starred)
        for o in own_phrases(member)
        if matching(o.text, o.purpose)
    ]
    by_key = {item.key: item for item in builtin + own}
    book = Book(query=query.strip(), language=library.language, count=len(by_key))
    book.favourites = [by_key[key] for key in favourites if key in by_key]
    for purpose in library.purposes:
        items = [i for i in builtin if i.purpose == purpose.key] + [
            i for i in own if i.purpose == purpose.key
        ]
        if items:
            book.groups.append(Group(purpose.key, purpose.name, items))
    book.unsorted = [i for i in own if not i.purpose]
    return book


def _clean(text: str, purpose: str) -> tuple[str, str]:
    text = (text or "").strip()
    if not text:
        raise PhraseError(_("Please write a few words for your phrase."))
    if len(text) > TEXT_MAX:
        raise PhraseError(_("Please keep your phrase under %(limit)s characters.") % {"limit": TEXT_MAX})
    purpose = purpose or ""
    if purpose and purpose not in lib.PURPOSES:
        raise PhraseError(_("Please choose one of the purposes, or none."))
    return text, purpose


def add_own(member: Member, text: str, purpose: str = "") -> OwnPhrase:
    """Save a phrase in the member's own words."""
    text, purpose = _clean(text, purpose)
    if own_phrases(member).count() >= OWN_MAX:
        raise PhraseError(_("You can keep up to %(limit)s phrases of your own.") % {"limit": OWN_MAX})
    return OwnPhrase.objects.create(member=member, text=text, purpose=purpose)


def edit_own(phrase: OwnPhrase, text: str, purpose: str = "") -> OwnPhrase:
    phrase.text, phrase.purpose = _clean(text, purpose)
    phrase.save()
    return phrase


def delete_own(phrase: OwnPhrase) -> None:
    delete_entry(phrase.member, phrase)  # its favourite goes with it (CASCADE)


def find_own(member: Member, phrase_id) -> OwnPhrase | None:
    """One of the member's own phrases, or None (also for anyone else's)."""
    try:
        pk = uuid.UUID(str(phrase_id))
    except ValueError:
        return None
    return own_phrases(member).filter(pk=pk).first()


def _target(member: Member, key: str) -> dict:
    if lib.is_builtin(key):
        return {"builtin": key, "own": None}
    own = find_own(member, key)
    if own is None:
        raise LookupError(key)
    return {"builtin": "", "own": own}


def set_favourite(member: Member, key: str, on: bool = True) -> bool:
    """Make a phrase a favourite (or not). Unknown keys, and others' phrases, raise LookupError.

    Idempotent: favouriting twice keeps one favourite. Returns the new state.
    """
    target = _target(member, key)
    if not on:
        Favourite.objects.of(member).filter(**target).delete()
        return False
    try:
        with transaction.atomic():
            Favourite.objects.get_or_create(member=member, **target)
    except IntegrityError:
        pass  # a double tap raced us to it: already a favourite
    return True


def is_favourite(member: Member, key: str) -> bool:
    return key in favourite_keys(member)
