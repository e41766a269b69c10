"""Rewrites never make things worse (issue point 5).

* every offered rewrite is clean by the engine's one clean check (``_still_harmful``),
  over every example of every pattern rule and every row of the research tables below;
* no strengths are reported while any harmful pattern is found;
* person-first and "you never" substitutions only in the slots listed in messages.json,
  each slot tested on its own examples; a label used as an insult gets a full rewrite;
* boundaries are recognised, are never stonewalling or control, and no rewrite of a
  message that holds one adds wording toward contact (PRODUCT.md principle 3).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coach
from coach import rewrite
from coach.engine import _boundary_sentences, _context, _findings, _still_harmful
from coach.lexicon import LANGS, load
from coach.rewrite import Slot, adds_contact, apply_slot, is_insult, soften

# Rows of the research tables (../shared/docs/COACH.md §2, "FLAG" column and the harder
# paraphrases), plus the reviewer's two examples, plus Spanish rows written for Mend.
RESEARCH: dict[str, list[str]] = {
    "en": [
        "You're so selfish, you only think about yourself.",
        "What's wrong with you? Normal people don't act like this.",
        "Why can't you ever just do what you say you'll do?",
        "The problem with you is that you never follow through.",
        "You're a liar and everyone knows it.",
        "You're the kind of person who lets everyone down.",
        "You only care about yourself and your next drink.",
        "You're so irresponsible with money.",
        "You can't be trusted with anything.",
        "What kind of father disappears for three days?",
        "You're just lazy.",
        "You're a terrible mother when you drink.",
        "Honestly you are the most self-centered person I know.",
        "You have zero sense of responsibility.",
        "You're incapable of keeping a promise.",
        "You always ruin every holiday.",
        "You never listen to me.",
        "You're always late and you never call.",
        "Every time I trust you, you let me down.",
        "It's all your fault that we're broke.",
        "Because of you, this family is falling apart.",
        "You ruined my birthday.",
        "You made me yell at you.",
        "You're the reason I can't sleep.",
        "All you ever do is lie.",
        "I always have to clean up your mess.",
        "You constantly forget the kids' appointments.",
        "Not once have you kept your word.",
        "Same story every weekend with you.",
        "You ALWAYS do this.",
        "Thanks to you, we lost the house.",
        "Each and every time, you choose the bar.",
        "You always ruin everything, you never listen",
        "You're such a loser.",
        "You disgust me.",
        "Oh, cry me a river. You're 'tired'?",
        "Grow up.",
        "Sure you will. Like you're ever going to stay sober.",
        "Nice job, genius.",
        "Congratulations, you managed a whole week.",
        "Wow, look who finally decided to show up.",
        "Thanks for nothing.",
        "Typical you. 🙄",
        "You're a joke.",
        "Even a child could keep a promise longer than you.",
        "You pathetic drunk.",
        "Wow. Real mature.",
        "You're an absolute clown.",
        "I'm embarrassed to be seen with you.",
        "It's not my fault you feel that way.",
        "Don't blame this on me.",
        "I didn't do anything wrong.",
        "What about when you forgot my birthday?",
        "I had no choice.",
        "If you hadn't yelled, I wouldn't have left.",
        "At least I show up for the kids.",
        "Yes, but you do it too.",
        "You're overreacting.",
        "That's not what happened.",
        "Don't put this on me.",
        "I'm not the bad guy here.",
        "You started it.",
        "Whatever.",
        "Fine.",
        "k.",
        "I'm done talking about this.",
        "I'm not discussing this anymore.",
        "Leave me alone.",
        "Don't text me.",
        "Forget it.",
        "I don't care anymore.",
        "Do whatever you want.",
        "I give up on you.",
        "This conversation is over.",
        "I'm done.",
        "Whatever. I'm done talking about this.",
        "Save it.",
        "I have nothing to say to you.",
        "You'd better go to rehab or else.",
        "If you loved me you would stop.",
        "Send me a photo of where you are right now.",
        "Show me your phone.",
        "Show me your phone or you're out",
        "I'm checking your bank account every day from now on.",
        "You will go to the meeting tonight.",
        "You're not allowed to see your friends anymore.",
        "If you drink again I'll take the kids and you'll never see them again.",
        "I'll tell everyone at church what you did.",
        "After everything I've done for you, you owe me.",
        "Don't you dare walk out that door.",
        "Prove it.",
        "This is your last chance.",
        "You're going to meetings every day, no discussion.",
        "I want your location on at all times.",
        "Hand over your paycheck.",
        "Now you know how it feels.",
        "See how you like it.",
        "You deserve it.",
        "I hope you suffer.",
        "You'll be sorry.",
        "Good luck finding someone else who'll put up with you.",
        "Fine, then I'll go out drinking too.",
        "Hope the bottle was worth it.",
        "Enjoy your pills.",
        "I'll make you pay for this.",
        "Payback is coming.",
        "Serves you right.",
        "I'll call your boss and say you have the flu.",
        "Don't worry, I won't tell anyone.",
        "I'll cover for you again.",
        "I'll pay your rent again this month.",
        "I'll bail you out, just call me.",
        "Here's some money, just don't spend it on you know what.",
        "I bought you some beer so you don't go out tonight.",
        "A couple of drinks won't hurt.",
        "It's not your fault you drink, your job is so stressful.",
        "I'll clean it up before the kids see.",
        "Just this once.",
        "It's my fault you relapsed.",
        "I told your supervisor you had a family emergency.",
        "Let me handle the landlord, you just rest.",
        "You're just an addict.",
        "I'm not letting a junkie into my house.",
        "He's a drunk, always has been.",
        "She's an alcoholic and a liar.",
        "My brother the crackhead called again.",
        "Your substance abuse is destroying us.",
        "Did your test come back dirty?",
        "Are you clean yet?",
        "You've been clean for 30 days, don't blow it.",
        "He's a former addict so be careful.",
        "Being on suboxone is just trading one drug for another.",
        "Stop abusing pills.",
        "My son is a dope fiend.",
        "These druggies deserve what they get.",
        "You're such an addict, a junkie who can't be trusted",
        "You're such an addict, a junkie",
        "my brother is an addict",
        "You junkie.",
        "You should be ashamed of yourself.",
        "How could you do this to us?",
        "You're a disgrace to this family.",
        "Have some willpower.",
        "Just stop drinking.",
        "You chose drugs over your own children.",
        "What will the neighbors think?",
        "You've embarrassed this family.",
        "You don't deserve our help.",
        "Shame on you.",
    ],
    "es": [
        "Eres un egoísta.",
        "Eres bien irresponsable.",
        "¿Qué demonios te pasa?",
        "Solo piensas en ti.",
        "Nunca me escuchas.",
        "Nunca me llamas cuando llegas tarde.",
        "Nunca cumples lo que prometes.",
        "Siempre me echas la culpa de todo.",
        "Todo es tu culpa.",
        "Arruinas todo, como siempre.",
        "Me das asco.",
        "Mira quién se acordó de que tiene hijos. Qué milagro 🙄",
        "Eres un payaso.",
        "No es mi culpa.",
        "Yo no empecé, tú fuiste la que empezó a gritar.",
        "Ni me hables. Ya me cansé.",
        "No me escribas. No pienso hablar de esto.",
        "Olvídalo.",
        "Dame tu celular cada noche o te largas de la casa.",
        "Si me quisieras, dejarías de tomar.",
        "Ahora sabes lo que se siente.",
        "Me las vas a pagar.",
        "Ya pagué tu multa y tu renta otra vez, mijo.",
        "Eres un drogadicto.",
        "eres un drogadicto",
        "Eres un pinche borracho.",
        "Mi papá es un borracho, por eso no lo invito.",
        "Tu hermano es un drogadicto y eso no va a cambiar.",
        "Tu hermano es un drogadicto y eso me preocupa.",
        "Tu hermano el drogadicto llamó otra vez.",
        "Ya salió limpio en el antidoping.",
        "El abuso de alcohol nos está destruyendo.",
        "Qué vergüenza me das. Eres la deshonra de esta familia.",
        "Deberías darte vergüenza, tus hijos te vieron así.",
    ],
}

BOUNDARIES: dict[str, list[str]] = {
    "en": [
        "Don't text me again unless you're in rehab",
        "Don't call me until you've been sober 30 days",
        "I won't answer when you've been drinking",
        "I'm not ready to talk. Not yet.",
        "Please don't contact me for now; I'll reach out when I'm ready",
    ],
    "es": [
        "No me escribas hasta que estés en tratamiento",
        "No voy a contestar si me llamas tomado",
        "Todavía no.",
    ],
}

# Real stonewalling and control stay flagged next to the boundary look-alikes.
STILL_FLAGGED = [
    ("Whatever. I'm done talking about this.", "en", "stonewalling"),
    ("Don't text me.", "en", "stonewalling"),
    ("Leave me alone.", "en", "stonewalling"),
    ("Show me your phone or you're out", "en", "control"),
    ("Ni me hables. Ya me cansé.", "es", "stonewalling"),
    ("No me escribas. No pienso hablar de esto.", "es", "stonewalling"),
    ("Dame tu celular cada noche o te largas de la casa.", "es", "control"),
]

NEUTRAL: dict[str, list[str]] = {
    "en": [
        "The car payment was due Friday.",
        "Dinner is at six.",
        "The kids have practice on Tuesday.",
        "I picked up groceries on the way home.",
        "Grandma called this morning",
        "The dog needs a walk.",
    ],
    "es": [
        "El pago del carro vencía el viernes.",
        "La cena es a las seis.",
        "Los niños tienen práctica el martes.",
        "Compré el mandado de regreso a casa.",
        "Tu abuela llamó en la mañana",
    ],
}

MODES = [False, True]  # rules only, then the full engine


def _pattern_examples() -> list[tuple[str, str]]:
    """Every example of every pattern rule, in both languages."""
    return [
        (lang, text) for lang in LANGS for rule in load(lang).by_kind("pattern") for text in rule.examples
    ]


_ALL = sorted(set(_pattern_examples()) | {(lang, t) for lang, rows in RESEARCH.items() for t in rows})


def _assert_rewrites_clean(result: coach.Analysis, lang: str) -> None:
    """Every offered rewrite passes the clean check and is a full analysis without findings."""
    for finding in result.findings:
        assert finding.rewrites, finding
        for text in finding.rewrites:
            assert not _still_harmful(text, lang), (finding.pattern, text)
            assert coach.analyze(text, lang, learned=False).findings == [], text


# --- the clean check ---------------------------------------------------------------


@pytest.mark.parametrize(("lang", "text"), _ALL, ids=[f"{lang}:{text[:40]}" for lang, text in _ALL])
def test_every_offered_rewrite_is_clean(lang: str, text: str) -> None:
    """Over every rule example and research row: rewrites are clean, no praise next to a pattern."""
    result = coach.analyze(text, lang, learned=False)
    _assert_rewrites_clean(result, lang)
    if result.findings:
        assert result.strengths == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_clean_check_sees_every_pattern_example(lang: str) -> None:
    """_still_harmful agrees with the rules: every pattern example is harmful, neutral text is not."""
    for rule in load(lang).by_kind("pattern"):
        for text in rule.examples:
            assert _still_harmful(text, lang), text
    for text in NEUTRAL[lang]:
        assert not _still_harmful(text, lang), text


@pytest.mark.parametrize("lang", LANGS)
def test_every_frame_and_template_is_clean(lang: str) -> None:
    """Openers, closers and templates (insult frames and the boundary line too) trigger nothing."""
    messages = load(lang).messages
    frames = []
    for info in messages["patterns"].values():
        frames += [info, {**info, **info.get("insult", {})}, {**info, **messages["safe_violence"]}]
    for frame in frames:
        for text in (
            frame.get("template", ""),
            rewrite._join([frame.get("opener", ""), frame.get("closer", "")]),
        ):
            assert not text or not _still_harmful(text, lang), text
    assert not _still_harmful(messages["boundary_safe"]["template"], lang)


# --- the reviewer's examples ---------------------------------------------------------


def test_you_always_ruin_everything_is_not_patched_into_an_attack() -> None:
    """ "You ruin everything, you didn't listen" is no longer offered, and it is detected."""
    text = "You always ruin everything, you never listen"
    result = coach.analyze(text, "en", learned=False)
    assert result.findings and result.strengths == []
    for finding in result.findings:
        assert not any("ruin" in r.lower() for r in finding.rewrites)
    _assert_rewrites_clean(result, "en")
    assert _still_harmful("You ruin everything, you didn't listen I felt hurt.", "en")


def test_accepted_rewrite_of_you_always_is_not_praised_unless_clean() -> None:
    """Taking the offered rewrite gives a clean text; only then may strengths be praised."""
    result = coach.analyze("You always ruin everything, you never listen", "en", learned=False)
    accepted = coach.analyze(result.findings[0].rewrites[0], "en", learned=False)
    assert accepted.findings == []


def test_such_an_addict_gets_a_full_rewrite_not_a_word_swap() -> None:
    """A label used as an insult is contempt: no person-first word swap, a full template."""
    text = "You're such an addict, a junkie who can't be trusted"
    result = coach.analyze(text, "en", learned=False)
    stigma = next(f for f in result.findings if f.pattern == "stigma")
    joined = " ".join(stigma.rewrites).lower()
    assert "substance use disorder" not in joined and "such a" not in joined and "junkie" not in joined
    assert "scared" in stigma.rewrites[0] and "calmly" in stigma.rewrites[0]
    _assert_rewrites_clean(result, "en")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("my brother is an addict", "en", "My brother has a substance use disorder"),
        ("My dad is an alcoholic.", "en", "My dad has an alcohol use disorder."),
        ("My brother the junkie called again.", "en", "My brother called again."),
        ("Did your test come back dirty?", "en", "Did your test come back positive?"),
        (
            "Mi papá es un borracho, por eso no lo invito.",
            "es",
            "Mi papá tiene un problema con el alcohol, por eso no lo invito.",
        ),
        ("Tu hermano el drogadicto llamó otra vez.", "es", "Tu hermano llamó otra vez."),
    ],
)
def test_person_first_words_where_the_sentence_stays_grammatical(text: str, lang: str, expected: str) -> None:
    """Third-person predicate and appositive slots keep the writer's sentence."""
    result = coach.analyze(text, lang, learned=False)
    stigma = next(f for f in result.findings if f.pattern == "stigma")
    assert stigma.rewrites[0] == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("You're such an addict, a junkie", "en"),
        ("You junkie.", "en"),
        ("You're just an addict.", "en"),
        ("eres un drogadicto", "es"),
        ("Eres un pinche borracho.", "es"),
    ],
)
def test_a_label_at_the_reader_is_never_word_swapped(text: str, lang: str) -> None:
    """Aimed at "you", the label is an insult; the rewrite names the fear, not a new label."""
    result = coach.analyze(text, lang, learned=False)
    stigma = next(f for f in result.findings if f.pattern == "stigma")
    frame = load(lang).messages["patterns"]["stigma"]["insult"]
    assert stigma.rewrites == [frame["opener"], frame["template"]]


def test_you_never_becomes_one_specific_time() -> None:
    """A neutral verb after "you never" becomes one past event; the closer ends a sentence."""
    result = coach.analyze("You never listen to me", "en", learned=False)
    assert result.findings[0].rewrites[0].startswith("You didn't listen to me. I felt hurt")


# --- substitution slots, insult vetoes and contact wording, from the data ---------------


def _slot_cases() -> list[tuple[str, str, dict]]:
    """Every slot entry of every pattern's substitution block."""
    out = []
    for lang in LANGS:
        subs = load(lang).messages["substitutions"]
        for pattern, block in subs.items():
            if isinstance(block, dict):
                out += [(lang, pattern, entry) for entry in block.get("slots", [])]
    return out


def _insult_cases() -> list[tuple[str, str, dict]]:
    """Every insult veto entry."""
    out = []
    for lang in LANGS:
        for pattern, block in load(lang).messages["substitutions"].items():
            if isinstance(block, dict):
                out += [(lang, pattern, entry) for entry in block.get("insult", [])]
    return out


@pytest.mark.parametrize(
    ("lang", "pattern", "entry"), _slot_cases(), ids=lambda v: v if isinstance(v, str) else v["id"]
)
def test_substitution_slot(lang: str, pattern: str, entry: dict) -> None:
    """A slot's examples become exactly its 'after' text and stay clean; counterexamples stay as written."""
    assert entry["examples"] and entry["counterexamples"], entry["id"]
    for before, after in entry["examples"]:
        assert soften(lang, pattern, before) == after, before
        assert not _still_harmful(after, lang), after
    slot = next(s for s in rewrite.rules(lang, pattern).slots if s.id == entry["id"])
    assert isinstance(slot, Slot)
    for text in entry["counterexamples"]:
        assert apply_slot(slot, text) == text, text


@pytest.mark.parametrize(
    ("lang", "pattern", "entry"), _insult_cases(), ids=lambda v: v if isinstance(v, str) else v["id"]
)
def test_insult_veto(lang: str, pattern: str, entry: dict) -> None:
    """Insult entries fire on their examples (no word swap there) and not on their counterexamples."""
    assert entry["examples"] and entry["counterexamples"], entry["id"]
    for text in entry["examples"]:
        assert is_insult(lang, pattern, text), text
        assert soften(lang, pattern, text) is None, text
    for text in entry["counterexamples"]:
        assert not is_insult(lang, pattern, text), text


@pytest.mark.parametrize(
    ("lang", "wording", "expected"),
    [
        ("en", "I'll come back to this tonight so we can finish talking.", True),
        ("en", "Let's talk tomorrow.", True),
        ("en", "I miss you.", True),
        ("en", "I'm keeping this boundary for now.", False),
        ("en", "Don't text me again unless you're in rehab.", False),
        ("es", "Te busco en la noche para terminar de hablarlo.", True),
        ("es", "Te extraño.", True),
        ("es", "Por ahora mantengo este límite.", False),
        ("es", "No me escribas hasta que estés en tratamiento.", False),
    ],
)
def test_contact_wording(lang: str, wording: str, expected: bool) -> None:
    """The reconnect guard finds wording toward contact that the original did not have."""
    assert adds_contact(load(lang), wording, "") is expected
    assert adds_contact(load(lang), wording, wording) is False  # the writer's own words are theirs


# --- boundaries ----------------------------------------------------------------------

_BOUNDARY_CASES = [(text, lang) for lang, rows in BOUNDARIES.items() for text in rows]


@pytest.mark.parametrize("sem", MODES)
@pytest.mark.parametrize(("text", "lang"), _BOUNDARY_CASES)
def test_boundary_is_a_strength_never_stonewalling_or_control(sem: bool, text: str, lang: str) -> None:
    """'Not yet' is a complete answer: a boundary, with nothing to rewrite."""
    result = coach.analyze(text, lang, learned=sem)
    assert not {f.pattern for f in result.findings} & {"stonewalling", "control"}
    assert result.findings == []
    assert "boundary" in {s.strength for s in result.strengths}


@pytest.mark.parametrize(("text", "lang"), _BOUNDARY_CASES)
def test_a_learned_stonewalling_or_control_hint_on_a_boundary_is_not_shown(text: str, lang: str) -> None:
    """The learned layer may find a boundary close to stonewalling; the boundary wins."""
    ctx = _context(text)
    hints = [
        SimpleNamespace(label=label, span=(0, len(text)), score=0.99) for label in ("stonewalling", "control")
    ]
    assert _findings(load(lang), text, ctx, [], hints, False) == []  # type: ignore[arg-type]


def test_a_learned_stonewalling_hint_elsewhere_is_still_shown() -> None:
    """Without a boundary the same hint is a finding, with clean rewrites."""
    text = "Not doing this."
    hint = SimpleNamespace(label="stonewalling", span=(0, len(text)), score=0.99)
    found = _findings(load("en"), text, _context(text), [], [hint], False)  # type: ignore[list-item]
    assert [f.pattern for f in found] == ["stonewalling"] and found[0].source == "learned"
    assert all(not _still_harmful(r, "en") for r in found[0].rewrites)


@pytest.mark.parametrize(("text", "lang", "pattern"), STILL_FLAGGED)
def test_real_stonewalling_and_control_stay_flagged(text: str, lang: str, pattern: str) -> None:
    """The boundary guards do not hide a shut door or an order."""
    result = coach.analyze(text, lang, learned=False)
    assert pattern in {f.pattern for f in result.findings}
    assert "boundary" not in {s.strength for s in result.strengths}


_HARMFUL_NEXT_TO_BOUNDARY = {
    "en": [
        "Whatever.",
        "I'm done talking about this.",
        "You never listen to me.",
        "You're such an addict.",
        "You're so selfish.",
        "Show me your phone.",
        "Thanks for nothing.",
    ],
    "es": ["Olvídalo.", "Nunca me escuchas.", "Eres un drogadicto.", "Eres un egoísta.", "Me das asco."],
}


def _sentences(*parts: str) -> str:
    """Join sentences, ending each one that has no final punctuation."""
    return " ".join(p if p[-1] in ".!?" else p + "." for p in parts)


_MIXED = [
    (_sentences(harm, boundary) if first else _sentences(boundary, harm), lang)
    for lang in LANGS
    for boundary in BOUNDARIES[lang]
    for harm in _HARMFUL_NEXT_TO_BOUNDARY[lang]
    for first in (True, False)
]


@pytest.mark.parametrize(("text", "lang"), _MIXED)
def test_no_rewrite_of_a_boundary_moves_toward_contact(text: str, lang: str) -> None:
    """With a boundary in the message, rewrites are clean and add no 'let's talk', 'I miss you'."""
    result = coach.analyze(text, lang, learned=False)
    _assert_rewrites_clean(result, lang)
    for finding in result.findings:
        for offered in finding.rewrites:
            assert not adds_contact(load(lang), offered, text), offered
    if result.findings:
        assert result.strengths == []


# --- strengths -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("You never listen to me. Thank you for calling me back.", "en"),
        ("I'm scared about the drinking. You're so selfish.", "en"),
        ("I will leave if you drink. You're just an addict.", "en"),
        ("Gracias por ir a la junta. Nunca me escuchas.", "es"),
    ],
)
def test_no_strengths_next_to_a_pattern_in_another_sentence(text: str, lang: str) -> None:
    """Praise is withheld for the whole message while any pattern is found."""
    result = coach.analyze(text, lang, learned=False)
    assert result.findings and result.strengths == []


# --- composed messages (property) --------------------------------------------------------


def _composed(lang: str) -> st.SearchStrategy[str]:
    """One pattern sentence among neutral ones (and sometimes a boundary), in any order."""
    harmful = st.sampled_from([t for lg, t in _ALL if lg == lang])
    neutral = st.lists(st.sampled_from(NEUTRAL[lang]), max_size=3)
    boundary = st.lists(st.sampled_from(BOUNDARIES[lang]), max_size=1)
    return st.tuples(harmful, neutral, boundary, st.randoms(use_true_random=False)).map(_shuffle)


def _shuffle(parts: tuple[str, list[str], list[str], object]) -> str:
    """Join the sentences in a random order, each ending as a sentence."""
    harmful, neutral, boundary, rnd = parts
    sentences = [harmful, *neutral, *boundary]
    rnd.shuffle(sentences)  # type: ignore[attr-defined]
    return _sentences(*sentences)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), lang=st.sampled_from(LANGS))
def test_no_offered_rewrite_of_a_composed_message_triggers_a_pattern(data: st.DataObject, lang: str) -> None:
    """Pattern sentence + neutral sentences: every rewrite is clean; no praise with a finding."""
    text = data.draw(_composed(lang))
    result = coach.analyze(text, lang, learned=False)
    _assert_rewrites_clean(result, lang)
    if result.findings:
        assert result.strengths == []
    if _boundary_sentences(load(lang), _context(text)):
        for finding in result.findings:
            assert not any(adds_contact(load(lang), r, text) for r in finding.rewrites), text
