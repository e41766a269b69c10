"""Cross-validation of the crisis screen on the training examples.

Messages are split into folds by their original id, so a message and its varied
copies are never on both sides. Each fold's models are trained on the other folds
and the *whole engine* (rules and learned layer) is run on the fold's original
messages; dev.jsonl messages are trained on but never scored, because the rules
were written with them in view. The learned scores and the rules' signals are
computed once, and every threshold setting in the grid is then decided from them,
exactly as ``coach.engine`` decides.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import engine, learned
from ..evaluate import crisis_scores
from ..normalize import normalize, sentences
from . import data


@dataclass
class Scored:
    """One scored message of a held-out fold."""

    example: data.Example
    rule_signals: list
    found: learned.Screened


def fold_of(group: str, folds: int) -> int:
    """The fold of an original message (stable: a hash of its id)."""
    return int(hashlib.sha256(group.encode()).hexdigest()[:8], 16) % folds


def _folds(cfg: dict[str, Any], keep: Callable[[data.Example], bool]):
    """Each fold's training examples (varied copies included) and its held-out originals."""
    examples = data.varied(data.originals(), seed=cfg["seed"])
    for fold in range(cfg["folds"]):
        fit_on = [e for e in examples if fold_of(e.group, cfg["folds"]) != fold]
        held = [e for e in examples if not e.varied and fold_of(e.group, cfg["folds"]) == fold and keep(e)]
        yield fold, fit_on, held


def score_folds(cfg: dict[str, Any], train: Callable) -> list[Scored]:
    """Every original non-dev training message, scored by models that never saw it."""
    out: list[Scored] = []
    for fold, fit_on, held in _folds(cfg, lambda e: e.source != "dev.jsonl"):
        models = {name: learned.from_arrays(name, *train(name, fit_on, cfg)) for name in ("safety", "about")}
        out.extend(_score(held, models))
        print(f"fold {fold + 1}/{cfg['folds']}: {len(held)} messages scored", flush=True)
    return out


def _score(held: list[data.Example], models: dict) -> list[Scored]:
    """Rules and learned layer on held-out messages."""
    out = []
    for lang in ("en", "es"):
        batch = [e for e in held if e.lang == lang]
        texts = [e.text for e in batch]
        rules = engine.analyze_many(texts, lang, learned=False)
        spans = [sentences(normalize(t)) for t in texts]
        found = learned.screen_many(texts, spans, models=models)
        out.extend(Scored(e, r.crisis.signals, f) for e, r, f in zip(batch, rules, found, strict=True))
    return out


def decide(scored: list[Scored], params: dict[str, float]) -> list[Any]:
    """The engine's safety decision for each scored message under ``params``."""
    return [
        engine._combine_crisis(
            engine._checked(s.rule_signals, s.found, params) + engine._learned_signals(s.found, params),
            s.found,
            params,
        )
        for s in scored
    ]


def _cached(cfg: dict[str, Any], train: Callable) -> list[Scored]:
    """Scored folds from the last run with the same data and settings (var/coach-training)."""
    import pickle

    from .fit import CACHE_DIR

    # Thresholds are decided after scoring, so they are not part of what was scored.
    trained = {k: ({**v, "thresholds": None} if isinstance(v, dict) else v) for k, v in cfg.items()}
    key = hashlib.sha256(json.dumps(trained, sort_keys=True).encode())
    for path in sorted(data.TAXONOMY_DIR.glob("*.json")) + list(data.TRAIN_FILES):
        key.update(path.read_bytes())
    path = CACHE_DIR / f"cv-{key.hexdigest()[:16]}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())  # noqa: S301 - our own file, written just below
    scored = score_folds(cfg, train)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(scored))
    return scored


GRID = {
    "notice": [0.2, 0.3],
    "concern": [0.5],
    "crisis": [1.01],
    "veto": [0.3, 0.4, 0.5],
    "also_margin": [0.5],
    "also_floor": [0.15],
}


def main(args: argparse.Namespace, cfg: dict[str, Any], train: Callable) -> int:
    """Print cross-validated scores for every threshold setting in the grid."""
    scored = _cached(cfg, train) if args.reuse else score_folds(cfg, train)
    rows = [{"lang": s.example.lang, "safety": s.example.safety} for s in scored]
    results = []
    for values in itertools.product(*GRID.values()):
        params = dict(zip(GRID, values, strict=True))
        decided = decide(scored, params)
        report = crisis_scores(rows, decided)
        everyday = [d for s, d in zip(scored, decided, strict=True) if s.example.has_patterns]
        report["everyday_alert_rate"] = round(
            sum(d.tier != "none" for d in everyday) / max(1, len(everyday)), 4
        )
        results.append({"params": params, "report": report})
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    for r in results:
        p, rep = r["params"], r["report"]
        rec = " ".join(
            f"{c[:4]}-{lang}={rep['by_lang'][lang][c]['recall']:.3f}/{rep['by_lang'][lang][c]['help_recall']:.3f}"
            for lang in ("en", "es")
            for c in ("self_harm", "overdose", "violence")
        )
        fa = " ".join(
            f"{lang}:crisisFA={rep['by_lang'][lang]['negatives']['crisis_rate']:.3f},"
            f"alert={rep['by_lang'][lang]['negatives']['alert_rate']:.3f}"
            for lang in ("en", "es")
        )
        print(
            f"{p} | {rec} | {fa} | everyday alerts={rep['everyday_alert_rate']:.3f} | also/msg={rep['also_per_alert']:.2f}"
        )
    return 0


# --- patterns -----------------------------------------------------------------------


@dataclass
class ScoredPatterns:
    """One held-out message of the pattern taxonomy: the rules' findings and the learned scores."""

    example: data.Example
    rule_labels: set[str]
    learned: dict[str, float]


def score_pattern_folds(cfg: dict[str, Any], train: Callable) -> list[ScoredPatterns]:
    """Every original pattern-taxonomy message, scored by a pattern model that never saw it."""
    out: list[ScoredPatterns] = []
    for fold, fit_on, held in _folds(cfg, lambda e: e.has_patterns and e.source != "dev.jsonl"):
        models = {
            "safety": None,
            "patterns": learned.from_arrays("patterns", *train("patterns", fit_on, cfg)),
        }
        for lang in ("en", "es"):
            batch = [e for e in held if e.lang == lang]
            texts = [e.text for e in batch]
            rules = engine.analyze_many(texts, lang, learned=False)
            spans = [sentences(normalize(t)) for t in texts]
            found = learned.screen_many(texts, spans, models=models)
            for e, r, f in zip(batch, rules, found, strict=True):
                labels = {x.pattern for x in r.findings} | {x.strength for x in r.strengths}
                out.append(ScoredPatterns(e, labels, f.labels or {}))
        print(f"fold {fold + 1}/{cfg['folds']}: {len(held)} pattern messages scored", flush=True)
    return out


def pattern_thresholds(scored: list[ScoredPatterns], target: float = 0.88, least: int = 20) -> dict[str, Any]:
    """Per pattern, the lowest threshold at which the learned hint keeps precision at ``target``.

    Where the rules alone reach the target, the rules-or-learned precision must stay
    there; where they do not, the hints' own additions (messages the rules leave alone)
    must. Either way the hint never adds findings less precise than ``target``. "Stay"
    means at the threshold and every grid step up to 0.1 above it (the curve is not
    monotonic, and a lucky dip must not be chosen), with at least ``least`` additions.
    """
    from ..result import PATTERNS

    grid = [x / 100 for x in range(30, 100, 2)]
    report: dict[str, Any] = {}
    for label in PATTERNS:
        gold = [label in s.example.labels for s in scored]
        rules = [label in s.rule_labels for s in scored]
        tp_r, n_gold = sum(r and g for r, g in zip(rules, gold, strict=True)), max(1, sum(gold))
        rules_precision = tp_r / max(1, sum(rules))
        points = {}
        for t in grid:
            added = [not r and s.learned.get(label, 0.0) >= t for r, s in zip(rules, scored, strict=True)]
            tp_a, n_a = sum(a and g for a, g in zip(added, gold, strict=True)), sum(added)
            combined = (tp_r + tp_a) / max(1, sum(rules) + n_a)
            points[t] = {
                "precision": combined,
                "recall": (tp_r + tp_a) / n_gold,
                "added_precision": tp_a / n_a if n_a else 1.0,
                "added": n_a,
            }
        key = "precision" if rules_precision >= target else "added_precision"
        best = None
        for i, t in enumerate(grid):
            if points[t]["added"] >= least and all(points[u][key] >= target for u in grid[i : i + 6]):
                best = {"threshold": t, **{k: round(v, 3) for k, v in points[t].items()}, "criterion": key}
                break
        report[label] = {
            "curve (threshold, precision, recall, added precision)": [
                (t, *(round(points[t][k], 3) for k in ("precision", "recall", "added_precision")))
                for t in (0.5, 0.6, 0.7, 0.8, 0.9)
            ],
            "rules_precision": round(rules_precision, 3),
            "rules_recall": round(tp_r / n_gold, 3),
            "chosen": best,
            "n": sum(gold),
        }
    return report


def _rerun_rules(scored: list[ScoredPatterns]) -> None:
    """Replace each message's rule findings with those of the rules as they are now."""
    for lang in ("en", "es"):
        batch = [s for s in scored if s.example.lang == lang]
        results = engine.analyze_many([s.example.text for s in batch], lang, learned=False)
        for s, r in zip(batch, results, strict=True):
            s.rule_labels = {x.pattern for x in r.findings} | {x.strength for x in r.strengths}


def main_patterns(args: argparse.Namespace, cfg: dict[str, Any], train: Callable) -> int:
    """Print, per pattern, the rules' precision and recall and the threshold that keeps precision."""
    import pickle

    from .fit import CACHE_DIR

    path = CACHE_DIR / "cv-patterns.pickle"
    if args.reuse and path.exists():
        scored = pickle.loads(path.read_bytes())  # noqa: S301 - our own file, written below
        _rerun_rules(scored)  # the learned scores are kept; the rules may have changed since
    else:
        scored = score_pattern_folds(cfg, train)
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(scored))
    report = pattern_thresholds(scored)
    print(json.dumps(report, indent=1))
    return 0
