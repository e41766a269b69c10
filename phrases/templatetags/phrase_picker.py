"""`{% picker_book circle as book %}`: the phrases a picker include shows, for the viewer."""

from __future__ import annotations

from django import template

from circles.logic import current_member
from phrases.logic import phrase_book

register = template.Library()


@register.simple_tag(takes_context=True)
def picker_book(context, circle):
    request = context.get("request")
    if request is None or circle is None or not request.user.is_authenticated:
        return None
    member = getattr(request, "member", None)
    if member is None or member.circle_id != circle.pk:
        member = current_member(request.user, circle.pk)
    if member is None:
        return None
    return phrase_book(member, request.LANGUAGE_CODE)
