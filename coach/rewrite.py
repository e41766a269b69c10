"""Gentler rewrites built from the writer's own words (templates, no generative model)."""

from __future__ import annotations

import re
from functools import cache

from .lexicon import Lexicon


@cache
def _subs(
    lang: str, pattern: str, raw: tuple[tuple[str, str], ...]
) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Compile the substitution list for one pattern (cached)."""
    return tuple((re.compile(rx, re.IGNORECASE), repl) for rx, repl in raw)


def _substitute(lex: Lexicon, pattern: str, sentence: str) -> str | None:
    """Apply the pattern's word substitutions; None when nothing changed."""
    raw = lex.messages.get("substitutions", {}).get(pattern, [])
    out = sentence
    for rx, repl in _subs(lex.lang, pattern, tuple(tuple(r) for r in raw)):
        out = rx.sub(repl, out)
    return out if out != sentence else None


def _cap(text: str) -> str:
    """Capitalise the first letter, leave the rest alone."""
    return text[:1].upper() + text[1:] if text else text


def _join(parts: list[str]) -> str:
    """Join non-empty parts with single spaces."""
    return " ".join(p.strip() for p in parts if p and p.strip())


def build(
    lex: Lexicon,
    pattern: str,
    text: str,
    sentence: tuple[int, int],
    flagged: set[tuple[int, int]],
    sentences: list[tuple[int, int]],
    violence: bool,
) -> list[str]:
    """Return one or two rewrites: the writer's own words softened, then a template.

    Sentences of the message that were not flagged are kept as written, because
    they are usually the concrete, specific part ("The car payment was due Friday").
    When violence is indicated, no accountability wording is ever used.
    """
    info = lex.messages["patterns"][pattern]
    if violence:
        info = {**info, **lex.messages.get("safe_violence", {})}
    start, end = sentence
    softened = _substitute(lex, pattern, text[start:end])
    kept = [text[s:e] for s, e in sentences if (s, e) not in flagged]
    if softened is not None:
        body = [
            text[s:e] if (s, e) != sentence else _cap(softened)
            for s, e in sentences
            if (s, e) not in flagged or (s, e) == sentence
        ]
        own = _join([info.get("opener", ""), *body, info.get("closer", "")])
    else:
        own = _join([info.get("opener", ""), *kept, info.get("closer", "")])
    options = [own] if own else []
    template = info.get("template", "")
    if template and not (violence and info.get("accountability")):
        options.append(template)
    return options or [info.get("opener", "")]
