"""Fit the learned layer's classifiers (scikit-learn, at training time only).

``fit()`` turns examples into the arrays that ``coach.learned.Model`` runs with
numpy alone: the regression's weights (embedding block and the hashed n-grams that
have a weight) and the prototype bank (embeddings of the original examples, grouped
by class). Everything is deterministic: fixed example order, a single BLAS thread,
and a solver without randomness.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from .. import embedding
from ..features import BUCKETS, hashed
from .data import Example

LabelOf = Callable[[Example], str]
CACHE_DIR = Path(__file__).resolve().parents[2] / "var" / "coach-training"


def embed(texts: list[str]) -> np.ndarray:
    """Embeddings of many texts, kept on disk between training runs (var/coach-training)."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / "embeddings.npz"
    known: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path, allow_pickle=False) as z:
            known = dict(zip(z["keys"].tolist(), z["vectors"], strict=True))
    keys = [hashlib.sha256(t.encode("utf-8", "surrogatepass")).hexdigest() for t in texts]
    todo = sorted({(k, t) for k, t in zip(keys, texts, strict=True) if k not in known})
    if todo:
        vectors = embedding.encode([t for _, t in todo], cache=False)
        known.update(zip([k for k, _ in todo], vectors, strict=True))
        ordered = sorted(known)
        np.savez(path, keys=np.array(ordered), vectors=np.stack([known[k] for k in ordered]))
    return np.stack([known[k] for k in keys]).astype(np.float32)


def sparse_features(texts: list[str], emb: np.ndarray, emb_scale: float) -> Any:
    """The regression's input: the scaled embedding beside the hashed n-grams (CSR)."""
    from scipy import sparse

    rows, cols, vals = [], [], []
    for i, text in enumerate(texts):
        idx, val = hashed(text)
        rows.append(np.full(len(idx), i))
        cols.append(idx + embedding.DIM)
        vals.append(val)
    grams = sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(len(texts), embedding.DIM + BUCKETS),
        dtype=np.float64,
    )
    dense = sparse.csr_matrix(emb.astype(np.float64) * emb_scale)
    dense.resize((len(texts), embedding.DIM + BUCKETS))
    return (dense + grams).tocsr()


def targets(
    examples: list[Example], classes: tuple[str, ...], multilabel: bool, label_of: LabelOf
) -> np.ndarray:
    """Class index per example (softmax) or a 0/1 matrix (one column per label)."""
    if not multilabel:
        index = {c: i for i, c in enumerate(classes)}
        return np.array([index[label_of(e)] for e in examples])
    return np.array([[int(c in e.labels) for c in classes] for e in examples])


def _regression(
    x: Any, y: np.ndarray, config: dict[str, Any], multilabel: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Fit the logistic regression; weights (classes × features) and biases."""
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    def one(target: np.ndarray, weight: Any) -> Any:
        clf = LogisticRegression(
            C=config["C"],
            max_iter=config.get("max_iter", 300),
            class_weight=weight,
            tol=config.get("tol", 1e-4),
        )
        return clf.fit(x, target)

    with threadpool_limits(limits=1):
        if not multilabel:
            clf = one(y, config.get("class_weight"))
            return clf.coef_, clf.intercept_
        coefs, biases = [], []
        for col in range(y.shape[1]):
            if y[:, col].sum() == 0:
                coefs.append(np.zeros(x.shape[1]))
                biases.append(np.array([-10.0]))  # a label with no example is never predicted
                continue
            clf = one(y[:, col], config.get("class_weight"))
            coefs.append(clf.coef_[0])
            biases.append(clf.intercept_)
        return np.stack(coefs), np.concatenate(biases)


def _mlp(emb: np.ndarray, y: np.ndarray, config: dict[str, Any]) -> dict[str, np.ndarray]:
    """A one-hidden-layer network over the embedding alone (fixed seed, one thread).

    The regression is linear: it cannot learn that "hit" next to "himself" means
    self-harm rather than violence. The small network can, from the embedding.
    """
    from sklearn.neural_network import MLPClassifier
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        net = MLPClassifier(
            hidden_layer_sizes=(config["mlp_hidden"],),
            alpha=config["mlp_alpha"],
            max_iter=config.get("mlp_max_iter", 200),
            random_state=0,
        ).fit(emb, y)
    w2, b2 = net.coefs_[1], net.intercepts_[1]
    if w2.shape[1] == 1:  # two classes: sklearn keeps one logistic output
        w2, b2 = np.hstack([-w2 / 2, w2 / 2]), np.array([-b2[0] / 2, b2[0] / 2])
    return {
        "mlp_w1": net.coefs_[0].astype(np.float32),
        "mlp_b1": net.intercepts_[0].astype(np.float32),
        "mlp_w2": w2.astype(np.float32),
        "mlp_b2": b2.astype(np.float32),
    }


def _bank(
    examples: list[Example], emb: np.ndarray, classes: tuple[str, ...], multilabel: bool, label_of: LabelOf
):
    """Prototype bank: embeddings of the original examples, grouped by class."""
    rows, slices, start = [], [], 0
    for c in classes:
        if multilabel:
            members = [
                i
                for i, e in enumerate(examples)
                if not e.varied and (c in e.labels or (c == "none" and not e.labels))
            ]
        else:
            members = [i for i, e in enumerate(examples) if not e.varied and label_of(e) == c]
        rows.extend(members)
        slices.append((start, start + len(members)))
        start += len(members)
    bank = emb[rows] if rows else np.zeros((0, embedding.DIM), dtype=np.float32)
    return bank.astype(np.float16), np.array(slices, dtype=np.int64)


def fit(
    examples: list[Example],
    classes: tuple[str, ...],
    config: dict[str, Any],
    *,
    multilabel: bool = False,
    label_of: LabelOf = lambda e: e.safety,
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Train one classifier; its arrays and metadata, ready for ``coach.learned.from_arrays``."""
    texts = [e.text for e in examples]
    emb = embed(texts)
    x = sparse_features(texts, emb, config["emb_scale"])
    y = targets(examples, classes, multilabel, label_of)
    coef, bias = _regression(x, y, config, multilabel)
    if coef.shape[0] == 1 and len(classes) == 2:  # sklearn keeps one row for two classes
        coef, bias = np.vstack([-coef / 2, coef / 2]), np.array([-bias[0] / 2, bias[0] / 2])
    w_emb = coef[:, : embedding.DIM]
    grams = coef[:, embedding.DIM :]
    used = np.flatnonzero(np.abs(grams).max(axis=0) > 0)
    bank, slices = _bank(examples, emb, classes, multilabel, label_of)
    arrays = {
        "w_emb": w_emb.astype(np.float32),
        "bias": bias.astype(np.float32),
        "ng_idx": used.astype(np.int64),
        "ng_w": grams[:, used].T.astype(np.float32),
        "bank": bank,
        "bank_slices": slices,
        **_mlp(emb, y, config),
    }
    meta = {
        "classes": list(classes),
        "multilabel": multilabel,
        "emb_scale": config["emb_scale"],
        "knn_k": config["knn_k"],
        "knn_temp": config["knn_temp"],
        "mix": config["mix"],
    }
    return arrays, meta
