"""Reading what consents allow, for the workspace and the Audience rule.

- `grants_to(professional)`: what each member allows a professional now, by category.
- `scopes_covering(professional, category, ...)`: the consent rows in force that let the
  professional have an entry of `category`, for `Exists(...)` in the Audience rule.

`AudienceQuerySet.visible_to` (what a professional may see) and
`AudienceQuerySet.counted_for` (what their trends are computed from, never listed) are
built on `scopes_covering`.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import OuterRef, Q
from django.utils import timezone

from circles.consent.categories import Level, Purpose
from circles.models import Consent, ConsentScope, Member

# The purposes under which Mend's workspace reads: a consent "for my treatment with this
# professional" and one "at my request" (§2.31(a)(5): enough when the patient initiates)
# both let the professional read in Mend. Every purpose a member can choose is one of
# them today, so the rule in SQL does not look at `purposes`; a purpose that does not
# allow reading must be added here and to `scopes_covering` (tests check both agree).
READING_PURPOSES = frozenset({Purpose.TREATMENT, Purpose.AT_MY_REQUEST})

# The levels that let a professional have an entry itself, or only what is computed from it.
SEES_ENTRIES = (Level.ENTRIES,)
SEES_TRENDS = (Level.TRENDS, Level.ENTRIES)


def grants_to(professional: Member, at=None) -> dict:
    """What each member of the professional's circle allows them now, in one query.

    `{member_id: {category: level}}`, from the consents in force that name the
    professional; a member with none is absent. Two consents in force naming the same
    professional (one to them alone, one to the practice's named professionals) give the
    wider level of each category.
    """
    at = at or timezone.now()
    rows = (
        ConsentScope.objects.filter(
            consent__recipients=professional,
            consent__status="active",
            consent__expires_at__gt=at,
            consent__member__circle_id=professional.circle_id,
            consent__member__left_at__isnull=True,
        )
        .values_list("consent__member_id", "category", "level")
        .order_by()
    )
    granted: dict = defaultdict(dict)
    for member_id, category, level in rows:
        if granted[member_id].get(category) != "entries":
            granted[member_id][category] = level
    return dict(granted)


def scopes_covering(
    professional,
    category: str,
    member=None,
    moment=None,
    levels=SEES_ENTRIES,
    at=None,
):
    """Consent rows in force, given by `member` and naming `professional`, that cover
    `category` (any, when empty) at one of `levels` for something made at `moment` (within the consent's
    data_from … data_to). For `Exists(...)`: by default about the outer entry's author and
    creation time. `professional` is a Member or an expression for its id.
    """
    at = at or timezone.now()
    member = OuterRef("author_id") if member is None else member
    moment = OuterRef("created_at") if moment is None else moment
    scopes = ConsentScope.objects.filter(category=category) if category else ConsentScope.objects.all()
    return scopes.filter(
        Q(consent__data_to__isnull=True) | Q(consent__data_to__gte=moment),
        consent__member_id=member,
        consent__recipients=getattr(professional, "pk", professional),
        consent__status=Consent.Status.ACTIVE,
        consent__expires_at__gt=at,
        consent__data_from__lte=moment,
        level__in=levels,
    )
