"""Where a match of a rule regex can start, read from the regex's own source text.

The scanner (``scan.py``) tries each regex only where a match could start. This module
works those places out once, at load: for ``\\bI\\s+will\\b`` a match can only start at
the words "i will" (any whitespace between them); for ``\\bsuicid\\w*`` at a word
beginning with "suicid"; for ``🙄`` wherever that emoji occurs; for ``^...`` at 0.

It parses the pattern's source with a small parser of its own, for the part of Python's
regex syntax that the data files use: literals, escapes (``\\b \\s \\w \\d`` ...), classes,
groups, lookarounds, alternation and quantifiers. It needs no private module of the
interpreter (the parser that ``re`` uses internally may change with any Python release).
Syntax outside that subset, or a start it cannot pin down (``\\w+ing``, ``.*``), gives
``None``: the pattern is then scanned in full with ``finditer``, which is always correct,
only slower. coach/tests/test_prefilter.py checks the parser against Python on every data
pattern and on random ones.

Keys are lowercase. They are valid only for texts that ``scan.indexable`` accepts, where
``text.lower()`` lines up with the text and ASCII letters match only ASCII letters under
``re.IGNORECASE``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# How a match may start, as (literal, kind). Kinds: "word" (a whole word equal to the
# literal), "prefix" (a word beginning with it), "phrase" and "phraseprefix" (up to
# three words with the gaps between them, the last word whole or a beginning: "i'm so"
# or "don't"; a gap is " " for any whitespace, else the exact punctuation), "sub" (the
# literal anywhere), "after" (right after the literal, for a leading lookbehind such as
# ``(?<=[.!?])``) and "begin" (position 0).
Start = tuple[str, str]

_OK_FLAGS = re.IGNORECASE | re.UNICODE | re.MULTILINE | re.DOTALL
_MAX_DEPTH = 30  # nesting of groups and optional pieces followed when inlining a word
_MAX_ALTS = 32  # alternatives inlined at one point of a word
_MAX_STEPS = 20_000  # work per pattern before giving up (nested optional pieces multiply)
_MAX_SET = 16  # largest character class turned into one key per character
_PHRASE_WORDS = 3  # the most words a phrase key covers ("i'm so" is three: i, m, so)
_WORD_KINDS = {"word": "phrase", "prefix": "phraseprefix", "phrase": "phrase", "phraseprefix": "phraseprefix"}
_DIGITS = frozenset("0123456789")


# --- The syntax tree -------------------------------------------------------------------


@dataclass(frozen=True)
class Lit:
    """One literal character."""

    ch: str


@dataclass(frozen=True)
class CharSet:
    """A class ``[...]`` or a class escape such as ``\\s``.

    ``chars`` are the listed characters (ranges expanded), ``cats`` the escapes inside
    (letters of ``dDsSwW``); ``wide`` marks a range too large to list.
    """

    chars: frozenset[str]
    cats: frozenset[str] = frozenset()
    negated: bool = False
    wide: bool = False


@dataclass(frozen=True)
class AnyChar:
    """``.``"""


@dataclass(frozen=True)
class At:
    """A zero-width anchor: ``b`` or ``B`` (``\\b``, ``\\B``), ``A``, ``Z``, ``^`` or ``$``."""

    kind: str


@dataclass(frozen=True)
class Group:
    """Parentheses: ``kind`` is "" (plain or capturing), a lookaround ("=", "!", "<=",
    "<!") or "flags" (``(?i:...)``, with ``flags`` the letters between ``?`` and ``:``)."""

    kind: str
    branches: tuple[tuple[Node, ...], ...]
    flags: str = ""


@dataclass(frozen=True)
class Repeat:
    """A quantified item; ``hi`` is None for no upper bound."""

    lo: int
    hi: int | None
    lazy: bool
    item: Node


Node = Lit | CharSet | AnyChar | At | Group | Repeat
Seq = tuple[Node, ...]
_LOOKAROUND = frozenset({"=", "!", "<=", "<!"})


class Unsupported(ValueError):
    """Syntax this parser does not model; the pattern is scanned in full instead."""


# --- The parser ------------------------------------------------------------------------

_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_BOUNDS = re.compile(r"\{(\d*)(,?)(\d*)\}")
_FLAG_GROUP = re.compile(r"([aiLmsux]*)(?:-[imsx]+)?:")


def parse(source: str) -> tuple[Seq, ...]:
    """The alternatives of a regex source, each a sequence of nodes (or ``Unsupported``)."""
    return _Parser(source).parse()


class _Parser:
    """Recursive descent over the source, reading it as Python's ``re`` does.

    Whatever Python accepts but this class does not model (backreferences, ``\\x41``,
    inline global flags, conditionals, atomic groups, possessive quantifiers) raises
    ``Unsupported`` rather than being guessed.
    """

    def __init__(self, source: str) -> None:
        self.src = source
        self.i = 0

    def parse(self) -> tuple[Seq, ...]:
        branches = self._branches()
        if self.i != len(self.src):
            raise Unsupported(f"unexpected {self.src[self.i]!r}")
        return branches

    def _peek(self, ahead: int = 0) -> str:
        j = self.i + ahead
        return self.src[j] if j < len(self.src) else ""

    def _next(self) -> str:
        if self.i >= len(self.src):
            raise Unsupported("unexpected end")
        self.i += 1
        return self.src[self.i - 1]

    def _eat(self, text: str) -> bool:
        if self.src.startswith(text, self.i):
            self.i += len(text)
            return True
        return False

    def _branches(self) -> tuple[Seq, ...]:
        out = [self._seq()]
        while self._eat("|"):
            out.append(self._seq())
        return tuple(out)

    def _seq(self) -> Seq:
        items: list[Node] = []
        while self.i < len(self.src) and self._peek() not in "|)":
            items.append(self._quantified(self._atom()))
        return tuple(items)

    def _bounds(self) -> tuple[int, int | None] | None:
        """A quantifier at the cursor (consumed), or None. ``{`` not of the form
        ``{m}``, ``{m,}``, ``{,n}`` or ``{m,n}`` is a literal, as in Python."""
        ch = self._peek()
        if ch in ("*", "+", "?"):
            self.i += 1
            return {"*": (0, None), "+": (1, None), "?": (0, 1)}[ch]
        m = _BOUNDS.match(self.src, self.i) if ch == "{" else None
        if m is None or not (m.group(1) or m.group(2)):  # "{}" is two literals
            return None
        self.i = m.end()
        lo = int(m.group(1) or 0)
        hi = lo if not m.group(2) else (int(m.group(3)) if m.group(3) else None)
        return lo, hi

    def _quantified(self, atom: Node) -> Node:
        bounds = self._bounds()
        if bounds is None:
            return atom
        if isinstance(atom, At):
            raise Unsupported("repeated anchor")
        lazy = self._eat("?")
        if self._peek() == "+" or self._bounds() is not None:
            raise Unsupported("possessive or repeated quantifier")
        return Repeat(bounds[0], bounds[1], lazy, atom)

    def _atom(self) -> Node:
        start = self.i
        if self._bounds() is not None:
            raise Unsupported(f"nothing to repeat at {start}")
        ch = self._next()
        if ch == "(":
            return self._group()
        if ch == "[":
            return self._class()
        if ch == "\\":
            return self._escape()
        if ch == ".":
            return AnyChar()
        if ch in "^$":
            return At(ch)
        return Lit(ch)

    def _escape(self) -> Node:
        ch = self._next()
        if ch in "bBAZ":
            return At(ch)
        if ch in "dDsSwW":
            return CharSet(frozenset(), frozenset(ch))
        if ch in _SIMPLE_ESCAPES:
            return Lit(_SIMPLE_ESCAPES[ch])
        if ch.isascii() and ch.isalnum():  # \x41, \u, \N{...}, octal, backreferences
            raise Unsupported(f"escape \\{ch}")
        return Lit(ch)

    def _class_item(self) -> str | CharSet:
        """One character of a class, or a class escape such as ``\\d`` inside it."""
        ch = self._next()
        if ch != "\\":
            return ch
        ch = self._next()
        if ch in "dDsSwW":
            return CharSet(frozenset(), frozenset(ch))
        if ch == "b":
            return "\b"  # backspace inside a class
        if ch in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[ch]
        if ch.isascii() and ch.isalnum():
            raise Unsupported(f"class escape \\{ch}")
        return ch

    def _class(self) -> CharSet:
        negated = self._eat("^")
        chars: set[str] = set()
        cats: set[str] = set()
        wide = False
        first = True
        while True:
            if self._peek() == "]" and not first:  # a "]" right after "[" or "[^" is literal
                self.i += 1
                return CharSet(frozenset(chars), frozenset(cats), negated, wide)
            first = False
            lo = self._class_item()
            if isinstance(lo, CharSet):
                cats |= lo.cats
            elif self._peek() == "-" and self._peek(1) not in ("]", ""):
                self.i += 1
                hi = self._class_item()
                if isinstance(hi, CharSet) or ord(hi) < ord(lo):
                    raise Unsupported("bad range")
                if ord(hi) - ord(lo) > 256:
                    wide = True
                else:
                    chars.update(chr(c) for c in range(ord(lo), ord(hi) + 1))
            else:
                chars.add(lo)

    def _group(self) -> Group:
        kind, flags = "", ""
        if self._eat("?"):
            if self._eat(":"):
                pass
            elif self._eat("P<"):
                end = self.src.find(">", self.i)
                if end < 0 or not self.src[self.i : end].isidentifier():
                    raise Unsupported("group name")
                self.i = end + 1
            else:
                for look in ("=", "!", "<=", "<!"):
                    if self._eat(look):
                        kind = look
                        break
                else:
                    m = _FLAG_GROUP.match(self.src, self.i)
                    if m is None:  # (?P=name), (?#...), (?(1)...), (?>...), (?i) ...
                        raise Unsupported(f"group syntax at {self.i}")
                    kind, flags = "flags", m.group(0)[:-1]
                    self.i = m.end()
        branches = self._branches()
        if not self._eat(")"):
            raise Unsupported("missing )")
        return Group(kind, branches, flags)


# --- What a match can start with ------------------------------------------------------

_WORDCHAR = re.compile(r"\w")


def _isword(ch: str) -> bool:
    """True for a character that ``\\w`` matches."""
    return _WORDCHAR.match(ch) is not None


def key_char(ch: str) -> str | None:
    """The character a key holds for the pattern character ``ch``, or None if none can.

    ASCII letters fold to lowercase. Other characters qualify only when they have no
    case, are not word characters and are not digits (emoji, symbols): under
    ``re.IGNORECASE`` those match only themselves.
    """
    if ch.isascii():
        return ch.lower()
    if ch.lower() == ch == ch.upper() and not _isword(ch):
        return ch
    return None


def _nonword_char(ch: str) -> bool:
    """True when the pattern character ``ch`` can only match a non-word character."""
    key = key_char(ch)
    return key is not None and not _isword(key)


def _set_keys(node: CharSet) -> list[str] | None:
    """One key per character a small class can match, or None."""
    if node.negated or node.wide or not node.cats <= {"d"}:
        return None
    keys = {key_char(ch) for ch in node.chars | (_DIGITS if node.cats else frozenset())}
    if None in keys or len(keys) > _MAX_SET:
        return None
    return sorted(keys)  # type: ignore[arg-type]


def _set_nonword(node: CharSet) -> bool:
    """True when a class can only match non-word characters."""
    if node.negated:
        return "w" in node.cats  # [^\w...]
    return not node.wide and node.cats <= {"s", "W"} and all(_nonword_char(ch) for ch in node.chars)


def _is_space(node: Node) -> bool:
    """True for a single whitespace character or a class of whitespace only (``\\s``)."""
    if isinstance(node, Lit):
        return node.ch.isspace()
    if isinstance(node, CharSet):
        return (
            not node.negated
            and not node.wide
            and bool(node.chars or node.cats)
            and node.cats <= {"s"}
            and all(ch.isspace() for ch in node.chars)
        )
    return False


def _zero_width(node: Node) -> bool:
    return isinstance(node, At) or (isinstance(node, Group) and node.kind in _LOOKAROUND)


class _Derivation:
    """The starts of one pattern. ``multiline`` decides whether ``^`` means position 0."""

    def __init__(self, multiline: bool) -> None:
        self.multiline = multiline
        self.steps = 0

    def _tick(self) -> None:
        self.steps += 1
        if self.steps > _MAX_STEPS:
            raise Unsupported("too many alternatives")

    def start(self, seq: list[Node], anchored: bool, depth: int = 0, words: int = 1) -> list[Start] | None:
        """Ways a match of ``seq`` can start, or None when unknown.

        ``anchored``: a word character here would start a word (after ``\\b``, or after a
        lookbehind that ends in punctuation).
        ``words``: how many words a phrase key may still cover.
        """
        self._tick()
        if depth > _MAX_DEPTH:
            return None
        i = 0
        while i < len(seq) and _zero_width(seq[i]):  # lookarounds are skipped: they consume nothing
            node = seq[i]
            if isinstance(node, Group) and node.kind == "<=":
                behind = _after(node)
                if behind is not None:
                    return behind
                anchored = anchored or _ends_nonword(node)
            if isinstance(node, At):
                if node.kind == "b":
                    anchored = True
                elif node.kind == "B":
                    anchored = False
                elif node.kind == "A" or (node.kind == "^" and not self.multiline):
                    return [("", "begin")]
            i += 1
        if i == len(seq):
            return None
        node, rest = seq[i], seq[i + 1 :]
        if isinstance(node, Lit):
            if anchored and node.ch.isascii() and _isword(node.ch):
                return self.word(seq[i:], "", depth + 1, words)
            return self.literal(seq[i:], "", depth + 1)
        alts = _inline(node, rest, star=True)
        if alts is None:
            return None  # ".", a class such as \w, a group with flags
        out: list[Start] = []
        for alt in alts:
            found = self.start(alt, anchored, depth + 1, words)
            if found is None:
                return None
            out += found
        return out

    def word(self, seq: list[Node], word: str, depth: int, words: int) -> list[Start]:
        """Starts of a match that begins at a word start with ``word`` then ``seq``.

        A group, alternation, small class or optional piece right after the letters is
        inlined, so that ``don'?t`` gives the exact words "don" (then an apostrophe)
        and "dont".
        """
        self._tick()
        lit, j = _literal_run(seq, 0, word=True)
        word += lit
        rest = seq[j:]
        alts = _inline(rest[0], rest[1:]) if rest and depth < _MAX_DEPTH else None
        if alts is not None and len(alts) <= _MAX_ALTS:
            out: list[Start] = []
            for alt in alts:
                out += self.word(alt, word, depth + 1, words)
            return out
        if not _nonword_next(rest):
            return [(word, "prefix")]
        return (self._phrase(word, rest, depth, words) if words > 1 else None) or [(word, "word")]

    def literal(self, seq: list[Node], text: str, depth: int) -> list[Start] | None:
        """Starts of a match that begins with ``text`` then ``seq``, not at a word start:
        the longest literals it begins with, found anywhere ("sub")."""
        self._tick()
        lit, j = _literal_run(seq, 0, word=False)
        text += lit
        rest = seq[j:]
        alts = _inline(rest[0], rest[1:]) if rest and depth < _MAX_DEPTH else None
        if alts is not None and len(alts) <= _MAX_ALTS:
            out: list[Start] = []
            for alt in alts:
                found = self.literal(alt, text, depth + 1)
                if found is None:
                    return None
                out += found
            return out
        return [(text, "sub")] if text else None

    def _phrase(self, word: str, rest: list[Node], depth: int, words: int) -> list[Start] | None:
        """For a whole first word: the phrases (word, gap, next words) a match starts with."""
        found = _gap_then(rest)
        if found is None:
            return None
        gap, after = found
        then = self.start(after, True, depth + 1, words - 1)
        if not then or any(kind not in _WORD_KINDS for _, kind in then):
            return None
        return [(f"{word}{gap}{lit}", _WORD_KINDS[kind]) for lit, kind in then]


def _literal_run(seq: list[Node], i: int, word: bool) -> tuple[str, int]:
    """The key text of the literals from ``seq[i]`` on (ASCII word characters only if ``word``)."""
    run = []
    while i < len(seq) and isinstance(seq[i], Lit):
        key = key_char(seq[i].ch)  # type: ignore[union-attr]
        if key is None or (word and not (key.isascii() and _isword(key))):
            break
        run.append(key)
        i += 1
    return "".join(run), i


def _after(look: Group) -> list[Start] | None:
    """A lookbehind of literals or one small class: the match starts right after them."""
    out: list[Start] = []
    for branch in look.branches:
        if len(branch) == 1 and isinstance(branch[0], CharSet):
            keys = _set_keys(branch[0])
            if keys is None:
                return None
            out += [(k, "after") for k in keys]
            continue
        lit, end = _literal_run(list(branch), 0, word=False)
        if not lit or end != len(branch):
            return None
        out.append((lit, "after"))
    return out


def _ends_nonword(look: Group) -> bool:
    """True when every branch of a lookbehind ends with a non-word character: what
    follows it starts a word if it begins with a word character, as after ``\\b``."""
    return all(
        branch and isinstance(branch[-1], Lit | CharSet) and _nonword_next([branch[-1]])
        for branch in look.branches
    )


def _inline(head: Node, after: list[Node], star: bool = False) -> list[list[Node]] | None:
    """``head`` then ``after`` as alternative sequences that each begin with a simpler
    node, or None when ``head`` cannot be split that way.

    A plain group gives one sequence per branch; a small class one per character; a
    quantified item one that begins with the item (``X{2,5}`` becomes ``X X{1,4}``)
    and, when the item may be absent, one without it. ``X*`` is split only with
    ``star``: inside a word it would split again and again. Repeated whitespace stays
    whole, since it is the gap between two words.
    """
    if isinstance(head, Group) and head.kind == "":
        return [[*branch, *after] for branch in head.branches]
    if isinstance(head, CharSet):
        keys = _set_keys(head)
        return None if keys is None else [[Lit(k), *after] for k in keys]
    if not isinstance(head, Repeat) or (head.lo >= 1 and _is_space(head.item)):
        return None
    if head.hi == 0:
        return [after]
    if head.lo == 0 and head.hi != 1 and not star:
        return None
    once = [head.item, *after]
    if head.hi != 1:  # the repetitions left after this one
        rest = Repeat(max(head.lo - 1, 0), None if head.hi is None else head.hi - 1, head.lazy, head.item)
        once.insert(1, rest)
    return [once] if head.lo >= 1 else [once, after]


def _nonword_next(rest: list[Node]) -> bool:
    """True when what follows must begin with a non-word character or a boundary."""
    if not rest:
        return False
    node = rest[0]
    if isinstance(node, At):
        return node.kind == "b"
    if isinstance(node, Lit):
        return _nonword_char(node.ch)
    if isinstance(node, CharSet):
        return _set_nonword(node)
    if isinstance(node, Repeat):  # an optional piece may be skipped: what follows must qualify too
        return _nonword_next([node.item]) and (node.lo >= 1 or _nonword_next(rest[1:]))
    if isinstance(node, Group) and node.kind == "":
        return all(_nonword_next([*branch, *rest[1:]]) for branch in node.branches)
    return False


def _gap_then(rest: list[Node]) -> tuple[str, list[Node]] | None:
    """After a whole word: the gap to the next word (" " for whitespace) and what follows."""
    while rest and rest[0] == At("b"):
        rest = rest[1:]
    if not rest:
        return None
    head = rest[0]
    if _is_space(head) or (isinstance(head, Repeat) and head.lo >= 1 and _is_space(head.item)):
        return " ", rest[1:]
    gap, i = [], 0
    while i < len(rest) and isinstance(rest[i], Lit):
        ch = rest[i].ch  # type: ignore[union-attr]
        if not ch.isascii() or _isword(ch) or ch.isspace():
            break
        gap.append(ch)
        i += 1
    return ("".join(gap), rest[i:]) if gap else None


def starts(pattern: re.Pattern[str]) -> tuple[Start, ...] | None:
    """How a match of ``pattern`` may start, or None when it must be scanned in full."""
    if pattern.flags & ~_OK_FLAGS:  # VERBOSE, ASCII, LOCALE change what the source means
        return None
    try:
        tree = Group("", parse(pattern.pattern))
    except (Unsupported, RecursionError):
        return None
    found = None
    for words in range(_PHRASE_WORDS, 0, -1):  # fewer words when phrases multiply too much
        try:
            found = _Derivation(bool(pattern.flags & re.MULTILINE)).start([tree], False, words=words)
            break
        except (Unsupported, RecursionError):
            continue
    if not found or any(not lit and kind != "begin" for lit, kind in found):
        return None
    return tuple(sorted(set(found)))
