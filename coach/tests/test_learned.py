"""The learned layer: features, units, the exported models and how the engine uses them."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coach
from coach import engine, learned
from coach.features import canonical, hashed
from coach.normalize import normalize, sentences
from coach.result import PATTERNS, CrisisSignal
from coach.training import data, export
from coach.training import fit as fit_module
from coach.training.__main__ import CONFIG, MODELS, _files_digest, train, trained

EVAL_DIR = Path(__file__).resolve().parents[1] / "eval"


def test_features_ignore_case_accents_and_stretched_letters() -> None:
    """What people type on a phone reads the same as the careful spelling."""
    for left, right in [
        ("Ya no quiero despertar", "YA NO QUIERO DESPERTAR"),
        ("I'm sooo tired", "im soooooo tired"),
    ]:
        a, b = hashed(left), hashed(right.replace("im", "I'm"))
        assert np.array_equal(a[0], b[0]) and np.allclose(a[1], b[1])
    assert canonical("Está bien, 3 días") == "esta bien, 0 dias"


@given(st.text(max_size=200))
def test_feature_vectors_are_unit_length_and_sorted(text: str) -> None:
    """Any text gives a sorted, L2-normalised sparse vector (or an empty one)."""
    idx, val = hashed(text)
    assert list(idx) == sorted(set(idx.tolist()))
    if len(val):
        assert float(np.sqrt((val.astype(np.float64) ** 2).sum())) == pytest.approx(1.0, abs=1e-5)


@given(
    st.lists(
        st.sampled_from(["Hi.", "I'm done.", "He won't wake up and his lips are blue.", "ok", "\n"]),
        max_size=12,
    )
)
def test_units_cover_the_message_with_valid_spans(pieces: list[str]) -> None:
    """Runs of sentences are valid spans in order; the whole message is added when there are a few."""
    text = " ".join(pieces)
    norm = normalize(text)
    found = learned.units(text, sentences(norm), min_chars=60)
    runs = [span for span, _ in found if span != (0, len(text))] or [found[0][0]]
    for (start, end), piece in found:
        assert (0 <= start <= end <= len(text) and piece == (text[start:end] or " ")) or (start, end) == (
            0,
            len(text),
        )
    assert runs == sorted(runs)
    if 1 < len(runs) <= 3:
        assert found[-1][0] == (0, len(text))


def test_short_fragments_join_their_neighbours() -> None:
    """ "chao." is not judged alone: it joins the sentence before it."""
    text = "Ya me harté de hablar de lo mismo. Chao."
    assert [piece for _, piece in learned.units(text, sentences(normalize(text)), min_chars=60)] == [text]


@pytest.mark.parametrize("name", MODELS)
def test_exported_models_were_trained_on_the_current_files(name: str) -> None:
    """Changing training data or settings without retraining (make coach-model) fails here."""
    meta = json.loads((learned.MODEL_DIR / f"{name}.json").read_text(encoding="utf-8"))
    assert meta["trained_on"]["files"] == _files_digest()
    assert meta["weights_sha256"] == export.exported_digest(name)


@pytest.mark.parametrize("name", MODELS)
def test_probabilities_are_probabilities(name: str) -> None:
    """Every model gives values in [0, 1]; the softmax ones sum to one per unit."""
    model = learned.load(name)
    assert model is not None
    p = model.score(["He's not breathing", "Gracias por venir", "You never listen"])
    assert ((p >= 0) & (p <= 1)).all()
    if not model.multilabel:
        assert np.allclose(p.sum(axis=1), 1.0, atol=1e-5)


def test_model_files_hold_no_example_text() -> None:
    """Weights and example vectors only: no training message is stored in the model files."""
    rng = random.Random(1)
    texts = [e.text for e in rng.sample(data.originals(), 200) if len(e.text) > 12]
    for name in MODELS:
        blob = (learned.MODEL_DIR / f"{name}.npz").read_bytes() + (
            learned.MODEL_DIR / f"{name}.json"
        ).read_bytes()
        assert not any(t.encode("utf-8") in blob for t in texts)


def test_training_never_reads_the_evaluation_sets() -> None:
    """The held-back and independent sets stay unseen: not a training file, and no held-back id is in training."""
    for path in data.TRAIN_FILES:
        assert EVAL_DIR not in path.parents
    held = {
        json.loads(line)["id"]
        for line in (EVAL_DIR / "heldback.jsonl").read_text(encoding="utf-8").splitlines()
    }
    groups = {e.group for e in data.originals()}
    assert not held & groups
    for gid in groups:
        if gid.startswith("st-"):
            assert hashlib.sha256(f"mend-heldback-v1:{gid}".encode()).digest()[0] >= 64


def test_the_pattern_file_teaches_every_pattern_and_its_look_alikes() -> None:
    """patterns-more.jsonl: at least 100 examples of each harmful pattern, 400 look-alikes
    without one, a good share of Spanish, and no message copied from another training file."""
    path = data.ROOT / "data" / "patterns-more.jsonl"
    assert path in data.TRAIN_FILES and path.name in data.PATTERN_FILES
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert {r["safety"] for r in rows} == {"none"}
    counts = {p: sum(p in r["patterns"] for r in rows) for p in PATTERNS}
    assert min(counts.values()) >= 100, counts
    assert sum(not r["patterns"] for r in rows) >= 400
    assert sum(r["lang"] == "es" for r in rows) >= 0.35 * len(rows)
    others = {(e.lang, e.text.strip().lower()) for e in data.originals() if e.source != path.name}
    assert not [r["text"] for r in rows if (r["lang"], r["text"].strip().lower()) in others]


def test_the_fourth_pattern_file_teaches_the_weakest_patterns() -> None:
    """patterns-fourth.jsonl: at least 100 examples of each of the five patterns with the
    lowest recall, 200 look-alikes without a pattern, a good share of Spanish, unique ids,
    known labels only, and no message copied from another training file."""
    path = data.ROOT / "data" / "patterns-fourth.jsonl"
    assert path in data.TRAIN_FILES and path.name in data.PATTERN_FILES
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len({r["id"] for r in rows}) == len(rows)
    assert {r["safety"] for r in rows} == {"none"}
    assert {p for r in rows for p in r["patterns"]} <= set(PATTERNS)
    assert {s for r in rows for s in r["strengths"]} <= set(data.STRENGTHS)
    weakest = ("defensiveness", "retaliation", "control", "contempt", "caretaking")
    counts = {p: sum(p in r["patterns"] for r in rows) for p in weakest}
    assert min(counts.values()) >= 100, counts
    assert sum(not r["patterns"] for r in rows) >= 200
    assert sum(r["lang"] == "es" for r in rows) >= 0.35 * len(rows)


def test_the_crisis_file_says_who_is_at_risk_and_copies_nothing() -> None:
    """crisis-more.jsonl: crisis rows say who is at risk, look-alikes carry none, mostly
    Spanish, unique ids, and no message copied from another training file."""
    path = data.ROOT / "data" / "crisis-more.jsonl"
    assert path in data.TRAIN_FILES and path.name not in data.PATTERN_FILES
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["lang"] in ("en", "es") and r["safety"] in data.SAFETY_CLASSES, r["id"]
        assert r["patterns"] == [] and r["strengths"] == [], r["id"]
        assert ("about" in r) == (r["safety"] != "none"), r["id"]
        assert r.get("about", "self") in data.ABOUT_CLASSES, r["id"]
    assert sum(r["lang"] == "es" for r in rows) >= 0.6 * len(rows)
    assert sum(r["safety"] == "none" for r in rows) >= 150
    assert {r["about"] for r in rows if r["safety"] == "violence"} == set(data.ABOUT_CLASSES)
    others = {(e.lang, e.text.strip().lower()) for e in data.originals() if e.source != path.name}
    assert not [r["text"] for r in rows if (r["lang"], r["text"].strip().lower()) in others]


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")  # a deliberately short run
def test_training_is_deterministic() -> None:
    """The same examples and settings give the same weights, byte for byte."""
    rng = random.Random(7)
    sample = rng.sample(data.originals(), 240)
    cfg = json.loads(CONFIG.read_text(encoding="utf-8"))
    cfg["safety"] = {**cfg["safety"], "max_iter": 60, "mlp_max_iter": 20}
    examples = data.varied(sample, seed=cfg["seed"])
    first = export.npz_bytes(train("safety", examples, cfg)[0])
    second = export.npz_bytes(train("safety", examples, cfg)[0])
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")  # a deliberately short run
def test_a_fit_is_reused_when_only_thresholds_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Choosing thresholds again needs no new fit; the weights are those of a fresh fit."""
    monkeypatch.setattr(fit_module, "CACHE_DIR", tmp_path)
    cfg = json.loads(CONFIG.read_text(encoding="utf-8"))
    cfg["patterns"] = {
        **cfg["patterns"],
        "max_iter": 40,
        "mlp_max_iter": 10,
        "thresholds": {"criticism": 0.9},
    }
    examples = data.varied(random.Random(3).sample(data.originals(), 100), seed=cfg["seed"])
    fresh = export.npz_bytes(train("patterns", examples, cfg)[0])
    first, _ = trained("patterns", examples, cfg)
    cfg["patterns"]["thresholds"] = {"criticism": 0.7, "contempt": 0.8}
    again, meta = trained("patterns", examples, cfg)
    assert export.npz_bytes(first) == export.npz_bytes(again) == fresh
    assert meta["thresholds"] == {"criticism": 0.7, "contempt": 0.8}
    assert len(list(tmp_path.glob("fit-patterns-*.npz"))) == 1


# --- how the engine uses the learned layer -------------------------------------------

PARAMS = {"notice": 0.2, "concern": 0.5, "crisis": 1.01, "veto": 0.5, "also_margin": 0.5, "also_floor": 0.15}


def _found(**scores: float) -> learned.Screened:
    return learned.Screened(scores, dict.fromkeys(scores, (0, 4)), about="self")


def test_a_crisis_rule_the_model_does_not_back_becomes_concern() -> None:
    """ "narcan" in a naloxone class: the card still shows, as the gentler one."""
    rule = CrisisSignal("overdose", "crisis", (0, 4), "rules", "overdose.words")
    checked = engine._checked([rule], _found(self_harm=0.01, overdose=0.1, violence=0.01), PARAMS)
    assert [s.tier for s in checked] == ["concern"]
    backed = engine._checked([rule], _found(self_harm=0.01, overdose=0.8, violence=0.01), PARAMS)
    assert [s.tier for s in backed] == ["crisis"]


def test_a_confident_model_corrects_the_rules_category_and_both_helps_show() -> None:
    """Rules read a weapon as violence; the model reads self-harm: self-harm first, violence help too."""
    rule = CrisisSignal("violence", "crisis", (0, 4), "rules", "violence.weapon")
    found = _found(self_harm=0.95, overdose=0.0, violence=0.3)
    signals = engine._checked([rule], found, PARAMS) + engine._learned_signals(found, PARAMS)
    crisis = engine._combine_crisis(signals, found, PARAMS)
    assert crisis.category == "self_harm" and "violence" in crisis.also


@given(
    st.floats(0, 1),
    st.floats(0, 1),
    st.floats(0, 1),
    st.sampled_from(["none", "concern", "crisis"]),
    st.sampled_from(coach.CRISIS_CATEGORIES),
)
def test_combined_result_is_consistent(
    sh: float, od: float, vi: float, rule_tier: str, rule_cat: str
) -> None:
    """Whatever the scores: the tier is the highest signal's, the category is flagged, also never repeats it."""
    found = _found(self_harm=sh, overdose=od, violence=vi)
    rules = [] if rule_tier == "none" else [CrisisSignal(rule_cat, rule_tier, (0, 4), "rules", "r")]
    signals = engine._checked(rules, found, PARAMS) + engine._learned_signals(found, PARAMS)
    crisis = engine._combine_crisis(signals, found, PARAMS)
    if not signals:
        assert crisis.tier == "none" and crisis.category == "none"
        return
    assert crisis.tier == max((s.tier for s in signals), key=coach.TIERS.index)
    assert crisis.category in {s.category for s in signals}
    assert crisis.category not in crisis.also and len(set(crisis.also)) == len(crisis.also)
    if max(sh, od, vi) < PARAMS["concern"] and rule_tier != "crisis":
        assert crisis.tier != "crisis"


def test_the_learned_layer_finds_what_the_rules_miss() -> None:
    """Indirect signs the rules have no words for, in both languages, reach the card."""
    for text, lang, category in [
        (
            "looked up how much the life insurance pays if it isn't an accident. the kids would be ok",
            "en",
            "self_harm",
        ),
        (
            "the bridge by the highway has no fence, i drove there twice this week just to look",
            "en",
            "self_harm",
        ),
        ("ya le dejé a mi hermana los papeles del seguro y las llaves, cuídenla mucho", "es", "self_harm"),
        ("he's breathing real slow and i cant get him to open his eyes", "en", "overdose"),
        ("dijo que si lo dejo me va a buscar y me va a desaparecer", "es", "violence"),
    ]:
        assert coach.analyze(text, lang, learned=False).crisis.tier == "none", text
        assert coach.analyze(text, lang).crisis.category == category, text
