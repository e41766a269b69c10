"""The languages a practice works in and a family asks for: codes, and their names in
the reader's language. A short fixed list (stored as codes), so pages can match a
family's languages with a practice's without reading free text."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("fr", _("French")),
    ("zh", _("Chinese")),
    ("vi", _("Vietnamese")),
    ("tl", _("Tagalog")),
    ("ar", _("Arabic")),
    ("ko", _("Korean")),
    ("ru", _("Russian")),
    ("ht", _("Haitian Creole")),
    ("de", _("German")),
]
CODES = [code for code, _label in LANGUAGES]
_NAMES = dict(LANGUAGES)


def names(codes) -> str:
    """ "English, Spanish": the names of stored codes in the reader's language (unknown ones left out)."""
    return ", ".join(str(_NAMES[code]) for code in codes if code in _NAMES)
