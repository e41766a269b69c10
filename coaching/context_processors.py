from __future__ import annotations

from coaching.screen import SESSION_KEY


def safety(request):
    """Show the support card once, to the author only, on the page they land on."""
    session = getattr(request, "session", None)
    if session is None or SESSION_KEY not in session:
        return {}
    return {"safety_card": session.pop(SESSION_KEY)}
