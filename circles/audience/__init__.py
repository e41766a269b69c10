"""The Audience mechanism: who may see an entry. Every kind of entry uses it.

An entry's author chooses its audience: only me (the default), chosen members, or the
whole circle, and separately whether the circle's professional may see it.

- `models`: the entry base (`AudienceEntry`) and `AudienceQuerySet.visible_to`, the
  only place visibility is decided in the database; `professional_clause` is the
  professional's part of the rule, in one place.
- `policy`: the same rule over plain data (`may_see`), the oracle of the tests.
- `fetch`: `fetch_visible` / `fetch_authored`, the only ways pages and API fetch an
  entry by id (404 if unseen, 403 if seen but not the caller's to change).
- `change`: `change_audience`, the one logic function that changes who can see an
  entry, with the password re-check inside it.
- `forms`, `schemas`, `views`, `api`: the form fields, API schemas, the one page and
  the one API helper for it.

Import from the submodules; this module re-exports the names every app needs.
"""

from circles.audience.models import Audience, AudienceEntry, AudienceQuerySet, professional_clause

__all__ = ["Audience", "AudienceEntry", "AudienceQuerySet", "professional_clause"]
