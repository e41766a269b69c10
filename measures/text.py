"""An instrument's keyed texts ({"en": …, "es": …}) in the page's language."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import get_language


def language() -> str:
    return (get_language() or "en").split("-")[0]


def pick(keyed: Mapping[str, str] | str | None, lang: str | None = None) -> str:
    """The text in `lang` (the page's language), else English; plain strings as they are."""
    if keyed is None:
        return ""
    if isinstance(keyed, str):
        return keyed
    lang = lang or language()
    return keyed.get(lang) or keyed.get("en") or ""


def published_in(instrument, lang: str | None = None) -> bool:
    """Whether the instrument's published wording exists in this language (else English is shown)."""
    return (lang or language()) in tuple(instrument.languages)
