from __future__ import annotations

from django.conf import settings

from circles.models import Member, by_circle_name


def site(request):
    """What the site shell needs on every page: quick exit and the circle switcher."""
    context = {"quick_exit_url": settings.MEND_QUICK_EXIT_URL}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["my_memberships"] = by_circle_name(
            Member.objects.current().filter(user=user).select_related("circle")
        )
    return context
