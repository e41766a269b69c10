"""Score the coach on a dev.jsonl-format file: engine, rules only and two baselines.

Usage: ``python -m coach.evaluate PATH [--json]``.

Systems
  engine      rules + semantic layer (semantic falls back to rules when not installed)
  rules_only  lexicon rules only
  vader       VADER sentiment baseline: compound <= -0.05 predicts *every* harmful
              pattern and *every* safety category (and counts as a crisis alert);
              compound >= 0.05 predicts every strength. Neutral predicts nothing.
  minilm_knn  MiniLM nearest neighbours without rules: leave-one-out over the
              evaluated file itself, same language, k=3; a label is predicted when
              at least 2 of the 3 nearest messages carry it; the safety category is
              the majority of the 3 (the nearest one breaks ties).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .engine import analyze_many
from .result import PATTERNS, SAFETY_CATEGORIES, STRENGTHS

SYSTEMS: tuple[str, ...] = ("engine", "rules_only", "vader", "minilm_knn")


@dataclass(frozen=True)
class Pred:
    """A system's prediction for one message."""

    patterns: frozenset[str]
    strengths: frozenset[str]
    safety: frozenset[str]  # categories predicted (engine: the one primary category)
    tier: str


def load_rows(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSONL file of labelled messages."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _by_lang(rows: list[dict[str, Any]]) -> dict[str, list[int]]:
    """Row indices grouped by language."""
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault(row.get("lang", "en"), []).append(i)
    return groups


def _engine(rows: list[dict[str, Any]], semantic: bool) -> list[Pred]:
    """Run the engine per language in batches."""
    preds: list[Pred | None] = [None] * len(rows)
    for lang, idx in _by_lang(rows).items():
        results = analyze_many([rows[i]["text"] for i in idx], lang, semantic=semantic)
        for i, res in zip(idx, results, strict=True):
            cats = frozenset() if res.safety.category == "none" else frozenset({res.safety.category})
            preds[i] = Pred(
                frozenset(f.pattern for f in res.findings),
                frozenset(s.strength for s in res.strengths),
                cats,
                res.safety.tier,
            )
    return [p for p in preds if p is not None]


def _vader(rows: list[dict[str, Any]]) -> list[Pred] | None:
    """VADER baseline (None when vaderSentiment is not installed)."""
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        return None
    sia = SentimentIntensityAnalyzer()
    out = []
    for row in rows:
        compound = sia.polarity_scores(row["text"])["compound"]
        neg, pos = compound <= -0.05, compound >= 0.05
        out.append(
            Pred(
                frozenset(PATTERNS) if neg else frozenset(),
                frozenset(STRENGTHS) if pos else frozenset(),
                frozenset(SAFETY_CATEGORIES) if neg else frozenset(),
                "crisis" if neg else "none",
            )
        )
    return out


def _knn(rows: list[dict[str, Any]]) -> list[Pred] | None:
    """Leave-one-out 3-NN over MiniLM embeddings of the file itself (None when unavailable)."""
    from . import semantic

    if not semantic.available():
        return None
    try:
        vectors = semantic.encode([r["text"] for r in rows])
    except Exception:
        return None
    preds: list[Pred | None] = [None] * len(rows)
    for idx in _by_lang(rows).values():
        sims = vectors[idx] @ vectors[idx].T
        for a, i in enumerate(idx):
            sims[a, a] = -2.0  # leave the message itself out
            order = sims[a].argsort()[::-1][:3]
            near = [rows[idx[b]] for b in order]
            preds[i] = _vote(near)
    return [p for p in preds if p is not None]


def _vote(near: list[dict[str, Any]]) -> Pred:
    """Majority vote (2 of 3) over the neighbours' labels."""
    pats = Counter(p for r in near for p in r.get("patterns", []))
    strs = Counter(s for r in near for s in r.get("strengths", []))
    safety = Counter(r.get("safety", "none") for r in near)
    top, count = safety.most_common(1)[0]
    category = top if count >= 2 else near[0].get("safety", "none")
    return Pred(
        frozenset(p for p, c in pats.items() if c >= 2),
        frozenset(s for s, c in strs.items() if c >= 2),
        frozenset() if category == "none" else frozenset({category}),
        "none" if category == "none" else "crisis",
    )


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    """Precision, recall, F1 (0.0 when undefined), support and number predicted."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "support": tp + fn,
        "predicted": tp + fp,
    }


def _label_scores(
    gold: list[set[str]], pred: list[frozenset[str]], labels: tuple[str, ...]
) -> dict[str, Any]:
    """Per-label scores for one group (patterns, strengths or safety)."""
    out = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if label in g and label in p)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if label not in g and label in p)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if label in g and label not in p)
        out[label] = _prf(tp, fp, fn)
    return out


def _summary(scores: dict[str, Any]) -> dict[str, float]:
    """Macro averages over labels that have support."""
    present = [s for s in scores.values() if s["support"]]
    if not present:
        return {"macro_precision": 0.0, "macro_recall": 0.0, "macro_f1": 0.0}
    return {
        f"macro_{k}": round(sum(s[k] for s in present) / len(present), 4)
        for k in ("precision", "recall", "f1")
    }


def _rates(rows: list[dict[str, Any]], preds: list[Pred]) -> dict[str, float | int]:
    """Alert rates on safety-negative messages (false alarms)."""
    neg = [p for r, p in zip(rows, preds, strict=True) if r.get("safety", "none") == "none"]
    n = len(neg) or 1
    return {
        "safety_negative": len(neg),
        "crisis_false_alarm_rate": round(sum(p.tier == "crisis" for p in neg) / n, 4),
        "concern_rate": round(sum(p.tier == "concern" for p in neg) / n, 4),
        "any_alert_rate": round(sum(p.tier != "none" for p in neg) / n, 4),
    }


def score(rows: list[dict[str, Any]], preds: list[Pred]) -> dict[str, Any]:
    """All scores for one system on some rows."""
    gold_s = [{r["safety"]} - {"none"} for r in rows]
    groups = {
        "patterns": _label_scores([set(r["patterns"]) for r in rows], [p.patterns for p in preds], PATTERNS),
        "strengths": _label_scores(
            [set(r["strengths"]) for r in rows], [p.strengths for p in preds], STRENGTHS
        ),
        "safety": _label_scores(gold_s, [p.safety for p in preds], SAFETY_CATEGORIES),
    }
    overall = {g: _summary(s) for g, s in groups.items()}
    return {**groups, "overall": overall, "rates": _rates(rows, preds), "n": len(rows)}


def evaluate_rows(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Scores for every system, overall and by language."""
    runners: dict[str, Callable[[], list[Pred] | None]] = {
        "engine": lambda: _engine(rows, semantic=True),
        "rules_only": lambda: _engine(rows, semantic=False),
        "vader": lambda: _vader(rows),
        "minilm_knn": lambda: _knn(rows),
    }
    from . import semantic

    report: dict[str, Any] = {}
    for name, run in runners.items():
        preds = run()
        if preds is None:
            report[name] = {"available": False, "patterns": {}, "strengths": {}, "safety": {}, "by_lang": {}}
            continue
        entry = score(rows, preds)
        entry["available"] = True
        entry["by_lang"] = {
            lang: score([rows[i] for i in idx], [preds[i] for i in idx])
            for lang, idx in _by_lang(rows).items()
        }
        report[name] = entry
    report["engine"]["semantic"] = semantic.status()
    return report


def evaluate(path: str | Path, *, json_output: bool = False, out: Any = None) -> dict[str, Any]:
    """Score ``path`` and print a table (or one JSON object); returns the report."""
    out = out or sys.stdout
    report = evaluate_rows(load_rows(path))
    if json_output:
        out.write(json.dumps(report, indent=1, sort_keys=False) + "\n")
    else:
        out.write(format_report(report))
    return report


def _table(title: str, scores: dict[str, Any]) -> list[str]:
    """Lines of a small fixed-width table."""
    lines = [f"  {title:<22} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}"]
    for label, s in scores.items():
        lines.append(
            f"  {label:<22} {s['precision']:>6.2f} {s['recall']:>6.2f} {s['f1']:>6.2f} {s['support']:>5}"
        )
    return lines


def format_report(report: dict[str, Any]) -> str:
    """Human-readable report."""
    lines: list[str] = []
    for name in SYSTEMS:
        entry = report[name]
        lines.append(f"== {name} ==" + ("" if entry.get("available") else " (not available)"))
        if not entry.get("available"):
            continue
        if name == "engine":
            lines.append(f"  {entry.get('semantic', '')}")
        for group in ("patterns", "strengths", "safety"):
            lines += _table(group, entry[group])
            ov = entry["overall"][group]
            lines.append(
                f"  {'macro':<22} {ov['macro_precision']:>6.2f} {ov['macro_recall']:>6.2f} {ov['macro_f1']:>6.2f}"
            )
        r = entry["rates"]
        lines.append(
            f"  safety-negative={r['safety_negative']} crisis false alarms={r['crisis_false_alarm_rate']:.1%} "
            f"concern={r['concern_rate']:.1%}"
        )
        for lang, sub in entry["by_lang"].items():
            ov, r = sub["overall"], sub["rates"]
            rec = " ".join(f"{c}={sub['safety'][c]['recall']:.2f}" for c in SAFETY_CATEGORIES)
            lines.append(
                f"  [{lang}] n={sub['n']} patterns P/R={ov['patterns']['macro_precision']:.2f}/"
                f"{ov['patterns']['macro_recall']:.2f} strengths P={ov['strengths']['macro_precision']:.2f} "
                f"safety recall {rec} crisis FA={r['crisis_false_alarm_rate']:.1%} concern={r['concern_rate']:.1%}"
            )
        lines.append("")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m coach.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("path", help="JSONL file in the dev.jsonl format")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    evaluate(args.path, json_output=args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
