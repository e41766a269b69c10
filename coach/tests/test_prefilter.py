"""The regex source parser and the start sets derived from it (coach/prefilter.py).

The scanner's results rest on two things tested here: the parser reads a pattern as
Python does, and a start set never misses a position where the pattern matches. Both
are checked on every pattern of the data files and on random patterns and texts.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from coach import prefilter
from coach.lexicon import LANGS, load
from coach.normalize import normalize
from coach.prefilter import AnyChar, At, CharSet, Group, Lit, Repeat, Unsupported, parse, starts
from coach.scan import FOLDS_TO_ASCII, Scanner

COACH = Path(__file__).resolve().parent.parent


def test_no_private_interpreter_modules():
    """The coach reads regexes with its own parser, not with the interpreter's private one."""
    private = re.compile(r"\b(?:re\s*\.\s*_\w+|sre_\w+|_sre)\b|\bre\s+import\s+_\w+")
    here = Path(__file__).resolve()
    for path in COACH.rglob("*.py"):
        if path != here:
            assert not private.search(path.read_text(encoding="utf-8")), path


# --- The parser reads patterns as Python does --------------------------------------------


def _render(branches: tuple[tuple[object, ...], ...]) -> str:
    """Regex source for a parsed tree (capturing groups come back as ``(?:...)``)."""
    return "|".join("".join(_node(n) for n in branch) for branch in branches)


def _node(node: object) -> str:
    if isinstance(node, Lit):
        return re.escape(node.ch)
    if isinstance(node, AnyChar):
        return "."
    if isinstance(node, At):
        return {"b": r"\b", "B": r"\B", "A": r"\A", "Z": r"\Z"}.get(node.kind, node.kind)
    if isinstance(node, CharSet):
        # A range too wide to list is not kept char by char, so it cannot be written back;
        # no data pattern and no generated pattern has one (the test below checks the flag).
        assert not node.wide, "a wide range cannot be rendered back"
        chars = "".join(re.escape(c) for c in sorted(node.chars))
        cats = "".join("\\" + c for c in sorted(node.cats))
        return f"[{'^' if node.negated else ''}{chars}{cats}]"
    if isinstance(node, Group):
        opening = {"": "?:", "flags": f"?{node.flags}:"}.get(node.kind, "?" + node.kind)
        return f"({opening}{_render(node.branches)})"
    assert isinstance(node, Repeat)
    hi = "" if node.hi is None else node.hi
    return f"(?:{_node(node.item)}){{{node.lo},{hi}}}{'?' if node.lazy else ''}"


def test_a_range_too_wide_to_list_is_marked_wide_not_listed():
    (branch,) = parse("[a-\u0fffz]")
    (charset,) = branch
    assert isinstance(charset, CharSet) and charset.wide and charset.chars == frozenset("z")
    (narrow,) = parse("[a-c]")[0]
    assert not narrow.wide and narrow.chars == frozenset("abc")


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _data_patterns(lang: str) -> list[re.Pattern[str]]:
    """Every compiled regex of a language: rule parts, idioms, guards and ``unless``."""
    lex = load(lang)
    out = list(lex.scanner.patterns)
    out += [g.regex for g in lex.guards.values()]
    out += [u for rule in lex.rules for u in rule.unless]
    return out


def _corpus(lang: str) -> str:
    """All example, counterexample and bank texts of a language, one per line."""
    lex = load(lang)
    texts = [t for rule in lex.rules for t in (*rule.examples, *rule.counterexamples)]
    for group in lex.banks.values():
        texts += [t for items in group.values() if isinstance(items, list) for t in items]
    return normalize("\n".join(texts))


@pytest.mark.parametrize("lang", LANGS)
def test_the_parser_reads_every_data_pattern_as_python_does(lang):
    """Rendered back to source, each parsed data pattern matches exactly as the original."""
    corpus = _corpus(lang)
    unsupported = []
    for pattern in _data_patterns(lang):
        try:
            tree = parse(pattern.pattern)
        except Unsupported:
            unsupported.append(pattern.pattern)
            continue
        again = re.compile(_render(tree), pattern.flags)
        assert _spans(again, corpus) == _spans(pattern, corpus), pattern.pattern
    assert len(unsupported) <= len(_data_patterns(lang)) // 20, unsupported


@pytest.mark.parametrize(
    "source",
    [
        r"a{2}b{,3}c{1,}d{}e{x}f{",  # "{}" and "{x}" are literals in Python
        r"[]a][^]b][a-][-a][\]\\][\b][a\-z]",
        r"(?P<name>x)(?=y)(?!z)(?<=w)(?<!v)(?s:.)",
        r"\.\'\ \-\n\t\\x*?y+?z??",
        r"^$\A\Z\b\B\d\D\s\S\w\W",
        r"a||b(|c)",
        "🙄[💕❤️]é",
    ],
)
def test_the_parser_reads_awkward_syntax_as_python_does(source):
    pattern = re.compile(source, re.I)
    again = re.compile(_render(parse(source)), re.I)
    text = "a{}{x}f{ b]^ -\\\x08 xy wvy z.' - \n\t\\xyyz 🙄💕é aab bbb abc " * 2
    assert _spans(again, text) == _spans(pattern, text)


@pytest.mark.parametrize(
    "source",
    [
        r"(\w)\1",
        r"(?P=x)",
        r"\x41",
        r"\u00e9",
        r"\N{BULLET}",
        r"\0",
        r"(?i)a",
        r"(?#note)",
        r"a++",
        r"(?>a)",
        r"(a)(?(1)b)",
    ],
)
def test_syntax_the_parser_does_not_model_is_refused(source):
    with pytest.raises(Unsupported):
        parse(source)


# --- Start sets -------------------------------------------------------------------------


def test_start_sets():
    def of(source: str) -> set[tuple[str, str]] | None:
        found = starts(re.compile(source, re.I))
        return None if found is None else set(found)

    assert of(r"\bI'?m\s+(?:so\s+)?done\b") == {
        ("i'm done", "phrase"),
        ("i'm so", "phrase"),
        ("im done", "phrase"),
        ("im so done", "phrase"),
    }
    assert of(r"\bself[- ]?harm\w*") == {
        ("self-harm", "phraseprefix"),
        ("self harm", "phraseprefix"),
        ("selfharm", "prefix"),
    }
    assert of(r"\b\d+\s+days") == {(d, "prefix") for d in "0123456789"}
    assert of(r"\bcansad[oa]\b") == {("cansado", "word"), ("cansada", "word")}
    assert of(r"(?<=[.!?])\s*no") == {(".", "after"), ("!", "after"), ("?", "after")}
    assert of(r"(?<=[.!?]\s)no\b") == {("no", "word")}  # a word start, as after \b
    assert of(r"'(?:sober|clean)'") == {("'sober'", "sub"), ("'clean'", "sub")}
    assert of(r"(?:^|\bnot)\s+yet\b") == {("", "begin"), ("not yet", "phrase")}
    assert of(r"\bha(?:ha)+") == {("haha", "prefix")}
    assert of(r"\b(?:x)?") is None  # may match the empty string anywhere
    assert of(r".*\bkill") is None
    assert of(r"\bñu") is None  # a non-ASCII letter: no key
    assert starts(re.compile(r"\bkill", re.I | re.VERBOSE)) is None  # flags that change the source


def test_the_folds_to_ascii_are_exactly_those_of_this_python():
    """``scan.indexable`` relies on this set and on how ``str.lower`` treats the rest."""
    chars = "".join(chr(c) for c in range(128, sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    assert set(re.findall(r"[\x00-\x7f]", chars, re.I)) == FOLDS_TO_ASCII
    word, space = re.compile(r"\w"), re.compile(r"\s")
    for ch in chars:
        low = ch.lower()
        if len(low) == 1 and low != ch:
            assert bool(word.match(low)) == bool(word.match(ch)), ch
            assert bool(space.match(low)) == bool(space.match(ch)), ch
            assert low.isascii() <= (ch in FOLDS_TO_ASCII), ch
            if not low.isascii():  # no non-ASCII key character is the lowercase of another
                assert prefilter.key_char(low) is None, ch


# --- Random patterns and texts -------------------------------------------------------------

_ATOMS = st.sampled_from(
    [
        *("a", "b", "i", "m", "s", "k", "you", "'", " ", "-", ".", "\\.", "é", "K", "ſ", "🙄", ",?"),
        *("\\s", "\\s+", "\\w", "\\W", "\\d", "\\d+", "\\b", "\\B", "^", "$"),
        *("[ab]", "[^a]", "[a-c]", "[- ]", "[.!?]", "[\\d.]", "[\\s]"),
        *(
            "\\ba",
            "\\bi",
            "\\bha",
            "\\byou",
            "\\bi'?m",
            "\\bs",
            "\\b\\d",
            "\\bk",
            "\\s+you\\b",
            "\\s+a",
            "'s\\b",
        ),
    ]
)


def _regexes() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        seq = st.lists(inner, min_size=1, max_size=4).map("".join)
        group = st.tuples(
            st.sampled_from(["(?:", "(", "(?=", "(?!", "(?<=", "(?<!"]), st.lists(seq, min_size=1, max_size=3)
        )
        quant = st.sampled_from(["", "?", "*", "+", "{2}", "{0,2}", "??", "+?"])
        return st.one_of(
            seq,
            st.tuples(group, quant).map(lambda g: f"{g[0][0]}{'|'.join(g[0][1])}){g[1]}"),
        )

    return st.recursive(_ATOMS, extend, max_leaves=12)


_TEXT = st.lists(
    st.sampled_from(
        ["a", "b", "ab", "i", "m", "i'm", "s", "k", "you", "ha", "A", "I", "K", "ſ", "İ", "é", "٣", "5"]
    )
    | st.sampled_from([" ", "  ", "\n", "'", "-", ".", "!", ",", "🙄", "…"]),
    max_size=25,
).map("".join)


def _compiled(source: str) -> re.Pattern[str]:
    try:
        return re.compile(source, re.I)
    except re.error:
        assume(False)
        raise


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(_regexes(), st.lists(_TEXT, min_size=1, max_size=4))
def test_random_patterns_parse_as_python_reads_them(source, texts):
    pattern = _compiled(source)
    try:
        tree = parse(source)
    except Unsupported:
        return
    again = re.compile(_render(tree), re.I)
    for text in texts:
        assert _spans(again, text) == _spans(pattern, text)


@settings(
    max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(st.lists(_regexes(), min_size=1, max_size=3), st.lists(_TEXT, min_size=1, max_size=4))
def test_random_patterns_scan_exactly_as_finditer(sources, texts):
    """Whatever the pattern, the scanner finds exactly the matches of ``finditer``."""
    patterns = [_compiled(s) for s in sources]
    scanner = Scanner(patterns)
    for text in texts:
        found = scanner.matches(text, text.lower())
        for pid, pattern in enumerate(patterns):
            expected = _spans(pattern, text)
            assert [m.span() for m in found.get(pid, [])] == expected, (
                pattern.pattern,
                text,
                starts(pattern),
            )
