"""Train, check and cross-validate the learned layer.

    python -m coach.training fit     # train on every training example, export to coach/data/model/
    python -m coach.training check   # train again in memory: the exported weights must be identical
    python -m coach.training cv      # 5-fold cross-validation on the training examples (prints numbers)

Training uses only the files listed in ``coach.training.data``; the held-back and
independent evaluation sets in ``coach/eval/`` are never read here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from . import cv as cv_mod
from . import data, export
from .fit import fit

CONFIG = Path(__file__).resolve().parent / "config.json"
MODELS = ("safety", "about", "patterns")


def config() -> dict[str, Any]:
    """The training settings (hyperparameters and thresholds), from config.json."""
    return json.loads(CONFIG.read_text(encoding="utf-8"))


def _files_digest() -> dict[str, str]:
    """SHA-256 of every training file, recorded beside the weights."""
    paths = [*data.TRAIN_FILES, *sorted(data.TAXONOMY_DIR.glob("*.json")), CONFIG]
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def train(name: str, examples: list[data.Example], cfg: dict[str, Any]) -> tuple[dict, dict]:
    """Arrays and metadata of one model, trained on ``examples`` (originals and varied copies)."""
    settings = cfg[name]
    if name == "safety":
        arrays, meta = fit(examples, data.SAFETY_CLASSES, settings)
        meta["thresholds"] = settings["thresholds"]
    elif name == "about":
        chosen = [e for e in examples if e.about]
        arrays, meta = fit(chosen, data.ABOUT_CLASSES, settings, label_of=lambda e: e.about)
    elif name == "patterns":
        chosen = [e for e in examples if e.has_patterns and e.safety == "none"]
        arrays, meta = fit(chosen, ("none", *data.PATTERN_CLASSES), settings, multilabel=True)
        meta["thresholds"] = settings["thresholds"]
    else:
        raise ValueError(name)
    return arrays, meta


def _all() -> list[data.Example]:
    """Every training example with its varied copies."""
    return data.varied(data.originals(), seed=config()["seed"])


def _code_digest() -> bytes:
    """SHA-256 of the code a fit depends on (the training package, features, encoder wrapper)."""
    root = Path(__file__).resolve().parent
    paths = [*sorted(root.glob("*.py")), root.parent / "features.py", root.parent / "embedding.py"]
    return hashlib.sha256(b"".join(p.read_bytes() for p in paths)).digest()


def trained(name: str, examples: list[data.Example], cfg: dict[str, Any]) -> tuple[dict, dict]:
    """``train`` for export, reusing a fit of the same examples, code and settings (var/coach-training).

    Thresholds are applied after fitting and are not part of what is reused, so choosing
    them again (``cv --patterns``) does not need a new fit. ``check`` never reuses a fit.
    """
    import numpy as np

    from .fit import CACHE_DIR

    fitted = {k: v for k, v in cfg[name].items() if k != "thresholds"}
    key = hashlib.sha256(json.dumps([name, cfg["seed"], fitted], sort_keys=True).encode() + _code_digest())
    for e in examples:
        key.update(json.dumps([e.text, e.lang, e.safety, sorted(e.labels), e.about, e.group]).encode())
    base = CACHE_DIR / f"fit-{name}-{key.hexdigest()[:16]}"
    if base.with_suffix(".npz").exists() and base.with_suffix(".json").exists():
        with np.load(base.with_suffix(".npz"), allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        meta = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
    else:
        arrays, meta = train(name, examples, cfg)
        meta = {k: v for k, v in meta.items() if k != "thresholds"}
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        base.with_suffix(".npz").write_bytes(export.npz_bytes(arrays))
        base.with_suffix(".json").write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")
    if "thresholds" in cfg[name]:
        meta["thresholds"] = cfg[name]["thresholds"]
    return arrays, meta


def cmd_fit(_: argparse.Namespace) -> int:
    """Train every model and export it."""
    cfg, examples = config(), _all()
    for name in MODELS:
        arrays, meta = trained(name, examples, cfg)
        meta["trained_on"] = {"files": _files_digest(), "examples": len(examples)}
        digest = export.write(name, arrays, meta)
        print(f"{name}: {len(examples)} examples, weights sha256 {digest}")
    return 0


def cmd_check(_: argparse.Namespace) -> int:
    """Train again in memory and compare with the exported weights, byte for byte."""
    cfg, examples, ok = config(), _all(), True
    for name in MODELS:
        arrays, _ = train(name, examples, cfg)
        fresh = hashlib.sha256(export.npz_bytes(arrays)).hexdigest()
        exported = export.exported_digest(name)
        same = fresh == exported
        ok &= same
        print(f"{name}: exported {exported}, retrained {fresh}: {'identical' if same else 'DIFFERENT'}")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m coach.training", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("fit", help="train and export").set_defaults(func=cmd_fit)
    sub.add_parser("check", help="retrain and compare with the exported weights").set_defaults(func=cmd_check)
    p_cv = sub.add_parser("cv", help="cross-validate on the training examples")
    p_cv.add_argument("--json", action="store_true", help="print one JSON object")
    p_cv.add_argument(
        "--reuse", action="store_true", help="reuse the scored folds of an identical earlier run"
    )
    p_cv.add_argument("--patterns", action="store_true", help="cross-validate the pattern model instead")
    p_cv.set_defaults(
        func=lambda a: (cv_mod.main_patterns if a.patterns else cv_mod.main)(a, config(), train)
    )
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
