"""The crisis screen: every free-text save passes through it.

All free text in Mend is an EncryptedTextField, so a post_save receiver sees every
new or changed text, from pages, API and commands alike. A hit is remembered on the
request only; the author is shown support on the page they land on. Nothing is logged,
and the entry is saved exactly as written. Nothing is sent to anyone, with one
exception the member chose: a crisis-tier result of a member whose consent in force
says yes to safety alerts tells the professionals it names that the member may need a
check-in, with no content (coach_web/alerts.py).
"""

from __future__ import annotations

import contextvars
import dataclasses
import logging

from django.conf import settings

import coach
from coach_web import alerts
from lib.fields import EncryptedTextField, Sealed

log = logging.getLogger(__name__)
current_request: contextvars.ContextVar = contextvars.ContextVar("mend_current_request", default=None)
SESSION_KEY = "mend_crisis"
TIERS = {"none": 0, "notice": 1, "concern": 2, "crisis": 3}
CATEGORIES = ("self_harm", "overdose", "violence")


def _new_texts(instance) -> list[str]:
    """Plain text just written to encrypted fields (values read from the database are Sealed)."""
    texts = []
    for field in instance._meta.concrete_fields:
        if isinstance(field, EncryptedTextField) and field.is_free_text:
            value = instance.__dict__.get(field.attname)
            if isinstance(value, str) and value and not isinstance(value, Sealed):
                texts.append(value)
    return texts


def use_learned() -> bool | None:
    """What to ask of the engine: the learned layer when installed (None), or rules only."""
    return None if settings.MEND_COACH_LEARNED else False


def assess(texts: list[str], lang: str) -> coach.Crisis:
    """The most serious safety result among the texts (full engine: recall first).

    Other flagged categories among the texts join its `also`, so their help is shown too.
    """
    results = [analysis.crisis for analysis in coach.analyze_many(texts, lang, learned=use_learned())]
    worst = coach.Crisis()
    for crisis in results:
        if TIERS[crisis.tier] > TIERS[worst.tier]:
            worst = crisis
    if not worst.flagged:
        return worst
    also = _also(worst.category, *[(s.category, *s.also) for s in results if s.flagged])
    return dataclasses.replace(worst, also=tuple(also))


def _also(category: str, *groups) -> list[str]:
    """Every other category named in the groups, once, in order."""
    found = [c for group in groups for c in group if c in CATEGORIES and c != category]
    return list(dict.fromkeys(found))


def card_data(result: coach.Crisis) -> dict:
    """What the support card needs, and nothing from the text itself."""
    return {
        "tier": result.tier,
        "category": result.category,
        "also": _also(result.category, getattr(result, "also", ())),
        "about": getattr(result, "about", "self"),
    }


def screen_saved_entry(sender, instance, **kwargs) -> None:
    request = current_request.get()
    if request is None or not getattr(request, "user", None) or not request.user.is_authenticated:
        return
    texts = _new_texts(instance)
    if not texts:
        return
    try:
        result = assess(texts, getattr(request, "LANGUAGE_CODE", "en"))
    except Exception:
        log.exception("crisis screen failed; the entry was saved")
        return
    if result.flagged:
        remember(request, result)
    if result.tier == "crisis":
        try:
            alerts.after_crisis(request, instance)
        except Exception:
            log.exception("safety alerts could not be prepared; the entry was saved")


def remember(request, result: coach.Crisis) -> None:
    """Keep the most serious result of this request for the author's next page.

    A second save in the same request keeps the more serious card, and adds the
    other's category to `also` so its help is not lost.
    """
    found = card_data(result)
    previous = getattr(request, "mend_crisis", None)
    if previous is not None:
        if TIERS[found["tier"]] <= TIERS[previous["tier"]]:
            found, other = previous, found
        else:
            other = previous
        found = {**found, "also": _also(found["category"], found["also"], [other["category"]], other["also"])}
    request.mend_crisis = found
