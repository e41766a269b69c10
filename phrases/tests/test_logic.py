"""Own phrases and favourites: private to the member, searchable, favourites first."""

from __future__ import annotations

import pytest

from phrases import logic
from phrases.models import OWN_MAX, TEXT_MAX, Favourite, OwnPhrase

CANARY = "canary-41c my private words"


def test_the_book_groups_by_purpose_in_the_members_language(cast):
    book = logic.phrase_book(cast.alice, "es")
    assert [g.key for g in book.groups] == ["feeling", "sorry", "yes", "calm", "stop", "appreciate"]
    assert book.groups[1].name == "Lo siento…"
    assert book.favourites == []
    assert book.count == sum(len(g.items) for g in book.groups)


def test_own_phrases_join_their_purpose_group_or_stand_alone(cast):
    mine = logic.add_own(cast.alice, "  I'm here, and I'm not going anywhere.  ", "calm")
    loose = logic.add_own(cast.alice, CANARY)
    book = logic.phrase_book(cast.alice, "en")
    calm = next(g for g in book.groups if g.key == "calm")
    assert calm.items[-1].key == str(mine.pk)
    assert calm.items[-1].text == "I'm here, and I'm not going anywhere."
    assert calm.items[-1].own
    assert [i.key for i in book.unsorted] == [str(loose.pk)]


def test_own_phrases_are_sealed_at_rest(cast):
    phrase = logic.add_own(cast.alice, CANARY)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM phrases_ownphrase WHERE id = %s", [phrase.pk.hex])
        stored = cursor.fetchone()[0]
    assert CANARY not in stored


def test_nobody_else_sees_a_members_own_phrases(cast):
    logic.add_own(cast.alice, CANARY)
    for other in (cast.bob, cast.carol, cast.pat, cast.olga):
        book = logic.phrase_book(other, "en")
        assert CANARY not in [i.text for i in book.items]
        assert logic.find_own(other, logic.own_phrases(cast.alice).get().pk) is None


def test_search_covers_own_phrases_case_and_accent_insensitively(cast):
    logic.add_own(cast.alice, "Necesito un abrazo, por favor.", "feeling")
    book = logic.phrase_book(cast.alice, "es", "ABRAZO")
    assert [i.text for i in book.items] == ["Necesito un abrazo, por favor."]
    assert (
        logic.phrase_book(cast.alice, "es", "Perdón").count
        == logic.phrase_book(cast.alice, "es", "perdon").count
    )


def test_search_with_no_match_is_empty(cast):
    book = logic.phrase_book(cast.alice, "en", "zebra crossing")
    assert (book.count, book.groups, book.favourites, book.unsorted) == (0, [], [], [])


def test_favourites_come_first_in_the_order_chosen(cast):
    own = logic.add_own(cast.alice, "Let's walk and talk.", "yes")
    logic.set_favourite(cast.alice, "stop-02")
    logic.set_favourite(cast.alice, str(own.pk))
    logic.set_favourite(cast.alice, "feeling-01")
    book = logic.phrase_book(cast.alice, "en")
    assert [i.key for i in book.favourites] == ["stop-02", str(own.pk), "feeling-01"]
    assert all(i.favourite for i in book.favourites)
    assert [i.key for i in book.items[:3]] == ["stop-02", str(own.pk), "feeling-01"]
    assert len(book.items) == book.count


def test_favouriting_is_idempotent_and_can_be_undone(cast):
    assert logic.set_favourite(cast.bob, "sorry-01") is True
    assert logic.set_favourite(cast.bob, "sorry-01") is True
    assert Favourite.objects.of(cast.bob).count() == 1
    assert logic.set_favourite(cast.bob, "sorry-01", on=False) is False
    assert logic.set_favourite(cast.bob, "sorry-01", on=False) is False
    assert not logic.is_favourite(cast.bob, "sorry-01")


def test_favourites_are_per_member(cast):
    logic.set_favourite(cast.bob, "sorry-01")
    assert logic.phrase_book(cast.carol, "en").favourites == []


@pytest.mark.parametrize("key", ["sorry-99", "", "not a phrase", "00000000-0000-0000-0000-000000000000"])
def test_favouriting_an_unknown_phrase_is_refused(cast, key):
    with pytest.raises(LookupError):
        logic.set_favourite(cast.alice, key)


def test_nobody_can_favourite_someone_elses_own_phrase(cast):
    own = logic.add_own(cast.alice, CANARY)
    with pytest.raises(LookupError):
        logic.set_favourite(cast.bob, str(own.pk))


def test_deleting_an_own_phrase_removes_its_favourite(cast):
    own = logic.add_own(cast.alice, CANARY)
    logic.set_favourite(cast.alice, str(own.pk))
    logic.delete_own(own)
    assert Favourite.objects.of(cast.alice).count() == 0


def test_editing_an_own_phrase(cast):
    own = logic.add_own(cast.alice, "first words")
    logic.edit_own(own, " better words ", "appreciate")
    own.refresh_from_db()
    assert (own.text, own.purpose) == ("better words", "appreciate")


@pytest.mark.parametrize(
    ("text", "purpose"), [("", ""), ("   ", ""), ("x" * (TEXT_MAX + 1), ""), ("fine", "shouting")]
)
def test_bad_own_phrases_are_refused_with_a_message(cast, text, purpose):
    with pytest.raises(logic.PhraseError):
        logic.add_own(cast.alice, text, purpose)
    assert OwnPhrase.objects.count() == 0


def test_there_is_a_limit_to_own_phrases(cast):
    OwnPhrase.objects.bulk_create(OwnPhrase(member=cast.alice, text=f"p{n}") for n in range(OWN_MAX))
    with pytest.raises(logic.PhraseError, match=str(OWN_MAX)):
        logic.add_own(cast.alice, "one more")


def test_the_book_takes_two_queries_however_many_phrases(cast, django_assert_num_queries):
    for n in range(5):
        own = logic.add_own(cast.alice, f"phrase {n}")
        logic.set_favourite(cast.alice, str(own.pk))
    with django_assert_num_queries(2):
        logic.phrase_book(cast.alice, "en")
