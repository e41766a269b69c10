"""Length-preserving text normalisation and sentence splitting.

Every transformation here maps one character to exactly one character, so a span
found in the normalised text is also a valid span in the original text.
"""

from __future__ import annotations

import re

_PAIRS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u00a0": " ",
    "\u00bf": " ",  # Spanish opening marks carry no meaning for the rules
    "\u00a1": " ",
}
# Accents are folded so that rules match Spanish typed with or without them.
_ACCENTS = "áéíóúüñÁÉÍÓÚÜÑàèìòùÀÈÌÒÙâêîôûÂÊÎÔÛ"
_PLAIN = "aeiouunAEIOUUNaeiouAEIOUaeiouAEIOU"
_TABLE = str.maketrans({**_PAIRS, **dict(zip(_ACCENTS, _PLAIN, strict=True))})

_SENTENCE_END = re.compile(r"[.!?…]+(?:['\")\]]+)?\s+|\n+|[.!?…]+$")


def normalize(text: str) -> str:
    """Fold quotes, dashes and accents; the result has the same length as ``text``."""
    return text.translate(_TABLE)


def sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans (start, end), trailing whitespace excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        _append(spans, text, start, end)
        start = end
    _append(spans, text, start, len(text))
    return spans


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Append a trimmed span if it contains any non-space character."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
