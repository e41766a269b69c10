"""A small, valid instrument as plain data, for tests that break it one field at a time."""

from __future__ import annotations

import copy
from typing import Any

EN_ES = {"en": "Text", "es": "Texto"}


def tiny_instrument(**overrides: Any) -> dict[str, Any]:
    """Three items answered 0–2 (total 0–6), item 3 reverse-scored, two bands, one flag."""
    data: dict[str, Any] = {
        "id": "tiny",
        "version": "1",
        "name": dict(EN_ES),
        "short_name": "TINY",
        "citation": "A test instrument.",
        "licence": "Test only.",
        "languages": ["en", "es"],
        "wording_note": dict(EN_ES),
        "recall_period": dict(EN_ES),
        "better": "lower",
        "range": [0, 6],
        "options": {
            "three": [
                {"value": 0, "label": {"en": "None", "es": "Nada"}},
                {"value": 1, "label": {"en": "Some", "es": "Algo"}},
                {"value": 2, "label": {"en": "Lots", "es": "Mucho"}},
            ]
        },
        "items": [
            {"number": 1, "options_ref": "three", "text": dict(EN_ES)},
            {"number": 2, "options_ref": "three", "text": dict(EN_ES)},
            {"number": 3, "options_ref": "three", "text": dict(EN_ES), "reverse": True},
        ],
        "scoring": {"method": "sum", "max_missing": 0, "prorate": False, "subscales": {}},
        "bands": [
            {"key": "low", "min": 0, "max": 2, "label": dict(EN_ES), "meaning": dict(EN_ES)},
            {"key": "high", "min": 3, "max": 6, "label": dict(EN_ES), "meaning": dict(EN_ES)},
        ],
        "flags": [{"item": 2, "above": 1, "kind": "crisis", "note": dict(EN_ES)}],
        "reliable_change": {"points": 2, "source": "Test source"},
        "cutoffs": [],
    }
    data = copy.deepcopy(data)
    data.update(overrides)
    return data
