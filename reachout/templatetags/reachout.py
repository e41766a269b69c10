"""Template tags for the reach-out block on the circle home."""

from __future__ import annotations

from django import template

from reachout import logic

register = template.Library()


@register.simple_tag
def offers_waiting(member) -> int:
    """Offers waiting for this member's answer; never anything about any plan."""
    return logic.offers_waiting(member) if member is not None else 0
