"""The evaluation module's output shape (used by the coach_eval management command)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.evaluate import SYSTEMS, evaluate, interval, main

ROWS = [
    {
        "id": "a",
        "lang": "en",
        "text": "You never listen to me.",
        "patterns": ["blame_generalization"],
        "strengths": [],
        "safety": "none",
    },
    {
        "id": "b",
        "lang": "en",
        "text": "I can't wake him up, his lips are blue.",
        "patterns": [],
        "strengths": [],
        "safety": "overdose",
    },
    {
        "id": "c",
        "lang": "en",
        "text": "Thank you for calling me back.",
        "patterns": [],
        "strengths": ["appreciation"],
        "safety": "none",
    },
    {
        "id": "d",
        "lang": "es",
        "text": "Me volvió a pegar anoche.",
        "patterns": [],
        "strengths": [],
        "safety": "violence",
    },
    {
        "id": "e",
        "lang": "es",
        "text": "Gracias por llamarme.",
        "patterns": [],
        "strengths": ["appreciation"],
        "safety": "none",
    },
]


def _file(tmp_path: Path) -> Path:
    """Write the small labelled set."""
    path = tmp_path / "mini.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    return path


def test_json_report_shape(tmp_path: Path) -> None:
    """One JSON object per file: safety per system, category and language, with intervals."""
    buf = io.StringIO()
    path = _file(tmp_path)
    evaluate([path], json_output=True, out=buf)
    report = json.loads(buf.getvalue())[str(path)]
    assert set(report["safety"]) == set(SYSTEMS)
    engine = report["safety"]["engine"]
    assert set(engine["by_lang"]) == {"en", "es"}
    overdose = engine["by_lang"]["en"]["overdose"]
    assert overdose["n"] == 1 and overdose["recall"] == 1.0 and overdose["recall_ci"][1] == 1.0
    assert engine["by_lang"]["es"]["violence"]["help_recall"] == 1.0
    assert engine["all"]["negatives"]["crisis_rate"] == 0.0
    labels = report["labels"]["engine"]
    assert labels["patterns"]["blame_generalization"]["recall"] == 1.0
    assert labels["strengths"]["appreciation"]["support"] == 2


def test_no_message_text_is_ever_printed(tmp_path: Path, capsys) -> None:
    """The report holds numbers only: evaluation sets must stay unread (coach/eval/README.md)."""
    path = _file(tmp_path)
    assert main([str(path), "--json"]) == 0
    assert main([str(path)]) == 0
    out = capsys.readouterr().out
    for row in ROWS:
        assert row["text"] not in out
    assert "== safety, engine" in out and "crisis-tier false alarms" in out


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [(0, 10, 0.0, 0.3085), (10, 10, 0.6915, 1.0), (5, 10, 0.1871, 0.8129), (98, 100, 0.9296, 0.9976)],
)
def test_clopper_pearson_matches_published_values(k: int, n: int, low: float, high: float) -> None:
    """Exact binomial intervals, as tabulated (e.g. scipy.stats.binomtest(k, n).proportion_ci())."""
    got = interval(k, n)
    assert got[0] == pytest.approx(low, abs=1e-4) and got[1] == pytest.approx(high, abs=1e-4)


@given(st.integers(min_value=0, max_value=300), st.integers(min_value=1, max_value=300))
def test_interval_holds_the_estimate(k: int, n: int) -> None:
    """The interval lies in [0, 1] and contains the observed proportion."""
    k = min(k, n)
    low, high = interval(k, n)
    assert 0.0 <= low <= k / n <= high <= 1.0
