"""Reading what consents allow, for the workspace and the Audience rule.

- `scopes_covering(professional, category, ...)`: the consent rows in force that let the
  professional have an entry of `category`, for `Exists(...)` in the Audience rule.

`AudienceQuerySet.visible_to` (what a professional may see) and
`AudienceQuerySet.counted_for` (what their trends are computed from, never listed) are
built on `scopes_covering`.
"""

from __future__ import annotations

from django.db.models import OuterRef, Q
from django.utils import timezone

from circles.consent.categories import Level, Purpose
from circles.models import Consent, ConsentScope

# The purposes under which Mend's workspace reads: a consent "for my treatment with this
# professional" and one "at my request" (§2.31(a)(5): enough when the patient initiates)
# both let the professional read in Mend. Every purpose a member can choose is one of
# them today, so the rule in SQL does not look at `purposes`; a purpose that does not
# allow reading must be added here and to `scopes_covering` (tests check both agree).
READING_PURPOSES = frozenset({Purpose.TREATMENT, Purpose.AT_MY_REQUEST})

# The levels that let a professional have an entry itself, or only what is computed from it.
SEES_ENTRIES = (Level.ENTRIES,)
SEES_TRENDS = (Level.TRENDS, Level.ENTRIES)


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
    creation time. `professional` is a Member, an expression for its id, or a list of
    members' ids (any of them: the workspace asks for a page of circles at once).
    """
    at = at or timezone.now()
    member = OuterRef("author_id") if member is None else member
    moment = OuterRef("created_at") if moment is None else moment
    scopes = ConsentScope.objects.filter(category=category) if category else ConsentScope.objects.all()
    if isinstance(professional, list | tuple | set | frozenset):
        recipients = Q(consent__recipients__in=list(professional))
    else:
        recipients = Q(consent__recipients=getattr(professional, "pk", professional))
    return scopes.filter(
        Q(consent__data_to__isnull=True) | Q(consent__data_to__gte=moment),
        recipients,
        consent__member_id=member,
        consent__status=Consent.Status.ACTIVE,
        consent__expires_at__gt=at,
        consent__data_from__lte=moment,
        level__in=levels,
    )
