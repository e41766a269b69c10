"""Gentler rewrites built from the writer's own words (templates, no generative model).

A rewrite must never make things worse, so every candidate goes through the
engine's clean check (``clean``) and is dropped if it still carries any harmful
pattern. Word substitutions (person-first words, "you never" -> "you didn't") are
applied only in the grammatical slots listed in ``messages.json`` ("substitutions"),
and never to a sentence that uses a label as an insult: that gets a full rewrite
from the pattern's frames instead. When the message holds a boundary, no candidate
may add wording that moves toward contact (PRODUCT.md principle 3).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .lexicon import Lexicon, load
from .normalize import normalize

_FLAGS = re.IGNORECASE | re.UNICODE
_MACRO = re.compile(r"%([A-Z_0-9]+)%")
_GROUP = re.compile(r"\\g<(\w+)>")


@dataclass(frozen=True)
class Slot:
    """One place where a word substitution keeps the sentence grammatical and kind."""

    id: str
    regex: re.Pattern[str]
    replace: str
    forms: dict[str, str] = field(default_factory=dict)  # the ``form`` group's word -> its replacement


@dataclass(frozen=True)
class Rules:
    """The substitution rules of one pattern in one language."""

    insult: tuple[re.Pattern[str], ...] = ()
    slots: tuple[Slot, ...] = ()


def _expand_macros(pattern: str, defs: dict[str, str]) -> str:
    """Replace %NAME% with its definition (definitions may use other definitions)."""
    for _ in range(5):
        expanded = _MACRO.sub(lambda m: defs[m.group(1)], pattern)
        if expanded == pattern:
            return expanded
        pattern = expanded
    return pattern


def _data(lang: str) -> dict[str, Any]:
    """The language's "substitutions" block from messages.json."""
    return load(lang).messages.get("substitutions", {})


@cache
def rules(lang: str, pattern: str) -> Rules:
    """Compile the pattern's insult vetoes and substitution slots (cached)."""
    data = _data(lang)
    defs = data.get("defs", {})
    block = data.get(pattern, {})

    def rx(src: str) -> re.Pattern[str]:
        return re.compile(_expand_macros(src, defs), _FLAGS)

    return Rules(
        insult=tuple(rx(e["regex"]) for e in block.get("insult", [])),
        slots=tuple(
            Slot(e["id"], rx(e["regex"]), e["replace"], dict(e.get("forms", {})))
            for e in block.get("slots", [])
        ),
    )


@cache
def _addressed(lang: str) -> re.Pattern[str] | None:
    """Words that show a sentence is aimed at the reader ("you", "eres")."""
    src = _data(lang).get("addressed")
    return re.compile(src, _FLAGS) if src else None


def is_insult(lang: str, pattern: str, sentence: str) -> bool:
    """True when the sentence uses the flagged words as an insult (no word-by-word patching)."""
    norm = normalize(sentence)
    return any(rx.search(norm) for rx in rules(lang, pattern).insult)


def _key(word: str) -> str:
    """Lookup key for a ``form`` group: lower case, single spaces."""
    return " ".join(word.lower().split())


def _match_case(original: str, replacement: str) -> str:
    """Capitalise the replacement when the text it replaces started with a capital."""
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _expand(slot: Slot, m: re.Match[str], text: str) -> str:
    """The slot's replacement for one match; groups are copied from the original text.

    Matching runs on the normalised text, which has the same length, so a group's
    span points at the writer's own spelling (accents included) in ``text``.
    """

    def group(g: re.Match[str]) -> str:
        name = g.group(1)
        start, end = m.span(name)
        if start < 0:
            return ""
        if name == "form" and slot.forms:
            return slot.forms[_key(m.group(name))]
        return text[start:end]

    return _match_case(text[m.start() : m.end()], _GROUP.sub(group, slot.replace))


def apply_slot(slot: Slot, text: str) -> str:
    """Apply one slot's substitution everywhere it matches in ``text``."""
    norm = normalize(text)
    parts: list[str] = []
    last = 0
    for m in slot.regex.finditer(norm):
        parts += [text[last : m.start()], _expand(slot, m, text)]
        last = m.end()
    return "".join([*parts, text[last:]]) if parts else text


def soften(lang: str, pattern: str, sentence: str) -> str | None:
    """The sentence with the pattern's slot substitutions; None when none applies.

    None as well when the sentence uses a label as an insult: swapping the word
    there would keep the contempt ("such a person with a substance use disorder").
    """
    found = rules(lang, pattern)
    if not found.slots or is_insult(lang, pattern, sentence):
        return None
    out = sentence
    for slot in found.slots:
        out = apply_slot(slot, out)
    return out if out != sentence else None


def _cap(text: str) -> str:
    """Capitalise the first letter, leave the rest alone."""
    return text[:1].upper() + text[1:] if text else text


def _join(parts: list[str]) -> str:
    """Join non-empty parts with single spaces, ending each joined part as a sentence."""
    kept = [p.strip() for p in parts if p and p.strip()]
    return " ".join(p + "." if i < len(kept) - 1 and p[-1].isalnum() else p for i, p in enumerate(kept))


def _frame(lex: Lexicon, pattern: str, sentence: str, softened: str | None, violence: bool) -> dict[str, Any]:
    """Opener, closer and template for this finding.

    A pattern may have an ``insult`` frame (stigma): used when the label is an
    insult or is aimed at the reader and no slot substitution applies, because the
    third-person template ("[Their name] has…") would not fit.
    """
    info = lex.messages["patterns"][pattern]
    insult = info.get("insult")
    if insult and softened is None:
        aimed = _addressed(lex.lang)
        norm = normalize(sentence)
        if is_insult(lex.lang, pattern, sentence) or (aimed is not None and aimed.search(norm)):
            info = {**info, **insult}
    if violence:
        info = {**info, **lex.messages.get("safe_violence", {})}
    return info


def contact_words(lex: Lexicon, text: str) -> set[str]:
    """Wording toward contact in ``text`` ("let's talk", "te extraño"), as lookup keys."""
    guard = lex.guards.get("reconnect")
    if guard is None:
        return set()
    return {_key(m.group(0)) for m in guard.regex.finditer(normalize(text))}


def adds_contact(lex: Lexicon, candidate: str, original: str) -> bool:
    """True when ``candidate`` has wording toward contact that the writer did not use."""
    return bool(contact_words(lex, candidate) - contact_words(lex, original))


def _own_words(
    info: dict[str, Any],
    text: str,
    sentence: tuple[int, int],
    flagged: set[tuple[int, int]],
    sentences: list[tuple[int, int]],
    softened: str | None,
    boundary: bool,
) -> list[tuple[str, tuple[str, ...]]]:
    """Candidates that keep the writer's unflagged sentences, best first.

    Each comes with the pieces it adds to the writer's words (opener, softened
    sentence, closer), since only those can add wording toward contact. With a
    boundary, the writer's words alone follow, before any fallback line.
    """
    opener, closer = info.get("opener", ""), info.get("closer", "")
    kept = [text[s:e] for s, e in sentences if (s, e) not in flagged]
    out = [(_join([opener, *kept, closer]), (opener, closer))]
    if boundary:
        out.append((_join(kept), ()))
    if softened:
        soft = _cap(softened)
        body = [
            soft if (s, e) == sentence else text[s:e]
            for s, e in sentences
            if (s, e) not in flagged or (s, e) == sentence
        ]
        out.insert(0, (_join([opener, *body, closer]), (opener, soft, closer)))
        if boundary:
            out.insert(2, (_join(body), (soft,)))
    return out


def _acceptable(lex: Lexicon, text: str, clean: Callable[[str], bool], boundary: bool) -> Callable[..., bool]:
    """The test every candidate must pass: not empty, no new contact wording (with a boundary), clean."""
    theirs: list[set[str]] = []  # the writer's own contact wording, read only when needed

    def adds(added: tuple[str, ...]) -> bool:
        words = set().union(*(contact_words(lex, piece) for piece in added if piece))
        if words and not theirs:
            theirs.append(contact_words(lex, text))
        return bool(words and words - theirs[0])

    def ok(candidate: str, added: tuple[str, ...]) -> bool:
        return bool(candidate) and not (boundary and adds(added)) and clean(candidate)

    return ok


def build(
    lex: Lexicon,
    pattern: str,
    text: str,
    sentence: tuple[int, int],
    flagged: set[tuple[int, int]],
    sentences: list[tuple[int, int]],
    violence: bool,
    *,
    clean: Callable[[str], bool],
    boundary: bool = False,
) -> list[str]:
    """Return up to two clean rewrites: the writer's own words softened, then a template.

    Sentences of the message that were not flagged are kept as written, because
    they are usually the concrete, specific part ("The car payment was due Friday").
    ``clean`` is the engine's check; a candidate it rejects is never offered. With
    ``boundary`` (the message holds one), candidates that add wording toward contact
    are dropped too, and if fewer than two are left a boundary-keeping line is
    offered. When violence is indicated, no accountability wording is ever used.
    """
    start, end = sentence
    softened = soften(lex.lang, pattern, text[start:end])
    info = _frame(lex, pattern, text[start:end], softened, violence)
    ok = _acceptable(lex, text, clean, boundary)
    own = next(
        (
            c
            for c, added in _own_words(info, text, sentence, flagged, sentences, softened, boundary)
            if ok(c, added)
        ),
        None,
    )
    template = info.get("template", "") if not (violence and info.get("accountability")) else ""
    options = [c for c in (own, template if ok(template, (template,)) else None) if c]
    if boundary and len(options) < 2:
        fallback = lex.messages.get("boundary_safe", {}).get("template", "")
        options += [fallback] if ok(fallback, (fallback,)) else []
    return list(dict.fromkeys(options))
