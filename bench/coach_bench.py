"""Benchmark the coach: messages/second and per-message latency, rules only and full engine.

Run: ``.venv/bin/python bench/coach_bench.py [--n 300]``
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import coach

MESSAGES = [
    "You're so irresponsible with money. The car payment was due Friday and I found out from the bank.",
    "I felt scared when you didn't call last night. Could you text me next time you're running late?",
    "Thanks for picking up the kids today, it made my afternoon so much easier.",
    "Whatever. I'm done talking about this.",
    "He's not breathing right and I can't wake him up, what do I do",
    "Si vuelves a tomar en la casa, yo me voy a dormir con mi hermana.",
]
# A 500-character message for the rules p99 target.
LONG = (
    "I know you said you'd be home by six, and I waited with dinner until almost nine. You always do this, "
    "and honestly I'm tired of making excuses to the kids. Your sister called again asking where you were. "
    "I'm not going to lie to her for you anymore. I'm worried about you, and I miss how we used to talk. "
    "Could we sit down on Saturday morning and make a plan together? I'd like us to talk to your counselor "
    "this week too. I love you, and I want this to work, but I need you to be honest with me about the drinking."
)[:500]


def _pct(values: list[float], q: float) -> float:
    """Percentile in milliseconds."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def _single(texts: list[str], semantic: bool) -> list[float]:
    """Latency of analyze() per message."""
    out = []
    for text in texts:
        start = time.perf_counter()
        coach.analyze(text, "es" if text.startswith("Si ") else "en", semantic=semantic)
        out.append(time.perf_counter() - start)
    return out


def _report(name: str, times: list[float]) -> None:
    """Print one line."""
    print(
        f"{name:<34} {len(times) / sum(times):>9.0f} msg/s  p50 {_pct(times, 0.5):7.3f} ms  "
        f"p95 {_pct(times, 0.95):7.3f} ms  p99 {_pct(times, 0.99):7.3f} ms"
    )


def _batched(texts: list[str], semantic: bool, size: int = 32) -> None:
    """Throughput of analyze_many() in batches."""
    start = time.perf_counter()
    for i in range(0, len(texts), size):
        coach.analyze_many(texts[i : i + size], "en", semantic=semantic)
    elapsed = time.perf_counter() - start
    per = elapsed / len(texts)
    print(
        f"{'batched x' + str(size) + (' full' if semantic else ' rules'):<34} {len(texts) / elapsed:>9.0f} msg/s  "
        f"mean {per * 1000:7.3f} ms/msg"
    )


def main() -> None:
    """Run all benchmarks."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    texts = (MESSAGES * (args.n // len(MESSAGES) + 1))[: args.n]
    print(coach.semantic_status())
    start = time.perf_counter()
    coach.analyze("warm up", "en", semantic=False)
    coach.analyze("warm up", "es", semantic=False)
    print(f"rules load: {(time.perf_counter() - start) * 1000:.0f} ms")
    _report("rules only, single", _single(texts, False))
    _report("rules only, 500-char message", _single([LONG] * args.n, False))
    _batched(texts, False)
    if coach.semantic_available():
        start = time.perf_counter()
        coach.analyze("warm up", "en")
        coach.analyze("calentar", "es")
        print(f"semantic load (model + banks): {time.perf_counter() - start:.1f} s")
        _report("full engine, single", _single(texts, True))
        _report("full engine, 500-char message", _single([LONG] * min(args.n, 100), True))
        _batched(texts, True)
    else:
        print("full engine skipped: semantic layer unavailable")


if __name__ == "__main__":
    main()
