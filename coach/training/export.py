"""Write and read the exported model files, byte for byte the same for the same training.

A model is two files in ``coach/data/model/``: ``<name>.npz`` (the arrays, in a zip
whose entries carry a fixed date so that the bytes depend on the arrays alone) and
``<name>.json`` (classes, settings, thresholds, and what it was trained on).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from ..learned import MODEL_DIR

_EPOCH = (1980, 1, 1, 0, 0, 0)


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """The arrays as an uncompressed .npz that numpy can load, with no timestamps inside."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as zf:
        for name in sorted(arrays):
            data = io.BytesIO()
            np.lib.format.write_array(data, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_EPOCH)
            info.external_attr = 0o644 << 16
            zf.writestr(info, data.getvalue())
    return buffer.getvalue()


def write(name: str, arrays: dict[str, np.ndarray], meta: dict[str, Any], directory: Path = MODEL_DIR) -> str:
    """Write one model; returns the SHA-256 of its weights."""
    directory.mkdir(parents=True, exist_ok=True)
    blob = npz_bytes(arrays)
    digest = hashlib.sha256(blob).hexdigest()
    (directory / f"{name}.npz").write_bytes(blob)
    meta = {**meta, "weights_sha256": digest}
    (directory / f"{name}.json").write_text(
        json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return digest


def exported_digest(name: str, directory: Path = MODEL_DIR) -> str | None:
    """SHA-256 of the exported weights file, or None when there is none."""
    path = directory / f"{name}.npz"
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
