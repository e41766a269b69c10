"""Template tags for the support card and the support lines of the member's country."""

from __future__ import annotations

from django import template

from coach_web import crisis_card
from lib import crisis_lines
from lib.crisis_lines import EMERGENCY, LIFELINE, SUBSTANCE, VIOLENCE

register = template.Library()


def _request(context):
    return context.get("request")


@register.simple_tag(takes_context=True)
def support_card(context, found: dict) -> crisis_card.Card:
    """`{% support_card crisis_card as card %}`: the card for what the screen found."""
    request = _request(context)
    circle = getattr(request, "circle", None)
    return crisis_card.build(
        found, crisis_lines.for_user(getattr(request, "user", None)), getattr(circle, "pk", None)
    )


@register.simple_tag(takes_context=True)
def support_lines(context) -> dict:
    """`{% support_lines as help %}`: lines for someone who may not be safe with a person in their circle."""
    country = crisis_lines.for_user(getattr(_request(context), "user", None))
    lines = [crisis_lines.line_or_search(country, VIOLENCE)]
    lines += [line for role in (LIFELINE, SUBSTANCE, EMERGENCY) if (line := country.line(role))]
    return {
        "country": country,
        "lines": list(dict.fromkeys(lines)),
        "more_url": crisis_lines.page_url(country),
        "spanish": crisis_lines.in_spanish(),
    }
