"""Training examples for the learned layer: where they come from and how they are varied.

Sources, all in the repository:

* ``coach/training/data/safety-train.jsonl`` — the maintainers' safety training set,
  without the 25 % held back in ``coach/eval/heldback.jsonl``;
* ``coach/training/data/dev.jsonl`` — the labelled development set;
* ``coach/training/data/everyday.jsonl`` — ordinary family messages that talk about
  hard things without a crisis, labelled for patterns, so that the screen learns what
  it must leave alone;
* ``coach/training/data/voices.jsonl`` — crisis and heated-but-safe messages in voices
  the other files lack (voice-to-text, formal letters, teenagers, regional Spanish);
* ``coach/training/data/patterns-more.jsonl`` — everyday messages labelled for patterns:
  at least 100 new examples of each harmful pattern and their close look-alikes
  (boundaries, complaints about a behaviour, breaks with a way back, person-first words);
* ``coach/training/data/patterns-third.jsonl`` — a third set of everyday messages for
  patterns (about 130 of each weak pattern: retaliation, defensiveness, caretaking,
  contempt, control, shaming) and 504 close look-alikes, by another writer;
* ``coach/training/data/patterns-fourth.jsonl`` — a fourth set for the patterns whose
  recall stays lowest (about 120 each of defensiveness, retaliation, control, contempt
  and caretaking, about 50 of shaming and criticism) and about 250 close look-alikes;
* ``coach/training/data/crisis-more.jsonl`` — crisis messages where the screen is
  weakest (Spanish indirect self-harm and violence, English indirect self-harm), with
  who is at risk (``about``), and close everyday look-alikes labelled ``none``;
* ``coach/data/taxonomy/*.json`` — the clinical taxonomy's examples, hard negatives
  and boundary cases, written for Mend in English and Spanish.

Every message also gets varied copies (texting style, a typo, buried in everyday
lines), so that the classifier learns the signs rather than the punctuation. The
variation is seeded: the same files give the same examples, bit for bit.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..result import CRISIS_CATEGORIES, PATTERNS, STRENGTHS

ROOT = Path(__file__).resolve().parent
TRAIN_FILES = (
    ROOT / "data" / "safety-train.jsonl",
    ROOT / "data" / "dev.jsonl",
    ROOT / "data" / "everyday.jsonl",
    ROOT / "data" / "voices.jsonl",
    ROOT / "data" / "patterns-more.jsonl",
    ROOT / "data" / "patterns-third.jsonl",
    ROOT / "data" / "patterns-fourth.jsonl",
    ROOT / "data" / "crisis-more.jsonl",
)
# Files labelled for patterns and strengths as well as safety.
PATTERN_FILES = (
    "dev.jsonl",
    "everyday.jsonl",
    "patterns-more.jsonl",
    "patterns-third.jsonl",
    "patterns-fourth.jsonl",
)
TAXONOMY_DIR = ROOT.parent / "data" / "taxonomy"
SAFETY_CLASSES: tuple[str, ...] = ("none", *CRISIS_CATEGORIES)
ABOUT_CLASSES: tuple[str, ...] = ("self", "other", "threat")
PATTERN_CLASSES: tuple[str, ...] = PATTERNS + STRENGTHS
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Example:
    """One training message."""

    text: str
    lang: str
    safety: str  # one of SAFETY_CLASSES
    labels: frozenset[str]  # patterns and strengths (only where ``has_patterns``)
    group: str  # original message id: varied copies share it, so folds never split them
    source: str  # file it came from
    has_patterns: bool = False  # labelled for patterns and strengths (dev and the pattern taxonomy)
    varied: str = ""  # "" for the original, else how it was varied
    about: str = ""  # taxonomy examples: "self", "other" or "threat" (who is at risk)


def _read_jsonl(path: Path) -> list[Example]:
    """Examples of a dev.jsonl-format file."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            labels = frozenset(row.get("patterns", [])) | frozenset(row.get("strengths", []))
            out.append(
                Example(
                    row["text"],
                    row["lang"],
                    row["safety"],
                    labels,
                    row["id"],
                    path.name,
                    has_patterns=path.name in PATTERN_FILES,
                    about=row.get("about", ""),
                )
            )
    return out


def _taxonomy_safety(path: Path) -> list[Example]:
    """Examples, hard negatives and boundary cases of one safety taxonomy file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    name, out = path.stem, []
    for sign in data["signs"]:
        category = sign.get("label", data["category"])  # the supplement mixes categories, sign by sign
        for n, ex in enumerate(sign.get("examples", [])):
            gid = f"tax-{name}-{sign['id']}-x{n}"
            out.append(
                Example(
                    ex["text"], ex["lang"], category, frozenset(), gid, path.name, about=ex.get("about", "")
                )
            )
        for n, ex in enumerate(sign.get("hard_negatives", [])):
            gid = f"tax-{name}-{sign['id']}-n{n}"
            out.append(Example(ex["text"], ex["lang"], "none", frozenset(), gid, path.name))
    for n, ex in enumerate(data.get("boundary_cases", [])):
        gid = f"tax-{name}-boundary-{n}"
        out.append(Example(ex["text"], ex["lang"], ex["label"], frozenset(), gid, path.name))
    return out


def _taxonomy_patterns(path: Path) -> list[Example]:
    """Examples and hard negatives of the pattern taxonomy (labelled for patterns and strengths)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for entry in data["labels"]:
        label = entry["label"]
        for sign in entry["signs"]:
            for n, ex in enumerate(sign.get("examples", [])):
                labels = frozenset({label, *ex.get("also", [])})
                gid = f"tax-{label}-{sign['id']}-x{n}"
                out.append(Example(ex["text"], ex["lang"], "none", labels, gid, path.name, has_patterns=True))
            for n, ex in enumerate(sign.get("hard_negatives", [])):
                labels = frozenset(ex.get("is", []))
                gid = f"tax-{label}-{sign['id']}-n{n}"
                out.append(Example(ex["text"], ex["lang"], "none", labels, gid, path.name, has_patterns=True))
    return out


def originals() -> list[Example]:
    """Every original training example, in a fixed order (files, then lines)."""
    out: list[Example] = []
    for path in TRAIN_FILES:
        out.extend(_read_jsonl(path))
    for path in sorted(TAXONOMY_DIR.glob("*.json")):
        out.extend(_taxonomy_patterns(path) if path.stem == "patterns" else _taxonomy_safety(path))
    _check(out)
    return out


def _check(examples: list[Example]) -> None:
    """Refuse unknown labels and languages (a typo in a data file must not train silently)."""
    for ex in examples:
        if ex.safety not in SAFETY_CLASSES or ex.lang not in ("en", "es") or not ex.text.strip():
            raise ValueError(f"bad training example {ex.group!r} in {ex.source}")
        unknown = ex.labels - set(PATTERN_CLASSES)
        if unknown:
            raise ValueError(f"unknown labels {sorted(unknown)} in {ex.group!r} ({ex.source})")


def _strip_accents(text: str) -> str:
    """Text as typed without accents."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def texting(text: str) -> str:
    """Lowercase, no punctuation, no accents: how many people type on a phone."""
    return _SPACES.sub(" ", _PUNCT.sub(" ", _strip_accents(text).lower())).strip()


def typo(text: str, rng: random.Random) -> str:
    """Swap two letters or drop one, in one longer word."""
    words = text.split(" ")
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :] if rng.random() < 0.5 else w[:j] + w[j + 1 :]
    return " ".join(words)


def buried(ex: Example, fillers: list[str], rng: random.Random) -> str:
    """The message among one to three everyday lines of the same language."""
    lines = rng.sample(fillers, k=min(len(fillers), rng.randint(1, 3)))
    lines.insert(rng.randrange(len(lines) + 1), ex.text)
    return " ".join(line if line.rstrip()[-1:] in ".!?…" else line + "." for line in lines)


def varied(examples: list[Example], seed: int = 20261207) -> list[Example]:
    """Originals plus two varied copies of each: texting style with a typo, and buried.

    Fillers are short everyday messages labelled ``none`` with no pattern; the
    copy keeps the original's labels, as the labelling rules say ("a crisis
    sentence buried in a long everyday message keeps the crisis label").
    """
    rng = random.Random(seed)
    fillers = {
        lang: [
            e.text
            for e in examples
            if e.lang == lang and e.safety == "none" and not e.labels and e.has_patterns and len(e.text) < 120
        ]
        for lang in ("en", "es")
    }
    out = list(examples)
    for ex in examples:
        out.append(_copy(ex, typo(texting(ex.text), rng), "texting"))
        if fillers[ex.lang]:
            out.append(_copy(ex, buried(ex, fillers[ex.lang], rng), "buried"))
    return out


def _copy(ex: Example, text: str, how: str) -> Example:
    """A varied copy that keeps the original's labels and group."""
    return Example(text, ex.lang, ex.safety, ex.labels, ex.group, ex.source, ex.has_patterns, how, ex.about)
