"""The safety question set and the one rule over it: is risk indicated?

Plain data in, a boolean out; no database. The questions follow what short,
validated screens for abuse ask about (fear, threats, being hurt, sexual coercion,
control over money, phone or movement), written for Mend in plain words.

Each question is answered "yes", "no" or "not sure". Any answer other than "no"
indicates risk. Recall comes first (PRODUCT.md, F): the answers stay private, the
only thing that changes is that joint exercises with that person are off for the
member, and they can turn them back on by changing an answer — so a false alarm
costs little. A joint exercise with someone who frightens them can cost a lot. And
people who are frightened or controlled often doubt their own reading of it
("maybe I'm overreacting"); "not sure" is how that doubt shows, so it counts.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from lib.refusal import Refused

YES, NO, NOT_SURE = "yes", "no", "not_sure"
CHOICES = ((YES, _("Yes")), (NO, _("No")), (NOT_SURE, _("Not sure")))

# key -> the statement the member answers about one other person. The keys are the API's.
QUESTIONS = {
    "afraid": _("I am afraid of them."),
    "threatened": _("They have threatened me, or someone or something I care about."),
    "hurt": _("They have hurt me: pushed, hit, kicked, choked or hurt me in another way."),
    "forced": _("They have pressured or forced me into sexual things I did not want."),
    "controlled": _("They control my money, my phone, or where I go and who I see."),
    "say_no": _("I worry about what happens if I say no to them."),
}


class AnswersRefused(Refused):
    """Answers that do not fit the question set; the message is for the person."""


def clean_answers(answers: Mapping[str, str]) -> dict[str, str]:
    """Every question answered with a known choice, nothing else; in question order."""
    unknown = sorted(set(answers) - set(QUESTIONS))
    if unknown:
        raise AnswersRefused(
            _("Some answers are for unknown questions: %(keys)s.") % {"keys": ", ".join(unknown)}
        )
    missing = [key for key in QUESTIONS if key not in answers]
    if missing:
        raise AnswersRefused(
            _("Please answer every question (still open: %(keys)s). “Not sure” is an answer too.")
            % {"keys": ", ".join(missing)}
        )
    allowed = {value for value, _label in CHOICES}
    wrong = [key for key in QUESTIONS if answers[key] not in allowed]
    if wrong:
        raise AnswersRefused(
            _("Please answer %(keys)s with yes, no or not_sure.") % {"keys": ", ".join(wrong)}
        )
    return {key: answers[key] for key in QUESTIONS}


def risk_indicated(answers: Mapping[str, str]) -> bool:
    """True when any question is answered "yes" or "not sure". Unanswered questions say nothing."""
    return any(key in answers and answers[key] != NO for key in QUESTIONS)
