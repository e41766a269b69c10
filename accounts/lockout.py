"""django-axes hooks: who is being tried, and the page shown when locked out."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


def username_from_request(request, credentials):
    """The email being tried, lower-cased so case changes do not reset the count."""
    value = ""
    if credentials:
        value = credentials.get("email") or credentials.get("username") or ""
    if not value and request is not None:
        value = request.POST.get("login", "")
    return value.strip().lower()


def lockout_response(request, *args, **kwargs):
    """The pause, and the way in it leaves open: a one-time code to the address typed.

    The page is the same for an address with no account (the typed address is all that
    differs), so it tells nobody whether an account exists.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    email = request.POST.get("login", "").strip()[:254]
    return render(request, "account/lockout.html", {"minutes": minutes, "email": email}, status=429)
