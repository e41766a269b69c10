"""Score the coach and the crisis screen on a labelled file, with 95 % confidence intervals.

Usage: ``python -m coach.evaluate PATH [PATH ...] [--json]`` (or ``manage.py coach_eval``).
Prints numbers only, never the messages, so it can run on sets nobody may read
(``coach/eval/README.md``).

Systems
  engine        rules and learned layer together, as Mend runs them
  rules_only    the lexicon rules alone
  learned_only  the learned layer alone (the rules' signals dropped)

Safety, per category and language:
  recall        the message is flagged and its first category is the right one
  help_recall   the right category's help is on the card (first category or a close second)
  alert_recall  the message is flagged at all
and, on messages labelled ``none``: the crisis-tier rate (false alarms) and the
rate of any alert. Patterns and strengths: precision and recall per label.
Intervals are exact (Clopper–Pearson) two-sided 95 % intervals.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from .engine import analyze_many
from .result import CRISIS_CATEGORIES, PATTERNS, STRENGTHS, Analysis, Crisis

SYSTEMS: tuple[str, ...] = ("engine", "rules_only", "learned_only")
LANGS: tuple[str, ...] = ("en", "es")


def load_rows(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSONL file of labelled messages."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# --- confidence intervals -----------------------------------------------------------


def _binom_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p), summed in log space (exact for our n)."""
    if p <= 0.0:
        return 1.0
    if p >= 1.0:
        return 1.0 if k >= n else 0.0
    lp, lq = math.log(p), math.log1p(-p)
    terms = [
        math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq
        for i in range(k + 1)
    ]
    top = max(terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))


def _solve(f: Any, target: float) -> float:
    """The p in [0, 1] where the decreasing function f(p) equals target (bisection)."""
    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if f(mid) > target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


@cache
def interval(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Clopper–Pearson interval for k successes out of n (0..1 when n is 0)."""
    if n == 0:
        return 0.0, 1.0
    alpha = (1 - level) / 2
    # P(X >= k | low) = alpha and P(X <= k | high) = alpha; both CDFs fall as p rises.
    low = 0.0 if k == 0 else _solve(lambda p: _binom_cdf(k - 1, n, p), 1 - alpha)
    high = 1.0 if k == n else _solve(lambda p: _binom_cdf(k, n, p), alpha)
    return low, high


def rate(k: int, n: int) -> dict[str, Any]:
    """A proportion with its interval."""
    low, high = interval(k, n)
    return {"k": k, "n": n, "rate": round(k / n, 4) if n else None, "ci": [round(low, 4), round(high, 4)]}


# --- safety -------------------------------------------------------------------------


def _crisis_block(rows: Sequence[dict[str, Any]], preds: Sequence[Crisis]) -> dict[str, Any]:
    """Per-category recall and the alert rates on negatives, for one group of rows."""
    out: dict[str, Any] = {}
    for cat in CRISIS_CATEGORIES:
        mine = [p for r, p in zip(rows, preds, strict=True) if r["safety"] == cat]
        flagged = [p for p in mine if p.tier != "none"]
        first = sum(p.category == cat for p in flagged)
        shown = sum(cat == p.category or cat in p.also for p in flagged)
        out[cat] = {
            "recall": rate(first, len(mine))["rate"],
            "recall_ci": rate(first, len(mine))["ci"],
            "help_recall": rate(shown, len(mine))["rate"],
            "help_recall_ci": rate(shown, len(mine))["ci"],
            "alert_recall": rate(len(flagged), len(mine))["rate"],
            "n": len(mine),
            "missed": len(mine) - shown,
        }
    negatives = [p for r, p in zip(rows, preds, strict=True) if r["safety"] == "none"]
    crisis = sum(p.tier == "crisis" for p in negatives)
    alerts = sum(p.tier != "none" for p in negatives)
    notices = sum(p.tier == "notice" for p in negatives)
    out["negatives"] = {
        "n": len(negatives),
        "notice_rate": rate(notices, len(negatives))["rate"] or 0.0,
        "crisis_rate": rate(crisis, len(negatives))["rate"] or 0.0,
        "crisis_ci": rate(crisis, len(negatives))["ci"],
        "alert_rate": rate(alerts, len(negatives))["rate"] or 0.0,
        "alert_ci": rate(alerts, len(negatives))["ci"],
    }
    return out


def crisis_scores(rows: Sequence[dict[str, Any]], preds: Sequence[Crisis]) -> dict[str, Any]:
    """Safety scores overall and per language (used by training's cross-validation too)."""
    alerts = [p for p in preds if p.tier != "none"]
    return {
        "all": _crisis_block(rows, preds),
        "by_lang": {
            lang: _crisis_block(
                [r for r in rows if r["lang"] == lang],
                [p for r, p in zip(rows, preds, strict=True) if r["lang"] == lang],
            )
            for lang in LANGS
        },
        "also_per_alert": round(sum(len(p.also) for p in alerts) / len(alerts), 3) if alerts else 0.0,
    }


# --- patterns and strengths ---------------------------------------------------------


def _label_block(gold: list[set[str]], pred: list[set[str]], labels: tuple[str, ...]) -> dict[str, Any]:
    """Precision and recall per label, and the macro averages over labels present."""
    out: dict[str, Any] = {}
    for label in labels:
        tp = sum(label in g and label in p for g, p in zip(gold, pred, strict=True))
        predicted = sum(label in p for p in pred)
        support = sum(label in g for g in gold)
        out[label] = {
            "precision": rate(tp, predicted)["rate"],
            "precision_ci": rate(tp, predicted)["ci"],
            "recall": rate(tp, support)["rate"],
            "recall_ci": rate(tp, support)["ci"],
            "support": support,
            "predicted": predicted,
        }
    present = [s for s in out.values() if s["support"]]
    out["macro"] = {
        "precision": round(sum(s["precision"] or 0.0 for s in present) / len(present), 4)
        if present
        else None,
        "recall": round(sum(s["recall"] or 0.0 for s in present) / len(present), 4) if present else None,
    }
    return out


def label_scores(rows: Sequence[dict[str, Any]], analyses: Sequence[Analysis]) -> dict[str, Any]:
    """Pattern and strength scores, on the rows that carry pattern labels and no crisis."""
    pairs = [(r, a) for r, a in zip(rows, analyses, strict=True) if r.get("labelled_patterns", True)]
    # The coach stops coaching at the crisis tier, on purpose: those rows say nothing about patterns.
    pairs = [(r, a) for r, a in pairs if r["safety"] == "none"]
    gold_p = [set(r.get("patterns", [])) for r, _ in pairs]
    gold_s = [set(r.get("strengths", [])) for r, _ in pairs]
    return {
        "n": len(pairs),
        "patterns": _label_block(gold_p, [{f.pattern for f in a.findings} for _, a in pairs], PATTERNS),
        "strengths": _label_block(gold_s, [{s.strength for s in a.strengths} for _, a in pairs], STRENGTHS),
    }


# --- running the systems ------------------------------------------------------------


def _learned_only(analysis: Analysis) -> Crisis:
    """The safety result the learned layer would give without the rules."""
    from .engine import _combine_crisis  # the same decision, fed fewer signals

    signals = [s for s in analysis.crisis.signals if s.source == "learned"]
    return _combine_crisis(signals, None, {}) if signals else Crisis()


def run(rows: list[dict[str, Any]], system: str) -> list[Analysis]:
    """Analyses of every row by one system, batched per language."""
    out: list[Analysis | None] = [None] * len(rows)
    for lang in sorted({r["lang"] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r["lang"] == lang]
        results = analyze_many([rows[i]["text"] for i in idx], lang, learned=system != "rules_only")
        for i, res in zip(idx, results, strict=True):
            out[i] = res
    return out  # type: ignore[return-value]


def evaluate_rows(rows: list[dict[str, Any]], *, patterns: bool = True) -> dict[str, Any]:
    """Scores of every system on ``rows``."""
    from .engine import learned_available
    from .learned import status

    labelled = patterns and any(r.get("patterns") or r.get("strengths") for r in rows)
    engine = run(rows, "engine")
    rules = run(rows, "rules_only")
    systems = {
        "engine": [a.crisis for a in engine],
        "rules_only": [a.crisis for a in rules],
        "learned_only": [_learned_only(a) for a in engine] if learned_available() else None,
    }
    report: dict[str, Any] = {"n": len(rows), "learned_layer": status(), "safety": {}}
    for name, preds in systems.items():
        report["safety"][name] = crisis_scores(rows, preds) if preds is not None else None
    if labelled:
        report["labels"] = {"engine": label_scores(rows, engine), "rules_only": label_scores(rows, rules)}
    return report


def evaluate(paths: Sequence[str | Path], *, json_output: bool = False, out: Any = None) -> dict[str, Any]:
    """Score each file and print a table (or one JSON object); returns the reports."""
    out = out or sys.stdout
    reports = {str(p): evaluate_rows(load_rows(p)) for p in paths}
    if json_output:
        out.write(json.dumps(reports, indent=1) + "\n")
    else:
        for path, report in reports.items():
            out.write(format_report(path, report))
    return reports


def _ci(lo_hi: list[float]) -> str:
    """An interval as text."""
    return f"[{lo_hi[0]:.2f}–{lo_hi[1]:.2f}]"


def format_report(path: str, report: dict[str, Any]) -> str:
    """Human-readable report of one file."""
    lines = [f"# {path}: {report['n']} messages", f"  {report['learned_layer']}"]
    for name, scores in report["safety"].items():
        if scores is None:
            lines.append(f"== safety, {name}: not available")
            continue
        lines.append(f"== safety, {name}")
        lines.append(
            f"  {'':<6}{'category':<11}{'n':>5}  {'recall [95% CI]':<22}{'help shown [95% CI]':<24}{'any alert':>9}"
        )
        for lang in LANGS:
            block = scores["by_lang"][lang]
            for cat in CRISIS_CATEGORIES:
                s = block[cat]
                if not s["n"]:
                    continue
                lines.append(
                    f"  {lang:<6}{cat:<11}{s['n']:>5}  {s['recall']:.3f} {_ci(s['recall_ci']):<16}"
                    f"{s['help_recall']:.3f} {_ci(s['help_recall_ci']):<18}{s['alert_recall']:>9.3f}"
                )
            neg = block["negatives"]
            if neg["n"]:
                lines.append(
                    f"  {lang:<6}{'none':<11}{neg['n']:>5}  crisis-tier false alarms {neg['crisis_rate']:.3f} "
                    f"{_ci(neg['crisis_ci'])}, any alert {neg['alert_rate']:.3f} {_ci(neg['alert_ci'])}"
                    f" (of which a soft notice {neg['notice_rate']:.3f})"
                )
        lines.append(f"  categories shown beside the first, per alert: {scores['also_per_alert']:.2f}")
    for name, scores in report.get("labels", {}).items():
        lines.append(f"== patterns and strengths, {name} ({scores['n']} messages without a crisis)")
        for group in ("patterns", "strengths"):
            for label, s in scores[group].items():
                if label == "macro":
                    lines.append(f"  {'macro':<22} P {s['precision']}  R {s['recall']}")
                    continue
                if not s["support"] and not s["predicted"]:
                    continue
                p = "  —  " if s["precision"] is None else f"{s['precision']:.2f}"
                r = "  —  " if s["recall"] is None else f"{s['recall']:.2f}"
                lines.append(
                    f"  {label:<22} P {p} {_ci(s['precision_ci'])}  R {r} {_ci(s['recall_ci'])}"
                    f"  n={s['support']} predicted={s['predicted']}"
                )
    return "\n".join(lines) + "\n\n"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m coach.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="JSONL files in the dev.jsonl format")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    evaluate(args.paths, json_output=args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
