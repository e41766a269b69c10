"""Text features of the learned layer: hashed character and word n-grams.

The same functions build the features when the model is trained
(``coach/training``) and when it runs, so the two can never disagree. Plain Python
and numpy only; hashing uses CRC-32, which is the same on every machine and every
run (Python's own ``hash()`` of a string changes per process).
"""

from __future__ import annotations

import itertools
import re
import zlib

import numpy as np

from .normalize import normalize

BUCKETS = 1 << 20  # hashed feature space; collisions are rare at this size for our vocabulary
_WORD = re.compile(r"[^\W_]+|[^\w\s]", re.UNICODE)  # words, and each symbol or emoji on its own
_DIGITS = re.compile(r"\d")
_REPEAT = re.compile(r"(.)\1{2,}")  # "sooooo" reads as "soo": people stretch words in texts
CHAR_ORDERS = (2, 3, 4, 5)


def canonical(text: str) -> str:
    """Lowercase, accents and quotes folded, digits as 0, stretched letters shortened."""
    folded = normalize(text).lower()
    return _REPEAT.sub(r"\1\1", _DIGITS.sub("0", folded))


def grams(text: str) -> list[str]:
    """Every feature string of a text: character n-grams inside words, word uni- and bigrams.

    Character n-grams are taken within each word padded by spaces (so " kms " and
    " mat" stay whole-word aware); they carry typos, slang and Spanish forms that a
    word list would need listed one by one.
    """
    words = _WORD.findall(canonical(text))
    out: list[str] = []
    for word in words:
        padded = f" {word} "
        size = len(padded)
        for n in CHAR_ORDERS:
            if n > size:
                break
            out.extend(padded[i : i + n] for i in range(size - n + 1))
    out.extend(f"w:{w}" for w in words)
    out.extend(f"b:{a} {b}" for a, b in itertools.pairwise(words))
    return out


def hashed(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Sparse feature vector of one text: sorted bucket ids and their L2-normalised weights.

    Counts are dampened (1 + log) so that one repeated word does not dominate.
    """
    counts: dict[int, int] = {}
    for gram in grams(text):
        bucket = zlib.crc32(gram.encode("utf-8", "surrogatepass")) & (BUCKETS - 1)
        counts[bucket] = counts.get(bucket, 0) + 1
    if not counts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    idx = np.fromiter(sorted(counts), dtype=np.int64, count=len(counts))
    val = 1.0 + np.log(np.array([counts[i] for i in idx.tolist()], dtype=np.float64))
    val /= np.sqrt((val * val).sum())
    return idx, val.astype(np.float32)
