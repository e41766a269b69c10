"""Entries aimed at people: their audience follows whom they are addressed to.

A promise is made to someone, a note of thanks thanks someone (or the circle), a small
moment is about someone. By default such an entry is seen by those it is aimed at
(`ADDRESSED`, resolved by `resolve`), and its author reads, before saving, who will see
it (`who_will_see`).

Everything here reads the author's *choice* only, never anyone's answers to the safety
questions: someone she said she is not safe with reads exactly the same sentences and
defaults as before her answers (docs/developers.md, "Safety answers reveal nothing").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from circles.audience.change import AudienceChoice
from circles.audience.models import Audience
from circles.consent.queries import scopes_covering
from circles.models import Member

# The form's choice "those it is aimed at"; stored as the real audience it resolves to.
ADDRESSED = "addressed"
UNSAID = (None, "", ADDRESSED)  # what a form or the API holds when the default stands


def resolve(people: Iterable[Member], *, whole_circle: bool, professional_may_see: bool) -> AudienceChoice:
    """The audience that lets exactly the people an entry is aimed at see it.

    The whole circle for an entry to the circle; otherwise the people themselves as
    chosen members, and the professional's flag when one of them is the professional
    (a professional is never a chosen member). Aimed at nobody else: only me.
    """
    if whole_circle:
        return AudienceChoice(Audience.CIRCLE, (), professional_may_see)
    people = list(people)
    if not people:
        return AudienceChoice(Audience.ONLY_ME)
    others = tuple(person for person in people if not person.is_professional)
    professional = len(others) < len(people)
    return AudienceChoice(Audience.CHOSEN, others, professional_may_see or professional)


def approved_professionals(author: Member, category: str = "") -> set:
    """Ids of the professionals the author's consents in force let have the author's
    entries of `category` (any category when "") made now: only they see any of them."""
    scopes = scopes_covering(OuterRef("pk"), category, member=author.pk, moment=timezone.now())
    return set(
        Member.objects.filter(circle_id=author.circle_id, role=Member.Role.PROFESSIONAL)
        .filter(Exists(scopes))
        .values_list("pk", flat=True)
    )


def reaches(person: Member, choice: AudienceChoice, approved: set) -> bool:
    """Whether the choice lets `person` (another current member) see the entry.

    The choice as made, not the circumstances: step-away periods and safety answers are
    the Audience rule's business (`AudienceQuerySet.visible_to`) and are never read here.
    """
    if choice.audience == Audience.ONLY_ME:
        return False
    if person.is_professional:
        return choice.professional_may_see and person.pk in approved
    return choice.audience == Audience.CIRCLE or person.pk in {m.pk for m in choice.chosen}


def unreached(
    author: Member, people: Iterable[Member], choice: AudienceChoice, category: str = ""
) -> list[Member]:
    """Those of `people` the choice does not let see an entry of `category` (its consent
    category; "" for any) made now."""
    people = [person for person in people if person.pk != author.pk]
    approved = approved_professionals(author, category) if any(p.is_professional for p in people) else set()
    return [person for person in people if not reaches(person, choice, approved)]


def names(people: Sequence[Member]) -> str:
    """ "Alex", "Alex and Sam", "Alex, Sam and Robin"."""
    listed = sorted((person.name for person in people), key=str.casefold)
    if len(listed) < 2:
        return "".join(listed)
    return _("%(first)s and %(last)s") % {"first": ", ".join(listed[:-1]), "last": listed[-1]}


def _seen_by(choice: AudienceChoice, writing: bool) -> str:
    """Who sees it: "will see" before saving, "can see" on the saved entry's page."""
    if choice.audience == Audience.ONLY_ME:
        return _("Only you will see this.") if writing else _("Only you can see this.")
    if choice.audience == Audience.CIRCLE:
        seen = (
            _("Everyone in the circle will see this.")
            if writing
            else _("Everyone in the circle can see this.")
        )
    elif choice.chosen:
        n, who = len(choice.chosen), {"names": names(choice.chosen)}
        if writing:
            seen = ngettext("%(names)s will see this.", "%(names)s will see this.", n) % who
        else:
            seen = ngettext("%(names)s can see this.", "%(names)s can see this.", n) % who
    else:
        return _("The circle’s professional will see this, and nobody else.")
    if choice.professional_may_see:
        seen += " " + _("The circle’s professional may see it too.")
    return seen


def _unseen_by(missing: Sequence[Member], *, to_confirm: bool, writing: bool) -> str:
    n, who = len(missing), {"names": names(missing)}
    if to_confirm and writing:
        text = ngettext(
            "%(names)s won’t see it, so could never confirm it.",
            "%(names)s won’t see it, so could never confirm it.",
            n,
        )
    elif to_confirm:
        text = ngettext(
            "%(names)s can’t see it, so can’t confirm it.", "%(names)s can’t see it, so can’t confirm it.", n
        )
    elif writing:
        text = ngettext("%(names)s won’t see it.", "%(names)s won’t see it.", n)
    else:
        text = ngettext("%(names)s can’t see it.", "%(names)s can’t see it.", n)
    return text % who


def who_will_see(
    author: Member,
    choice: AudienceChoice,
    *,
    people: Sequence[Member] = (),
    whole_circle: bool = False,
    to_confirm: bool = False,
    writing: bool = True,
) -> list[str]:
    """Who the choice lets see an entry aimed at `people` (or the whole circle), in plain
    sentences for its author: "Alex will see this. Alex can confirm it."

    `to_confirm` is for promises: those it is made to confirm it, so the sentences say
    whether they can. `writing`: said before saving (False on the entry's own page).
    """
    if writing and author.status == Member.Status.STEPPED_AWAY:
        # Entries made while stepped away stay apart until shared again after coming back.
        return [_("While you have stepped away, what you write stays with you alone.")]
    sentences = [_seen_by(choice, writing)]
    if whole_circle:
        if choice.audience == Audience.CIRCLE:
            if to_confirm:
                sentences.append(_("Anyone in the circle can confirm it."))
        elif to_confirm:
            sentences.append(
                _("It is made to the whole circle, so the whole circle needs to see it to confirm it.")
            )
        else:
            sentences.append(_("It is for the whole circle, but the rest of the circle won’t see it."))
        return sentences
    missing = unreached(author, people, choice)
    seen = [person for person in people if person not in missing and person.pk != author.pk]
    if to_confirm and seen:
        sentences.append(
            ngettext("%(names)s can confirm it.", "%(names)s can confirm it.", len(seen))
            % {"names": names(seen)}
        )
    if missing:
        sentences.append(_unseen_by(missing, to_confirm=to_confirm, writing=writing))
    return sentences


def seen_by_for_others(entry, viewer: Member) -> str:
    """Who can see an entry, for someone other than its author: whom the author chose is
    the author's alone, so it is said in general words."""
    if entry.audience == Audience.CIRCLE:
        said = _("Everyone in the circle can see this.")
    elif viewer.is_professional:
        said = _("%(author)s chose who can see this.") % {"author": entry.author.name}
    else:
        said = _("%(author)s chose who can see this, you among them.") % {"author": entry.author.name}
    if entry.professional_may_see:
        said += " " + _("The circle’s professional may see it too.")
    return said


def on_entry_page(viewer: Member, entry, *, people=(), whole_circle=False, to_confirm=False) -> list[str]:
    """Who can see a saved entry, for its page: in full for its author (whom they chose is
    theirs alone), in general words for anyone else."""
    if entry.author_id != viewer.pk:
        return [seen_by_for_others(entry, viewer)]
    choice = AudienceChoice(entry.audience, tuple(entry.chosen.all()), entry.professional_may_see)
    return who_will_see(
        viewer, choice, people=people, whole_circle=whole_circle, to_confirm=to_confirm, writing=False
    )
