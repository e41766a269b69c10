"""The safety screen: every free-text save passes through it.

All free text in Mend is an EncryptedTextField, so a post_save receiver sees every
new or changed text, from pages, API and commands alike. A hit is remembered on the
request only; the author is shown support on the page they land on. Nothing is sent
to anyone, nothing is logged, and the entry is saved exactly as written.
"""

from __future__ import annotations

import contextvars
import logging

from django.conf import settings

import coach
from lib.fields import EncryptedTextField, Sealed

log = logging.getLogger(__name__)
current_request: contextvars.ContextVar = contextvars.ContextVar("mend_current_request", default=None)
SESSION_KEY = "mend_safety"
TIERS = {"none": 0, "concern": 1, "crisis": 2}


def _new_texts(instance) -> list[str]:
    """Plain text just written to encrypted fields (values read from the database are Sealed)."""
    texts = []
    for field in instance._meta.concrete_fields:
        if isinstance(field, EncryptedTextField):
            value = instance.__dict__.get(field.attname)
            if isinstance(value, str) and value and not isinstance(value, Sealed):
                texts.append(value)
    return texts


def assess(texts: list[str], lang: str) -> coach.Safety:
    """The most serious safety result among the texts (full engine: recall first)."""
    worst = coach.Safety()
    for analysis in coach.analyze_many(texts, lang, semantic=None if settings.MEND_COACH_SEMANTIC else False):
        if TIERS[analysis.safety.tier] > TIERS[worst.tier]:
            worst = analysis.safety
    return worst


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
        log.exception("safety screen failed; the entry was saved")
        return
    if result.flagged:
        remember(request, result)


def remember(request, result: coach.Safety) -> None:
    """Keep the most serious result of this request for the author's next page."""
    previous = getattr(request, "mend_safety", None)
    if previous is None or TIERS[result.tier] > TIERS[previous["tier"]]:
        request.mend_safety = {"tier": result.tier, "category": result.category}
