from __future__ import annotations

from coach_web.screen import SESSION_KEY


def crisis(request):
    """Show the support card once, to the author only, on the page they land on."""
    session = getattr(request, "session", None)
    if session is None or SESSION_KEY not in session:
        return {}
    found = session.pop(SESSION_KEY)
    # Only {"tier", "category", "also", "about"}: coach_web/crisis_card.py builds the card from it.
    return {"crisis_card": found} if isinstance(found, dict) else {}
