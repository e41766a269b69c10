"""Repair phrases in the JSON API.

The built-in library is the same for everyone; own phrases and favourites belong to
one membership and are only ever reached through it: anyone else's answers 404,
exactly like a phrase that does not exist.
"""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from ninja import Router

from circles.api import REFUSALS, member_for
from circles.audience.fetch import memberships
from circles.schemas import valid_form
from phrases import library as lib
from phrases import logic
from phrases.forms import OwnPhraseForm
from phrases.models import OwnPhrase
from phrases.schemas import (
    FavouriteIn,
    FavouriteOut,
    OwnPhraseChangeIn,
    OwnPhraseIn,
    OwnPhraseOut,
    PhraseOut,
    PurposeOut,
)

router = Router(tags=["phrases"])

QUERY_MAX = 100


def _lang(request, lang: str | None) -> str:
    return lib.language_of(lang or getattr(request.auth, "language", None))


def _phrase_out(item: logic.Item, library: lib.Library) -> dict:
    return {
        "id": item.key,
        "purpose": item.purpose,
        "purpose_name": library.purpose_name(item.purpose),
        "text": item.text,
        "own": item.own,
        "favourite": item.favourite,
    }


def _own_out(phrase: OwnPhrase, starred: set[str] | None = None) -> dict:
    if starred is None:
        starred = set(logic.favourite_keys(phrase.member))
    return {
        "id": phrase.pk,
        "circle": phrase.member.circle_id,
        "text": phrase.text,
        "purpose": phrase.purpose,
        "favourite": str(phrase.pk) in starred,
        "created_at": phrase.created_at,
        "updated_at": phrase.updated_at,
    }


def _own(request, phrase_id: UUID) -> OwnPhrase:
    """One of the caller's own phrases, in whichever of their circles; anything else is 404."""
    phrase = OwnPhrase.objects.filter(pk=phrase_id, member__in=memberships(request.auth)).first()
    if phrase is None:
        raise Http404
    request.member = phrase.member
    return phrase


@router.get("", response={200: list[PhraseOut], **REFUSALS})
def list_phrases(request, circle: UUID, q: str = "", lang: str | None = None):
    """Repair phrases for you in a circle: your favourites first, then by purpose, then your own.

    `q` searches the text and the purpose names, ignoring case and accents. `lang` (en or
    es) defaults to your language setting; your own phrases are as you wrote them.
    """
    member = member_for(request, circle)
    book = logic.phrase_book(member, _lang(request, lang), q[:QUERY_MAX])
    library = lib.library(book.language)
    return [_phrase_out(item, library) for item in book.items]


@router.get("/purposes", response={200: list[PurposeOut], **REFUSALS})
def list_purposes(request, lang: str | None = None):
    """What the phrases are grouped by, with names in your language."""
    return [{"key": p.key, "name": p.name} for p in lib.library(_lang(request, lang)).purposes]


@router.get("/own", response={200: list[OwnPhraseOut], **REFUSALS})
def list_own(request, circle: UUID):
    """The phrases you wrote yourself in a circle, oldest first. Only you see them."""
    member = member_for(request, circle)
    starred = set(logic.favourite_keys(member))
    return [_own_out(p, starred) for p in logic.own_phrases(member).select_related("member")]


@router.post("/own", response={201: OwnPhraseOut, **REFUSALS})
def create_own(request, payload: OwnPhraseIn):
    """Save a phrase in your own words. Only you ever see it."""
    member = member_for(request, payload.circle)
    data = valid_form(OwnPhraseForm, payload).cleaned_data
    phrase = logic.add_own(member, data["text"], data["purpose"])
    return 201, _own_out(phrase, set())


@router.get("/own/{phrase_id}", response={200: OwnPhraseOut, **REFUSALS})
def get_own(request, phrase_id: UUID):
    """One of your own phrases."""
    return _own_out(_own(request, phrase_id))


@router.patch("/own/{phrase_id}", response={200: OwnPhraseOut, **REFUSALS})
def change_own(request, phrase_id: UUID, payload: OwnPhraseChangeIn):
    """Change the words or the purpose of one of your own phrases."""
    phrase = _own(request, phrase_id)
    changes = payload.model_dump(exclude_none=True)
    merged = {"text": phrase.text, "purpose": phrase.purpose, **changes}
    data = valid_form(OwnPhraseForm, OwnPhraseChangeIn(**merged)).cleaned_data
    logic.edit_own(phrase, data["text"], data["purpose"])
    return _own_out(phrase)


@router.delete("/own/{phrase_id}", response={204: None, **REFUSALS})
def delete_own(request, phrase_id: UUID):
    """Delete one of your own phrases (and its favourite)."""
    logic.delete_own(_own(request, phrase_id))
    return 204, None


@router.get("/favourites", response={200: list[str], **REFUSALS})
def list_favourites(request, circle: UUID):
    """Your favourite phrases in a circle, as phrase ids, in the order you chose them."""
    return logic.favourite_keys(member_for(request, circle))


@router.post("/favourites", response={201: FavouriteOut, **REFUSALS})
def add_favourite(request, payload: FavouriteIn):
    """Keep a phrase at the top: a built-in phrase id or one of your own phrases."""
    member = member_for(request, payload.circle)
    try:
        logic.set_favourite(member, payload.phrase, True)
    except LookupError:
        raise Http404 from None
    return 201, {"phrase": payload.phrase, "favourite": True}


@router.delete("/favourites/{phrase}", response={204: None, **REFUSALS})
def remove_favourite(request, phrase: str, circle: UUID):
    """Stop keeping a phrase at the top."""
    member = member_for(request, circle)
    try:
        logic.set_favourite(member, phrase, False)
    except LookupError:
        raise Http404 from None
    return 204, None
