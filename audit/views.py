"""The "Account activity" page in the person's settings."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from audit.reading import lines, trail_of

PER_PAGE = 30


@login_required
def activity(request):
    """The rows about the signed-in person, newest first, in plain words."""
    page = Paginator(trail_of(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "audit/activity.html", {"page": page, "lines": lines(page, request.user)})
