"""What the support card says, for what the crisis screen found.

The card's data is only {"tier", "category", "also", "about"} (coach_web/screen.py
builds it); this turns it into a heading and a few short, concrete steps with the
lines of the member's country. Safe-messaging rules apply: hope and help-seeking,
no method details, and never a word about what the text said.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from lib import crisis_lines
from lib.crisis_lines import CHILD, EMERGENCY, LIFELINE, POISON, VIOLENCE, Country, Line

CATEGORIES = ("self_harm", "overdose", "violence")
ABOUTS = ("self", "other", "threat")


@dataclass
class Step:
    text: str
    lines: list[Line] = field(default_factory=list)
    link: tuple[str, str] | None = None  # (address, label)


@dataclass
class Card:
    tier: str
    heading: str
    intro: str
    steps: list[Step]
    also: list[Step]
    notes: list[str]
    country: Country
    more_url: str
    spanish: bool
    quiet: list[Line] = field(default_factory=list)  # the one line a notice offers

    @property
    def crisis(self) -> bool:
        return self.tier == "crisis"

    @property
    def notice(self) -> bool:
        """The screen was unsure: one quiet line of help, not a card that takes the page."""
        return self.tier == "notice"


@dataclass(frozen=True)
class Where:
    """What the steps need to know: the member's country, and the circle they are in, if any."""

    country: Country
    circle_id: object = None

    @property
    def emergency(self):
        return self.country.emergency_label


@dataclass(frozen=True)
class Found:
    tier: str
    category: str
    also: tuple[str, ...]
    about: str


def read(found: dict) -> Found:
    """The card's data, with anything unexpected read in the most careful way."""
    tier = found.get("tier") if found.get("tier") in ("notice", "concern") else "crisis"
    category = found.get("category")
    category = category if category in CATEGORIES else "self_harm"
    also = tuple(dict.fromkeys(c for c in (found.get("also") or ()) if c in CATEGORIES and c != category))
    about = found.get("about") if found.get("about") in ABOUTS else "self"
    if about == "threat" and category != "violence":
        about = "self"  # only violence has a writer who may hurt someone else
    return Found(tier, category, also, about)


def build(found: dict, country: Country, circle_id=None) -> Card:
    f = read(found)
    where = Where(country, circle_id)
    steps, notes = STEPS[(f.category, f.about if f.category != "overdose" else "any")](where)
    return Card(
        tier=f.tier,
        heading=_heading(f, where.emergency),
        intro=_intro(f),
        steps=steps,
        also=[ALSO[c](where) for c in f.also],
        notes=notes,
        country=country,
        more_url=crisis_lines.page_url(country),
        spanish=crisis_lines.in_spanish(),
        quiet=_quiet_lines(f.category, country),
    )


# A notice is shown when the screen is unsure: the gentlest line that still fits the
# category (a crisis line for self-harm, the violence line, and for a possible overdose
# still the emergency number, because there minutes count).
_QUIET = {"self_harm": LIFELINE, "violence": VIOLENCE, "overdose": EMERGENCY}


def _quiet_lines(category: str, country: Country) -> list[Line]:
    if category == "overdose":
        return _emergency_lines(country)
    return [crisis_lines.line_or_search(country, _QUIET[category])]


def _emergency_lines(country: Country) -> list[Line]:
    line = country.line(EMERGENCY)
    return [line] if line else []


def _heading(f: Found, emergency) -> str:
    if f.tier == "notice":
        return _("If anyone is in danger, help is one tap away")
    if f.tier == "concern":
        return _("Are you OK?")
    if f.category == "overdose":
        return _("If someone may have overdosed, call %(emergency)s now") % {"emergency": emergency}
    return {
        ("self_harm", "self"): _("You matter, and help is here right now"),
        ("self_harm", "other"): _("If someone may be in danger, help is here right now"),
        ("violence", "self"): _("Your safety comes first"),
        ("violence", "other"): _("If someone is in danger, help is here right now"),
        ("violence", "threat"): _("If you feel you might hurt someone, step away now"),
    }[(f.category, f.about)]


def _intro(f: Found) -> str:
    if f.tier == "notice":
        return ""
    if f.tier == "concern":
        return {
            "self": _(
                "Something in what you wrote made us want to check in with you. If it fits, this can help."
            ),
            "other": _("If you are worried about someone, you don’t have to handle it alone. This can help."),
            "threat": _("If things feel close to boiling over, this can help."),
        }[f.about]
    if f.category == "overdose":
        if f.about == "self":
            return _("If you or someone with you may have taken too much, act now. These steps save lives.")
        return _("Act fast, even if you’re not sure. These steps save lives.")
    return {
        ("self_harm", "self"): _("What you feel right now can change, and you don’t have to carry it alone."),
        ("self_harm", "other"): _(
            "It’s hard to be worried about someone. You don’t need the right words to help."
        ),
        ("violence", "self"): _("You deserve to be safe. Help is free and confidential."),
        ("violence", "other"): _("You don’t have to handle this alone, or put yourself in danger to help."),
        ("violence", "threat"): _(
            "Strong feelings pass. Getting some distance now protects everyone, you too."
        ),
    }[(f.category, f.about)]


def _self_harm_self(where: Where) -> tuple[list[Step], list[str]]:
    country, emergency = where.country, where.emergency
    return [
        Step(
            _("Talk to a crisis line now. Someone kind will listen."),
            [crisis_lines.line_or_search(country, LIFELINE)],
        ),
        Step(
            _(
                "If you might act on these thoughts, call %(emergency)s or go somewhere safe, near other "
                "people. Put distance between you and anything you could use to hurt yourself."
            )
            % {"emergency": emergency},
            _emergency_lines(country),
        ),
        Step(
            _(
                "Reach out to one person you trust. You could say: “I’m having a really hard time. Can you be with me?”"
            )
        ),
    ], []


def _self_harm_other(where: Where) -> tuple[list[Step], list[str]]:
    country, emergency = where.country, where.emergency
    return [
        Step(
            _(
                "If they are in danger now, have a plan or have hurt themselves, call %(emergency)s "
                "and stay with them until help comes."
            )
            % {"emergency": emergency},
            _emergency_lines(country),
        ),
        Step(
            _("Talk to a crisis line. It is there for people who are worried about someone, too."),
            [crisis_lines.line_or_search(country, LIFELINE)],
        ),
        Step(
            _(
                "Ask them directly if they are thinking about suicide. Asking does not put the idea in their "
                "head. Listen, and don’t leave them alone."
            )
        ),
        Step(_("If it is safe to, move away anything they could use to hurt themselves.")),
    ], []


def _overdose(where: Where) -> tuple[list[Step], list[str]]:
    country, emergency = where.country, where.emergency
    steps = [
        Step(
            _("Call %(emergency)s now, even if you’re not sure.") % {"emergency": emergency},
            _emergency_lines(country),
        ),
        Step(_("Give naloxone (Narcan) if you have it. It can’t harm someone who hasn’t taken opioids.")),
        Step(_("Keep them breathing. If they are not breathing and you are trained, give rescue breaths.")),
        Step(
            _(
                "Put them on their side, in the recovery position, so they can’t choke. Stay with them until "
                "help arrives."
            )
        ),
    ]
    if country.line(POISON):
        steps.append(Step(_("Poison Help can guide you while you wait."), [country.line(POISON)]))
    notes = []
    if country.good_samaritan_states:
        notes.append(
            _("In many states, Good Samaritan laws protect people who call for help in an overdose.")
        )
    return steps, notes


def _violence_self(where: Where) -> tuple[list[Step], list[str]]:
    country, emergency = where.country, where.emergency
    return [
        Step(
            _("If you are in danger now, call %(emergency)s.") % {"emergency": emergency},
            _emergency_lines(country),
        ),
        _domestic_violence_line(country),
        Step(
            _(
                "Make a safety plan: a place you could go, a bag with keys, papers and medicine, and a code "
                "word with someone you trust."
            ),
            link=_feeling_safe(where),
        ),
        Step(_("If someone might see your screen, Quick exit at the top of the page leaves Mend at once.")),
    ], []


def _domestic_violence_line(country: Country) -> Step:
    line = crisis_lines.line_or_search(country, VIOLENCE)
    if line.text:
        return Step(
            _("A domestic violence line can help you make a plan. Texting can be quieter than a call."),
            [line],
        )
    return Step(_("A domestic violence line can help you make a plan."), [line])


def _feeling_safe(where: Where) -> tuple[str, str] | None:
    """Mend's own relationship-safety page, when the member is in a circle."""
    if not where.circle_id:
        return None
    return (
        reverse("safety:home", args=[where.circle_id]),
        _("In Mend, Feeling safe lets you privately switch off exercises you would do with someone."),
    )


def _violence_other(where: Where) -> tuple[list[Step], list[str]]:
    country, emergency = where.country, where.emergency
    steps = [
        Step(
            _("If someone is in danger now, call %(emergency)s.") % {"emergency": emergency},
            _emergency_lines(country),
        )
    ]
    if country.line(CHILD):
        steps.append(
            Step(
                _("If a child is being hurt or may be at risk, call a child abuse hotline."),
                [country.line(CHILD)],
            )
        )
    steps.append(
        Step(
            _("A domestic violence line also helps people who are worried about someone."),
            [crisis_lines.line_or_search(country, VIOLENCE)],
        )
    )
    return steps, []


def _violence_threat(where: Where) -> tuple[list[Step], list[str]]:
    country, emergency = where.country, where.emergency
    return [
        Step(
            _(
                "Step away now. Leave the room or go outside, and put distance between you and the other person."
            )
        ),
        _talk_it_through(country),
        Step(
            _("If someone is in danger now, call %(emergency)s.") % {"emergency": emergency},
            _emergency_lines(country),
        ),
    ], []


def _talk_it_through(country: Country) -> Step:
    line = crisis_lines.line_or_search(country, LIFELINE)
    if line.any_distress:
        return Step(
            _("Talk it through with a crisis line now. It is there for anger and distress, too."), [line]
        )
    return Step(_("Talk it through with a crisis line now."), [line])


STEPS: dict[tuple[str, str], Callable[[Where], tuple[list[Step], list[str]]]] = {
    ("self_harm", "self"): _self_harm_self,
    ("self_harm", "other"): _self_harm_other,
    ("overdose", "any"): _overdose,
    ("violence", "self"): _violence_self,
    ("violence", "other"): _violence_other,
    ("violence", "threat"): _violence_threat,
}

# The key line of another category that scored close, in one short sentence each.
ALSO: dict[str, Callable[[Where], Step]] = {
    "self_harm": lambda where: Step(
        _("If you or someone near you is thinking of suicide, talk to a crisis line."),
        [crisis_lines.line_or_search(where.country, LIFELINE)],
    ),
    "overdose": lambda where: Step(
        _("If someone may have overdosed, call %(emergency)s now and give naloxone if you have it.")
        % {"emergency": where.emergency},
        _emergency_lines(where.country),
    ),
    "violence": lambda where: Step(
        _("If someone is hurting or frightening you, a domestic violence line can help."),
        [crisis_lines.line_or_search(where.country, VIOLENCE)],
    ),
}
