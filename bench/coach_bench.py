"""Benchmark the coach: messages/second and per-message latency, rules only and full engine.

Run: ``.venv/bin/python bench/coach_bench.py [--n 300] [--only rules|full] [--concurrent K]``

To compare with another version, put its ``coach`` package in a directory and pass
``--coach-root DIR``, for example
``git archive HEAD~1 coach | tar -x -C /tmp/old`` then ``--coach-root /tmp/old``,
and run both back to back. (Versions without ``coach.clear_caches`` had no caches.)

Latency is wall-clock per ``analyze()`` call. The ``cpu`` column is the same call's
thread CPU time: on a shared machine the difference is time spent waiting for a core.
The load average is printed before and after each part, because on a busy machine it
explains most of the tail. ``--concurrent K`` runs K other processes that analyse
messages with the full engine non-stop while the measurement runs (the server busy
with other members' requests).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "--coach-root" in sys.argv:  # before ``import coach``: benchmark another version of it
    sys.path.insert(0, sys.argv[sys.argv.index("--coach-root") + 1])

import coach

_clear_caches = getattr(coach, "clear_caches", lambda **_: None)

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


def _lang(text: str) -> str:
    return "es" if text.startswith("Si ") else "en"


def _pct(values: list[float], q: float) -> float:
    """Percentile in milliseconds."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def _load() -> str:
    """The 1/5/15-minute load averages, as ``uptime`` prints them."""
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _single(texts: list[str], learned: bool, cold: bool = True) -> tuple[list[float], list[float]]:
    """Wall and thread-CPU time of analyze() per message.

    ``cold`` forgets what earlier calls cached (the rule index's per-word entries and,
    for the full engine, recently encoded sentences), since the benchmark repeats its
    few messages.
    """
    wall, cpu = [], []
    for text in texts:
        if cold:
            _clear_caches(embeddings=learned)
        start, start_cpu = time.perf_counter(), time.thread_time()
        coach.analyze(text, _lang(text), learned=learned)
        cpu.append(time.thread_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    return wall, cpu


def _typing(rounds: int) -> tuple[list[float], list[float]]:
    """A composer re-analysing the draft after each word typed (sentences typed earlier are cached)."""
    draft = f"{MESSAGES[1]} {MESSAGES[0]}"
    words = draft.split(" ")
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(rounds):
        _clear_caches()
        for i in range(1, len(words) + 1):
            w, c = _single([" ".join(words[:i])], True, cold=False)
            wall += w
            cpu += c
    return wall, cpu


def _report(name: str, times: tuple[list[float], list[float]]) -> None:
    """Print one line."""
    wall, cpu = times
    print(
        f"{name:<38} {len(wall) / sum(wall):>7.0f} msg/s  p50 {_pct(wall, 0.5):7.3f} ms  "
        f"p95 {_pct(wall, 0.95):7.3f} ms  p99 {_pct(wall, 0.99):7.3f} ms  "
        f"(cpu p50 {_pct(cpu, 0.5):.3f}, p95 {_pct(cpu, 0.95):.3f}, p99 {_pct(cpu, 0.99):.3f})"
    )


def _batched(texts: list[str], learned: bool, size: int = 32) -> None:
    """Throughput of analyze_many() in batches."""
    _clear_caches(embeddings=learned)
    start = time.perf_counter()
    for i in range(0, len(texts), size):
        coach.analyze_many(texts[i : i + size], "en", learned=learned)
    elapsed = time.perf_counter() - start
    per = elapsed / len(texts)
    print(
        f"{'batched x' + str(size) + (' full' if learned else ' rules'):<38} {len(texts) / elapsed:>7.0f} msg/s  "
        f"mean {per * 1000:7.3f} ms/msg"
    )


def _busy(stop: Any) -> None:
    """Another request: analyse messages with the full engine until told to stop."""
    i = 0
    while not stop.is_set():
        text = MESSAGES[i % len(MESSAGES)] + f" ({i})"  # never cached
        coach.analyze(text, _lang(text))
        i += 1


def _rules(texts: list[str], n: int) -> None:
    print(f"-- rules only ({_load()})")
    start = time.perf_counter()
    coach.analyze("warm up", "en", learned=False)
    coach.analyze("warm up", "es", learned=False)
    print(f"rules load: {(time.perf_counter() - start) * 1000:.0f} ms")
    _report("rules only, 500-char message, cold", _single([LONG] * n, False, cold=True))
    _single(texts, False)  # warm the per-word caches as a running server would have them
    _report("rules only, single", _single(texts, False))
    _report("rules only, 500-char message", _single([LONG] * n, False))
    _batched(texts, False)
    print(f"   ({_load()})")


def _full(texts: list[str], n: int, concurrent: int) -> None:
    if not coach.learned_available():
        print("full engine skipped: learned layer unavailable")
        return
    start = time.perf_counter()
    coach.analyze("warm up", "en")
    coach.analyze("calentar", "es")
    print(f"learned layer load (encoder + models): {time.perf_counter() - start:.1f} s")
    spawn = multiprocessing.get_context(
        "spawn"
    )  # each process loads its own encoder, as a server worker would
    stop = spawn.Event()
    workers = [spawn.Process(target=_busy, args=(stop,), daemon=True) for _ in range(concurrent)]
    for worker in workers:
        worker.start()
    if workers:
        time.sleep(20)  # let the other processes load the model and get going
    print(f"-- full engine, {concurrent} concurrent analysing processes ({_load()})")
    try:
        _report("full engine, single (cold)", _single(texts, True))
        _single(MESSAGES, True, cold=False)  # these sentences were analysed before
        _report("full engine, single (same text again)", _single(texts, True, cold=False))
        _report("full engine, composer, after each word", _typing(max(1, n // 40)))
        _report("full engine, 500-char message (cold)", _single([LONG] * min(n, 30), True))
        _batched(texts, True)
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
    print(f"   ({_load()})")


def main() -> None:
    """Run the benchmarks."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--only", choices=["rules", "full"])
    parser.add_argument("--concurrent", type=int, default=0, help="other processes analysing meanwhile")
    parser.add_argument("--coach-root", help="directory holding the coach package to benchmark")
    args = parser.parse_args()
    texts = (MESSAGES * (args.n // len(MESSAGES) + 1))[: args.n]
    print(f"coach from {Path(coach.__file__).parent}; {coach.learned_status()}")
    if args.only != "full":
        _rules(texts, args.n)
    if args.only != "rules":
        _full(texts, args.n, args.concurrent)


if __name__ == "__main__":
    main()
