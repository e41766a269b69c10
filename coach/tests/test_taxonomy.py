"""The clinical taxonomy (coach/data/taxonomy/): sourced signs with examples in both languages."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from coach.result import CRISIS_CATEGORIES, PATTERNS, STRENGTHS

TAXONOMY = Path(__file__).resolve().parents[1] / "data" / "taxonomy"
CATEGORY_FILES = [TAXONOMY / f"{c}.json" for c in CRISIS_CATEGORIES]
ABOUT = {
    "self_harm": {"self", "other"},
    "overdose": {"self", "other"},
    "violence": {"self", "other", "threat"},
}


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", CATEGORY_FILES, ids=lambda p: p.stem)
def test_every_sign_is_sourced_and_has_examples_and_hard_negatives_in_both_languages(path: Path) -> None:
    """Each sign names published sources and carries at least 12 examples and 6 look-alikes per language."""
    data = _load(path)
    assert data["category"] == path.stem
    for source in data["sources"].values():
        assert source["title"] and source["url"].startswith("https://")
    for sign in data["signs"]:
        assert sign["sources"] and set(sign["sources"]) <= set(data["sources"]), sign["id"]
        assert sign["tier"] in ("crisis", "concern") and sign["name"]["en"] and sign["name"]["es"]
        examples = Counter(ex["lang"] for ex in sign["examples"])
        negatives = Counter(ex["lang"] for ex in sign["hard_negatives"])
        assert examples["en"] >= 12 and examples["es"] >= 12, sign["id"]
        assert negatives["en"] >= 6 and negatives["es"] >= 6, sign["id"]
        assert {ex["about"] for ex in sign["examples"]} <= ABOUT[data["category"]], sign["id"]


def test_labels_and_languages_are_known_and_texts_are_never_repeated() -> None:
    """A typo in a label would train silently; a repeated text would count twice."""
    seen: Counter[str] = Counter()
    for path in sorted(TAXONOMY.glob("*.json")):
        data = _load(path)
        if path.stem == "patterns":
            for entry in data["labels"]:
                assert entry["label"] in PATTERNS + STRENGTHS
                for sign in entry["signs"]:
                    for ex in sign["examples"] + sign["hard_negatives"]:
                        assert ex["lang"] in ("en", "es")
                        assert set(ex.get("also", [])) | set(ex.get("is", [])) <= set(PATTERNS + STRENGTHS)
                        seen[" ".join(ex["text"].lower().split())] += 1
            continue
        for sign in data["signs"]:
            assert sign.get("label", data["category"]) in CRISIS_CATEGORIES
            for ex in sign["examples"] + sign["hard_negatives"]:
                assert ex["lang"] in ("en", "es")
                seen[" ".join(ex["text"].lower().split())] += 1
        for case in data.get("boundary_cases", []):
            assert case["label"] in ("none", *CRISIS_CATEGORIES) and case["lang"] in ("en", "es")
            seen[" ".join(case["text"].lower().split())] += 1
    repeated = [t for t, n in seen.items() if n > 1]
    assert len(repeated) <= len(seen) // 200, repeated[:5]
