"""Where the calming tools send you back to.

A page that links to the pacer or the grounding page adds `?next=<its own path>`. The
tool page offers "Back to …" only for a path on this site that names a page of Mend in
the same circle: never another host, never a scheme, so the link can never be turned
into an open redirect, and the words come from the page's name, never from the query.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

# Where one came from, by the page's route name, most specific first.
PLACES = [
    ("repair:step", _("Back to the repair step")),
    ("repair:", _("Back to the repair")),
    ("checkins:timeout_new", _("Back to calling a pause")),
    ("checkins:timeout", _("Back to the pause")),
    ("checkins:new", _("Back to your check-in")),
    ("checkins:detail", _("Back to the check-in")),
    ("checkins:", _("Back to check-ins")),
    ("reachout:", _("Back to the reach-out guide")),
    ("circles:home", _("Back to the circle")),
]
ELSEWHERE = _("Back to where you were")
# The tools themselves are not a place to go back to: switching from one to the other
# keeps the original way back instead.
TOOLS = ("checkins:breathe", "checkins:ground", "checkins:circle_breathe", "checkins:circle_ground")


@dataclass(frozen=True)
class WayBack:
    url: str
    label: str


def way_back(request, target: str | None) -> WayBack | None:
    """The validated way back for this request, or None when `target` is missing or not ours.

    On a circle's tool page (`request.circle` set) only a page of that same circle counts.
    """
    if not target or len(target) > 2000:
        return None
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(target)
    # A path on this site only: no scheme or host even when they name this very site.
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name in TOOLS:
        return None
    circle = getattr(request, "circle", None)
    if circle is not None and str(match.kwargs.get("circle_id")) != str(circle.pk):
        return None
    label = next((words for prefix, words in PLACES if match.view_name.startswith(prefix)), ELSEWHERE)
    return WayBack(url=target, label=str(label))
