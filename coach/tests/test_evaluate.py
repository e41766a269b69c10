"""The evaluation module's output shape (used by the coach_eval management command)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import coach
from coach.evaluate import SYSTEMS, evaluate, main

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
    """One JSON object with the four systems, per-label scores and by_lang."""
    buf = io.StringIO()
    evaluate(_file(tmp_path), json_output=True, out=buf)
    report = json.loads(buf.getvalue())
    assert set(SYSTEMS) <= set(report)
    assert report["minilm_knn"]["available"] is coach.semantic_available()
    for name in SYSTEMS:
        entry = report[name]
        if not entry["available"]:
            continue  # the kNN baseline needs the semantic layer
        for group in ("patterns", "strengths", "safety"):
            for scores in entry[group].values():
                assert {"precision", "recall", "f1", "support"} <= set(scores)
        assert set(entry["by_lang"]) == {"en", "es"}
    assert report["engine"]["safety"]["overdose"]["recall"] == 1.0
    assert report["engine"]["rates"]["crisis_false_alarm_rate"] == 0.0


def test_cli_prints_table(tmp_path: Path, capsys) -> None:
    """The command-line entry point prints a readable table."""
    assert main([str(_file(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "== engine ==" in out and "crisis false alarms" in out
