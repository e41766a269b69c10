from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from circles.models import Member, by_circle_name

# The circle a person last opened, so pages outside a circle (settings, notifications)
# keep the same destinations instead of changing shape under the thumb.
LAST_CIRCLE = "mend_last_circle"

# Where each page belongs in the navigation: by URL name first, then by namespace.
SECTIONS = {
    "circles:home": "today",
    "circles:list": "circles",
    "checkins:reminder": "settings",
    "checkins:breathe": "checkin",
    "checkins:ground": "checkin",
    "ledger:moments": "moments",
    "ledger:moment": "moments",
    "notifications:settings": "settings",
    "audit:activity": "settings",
    "access_log": "settings",
    "checkins": "checkin",
    "ledger": "promises",
    "repair": "repair",
    "phrases": "repair",
    "appreciations": "appreciations",
    "measures": "measures",
    "circles": "people",
    "safety": "safety",
    "reachout": "reachout",
    "notifications": "notifications",
    "accounts": "settings",
    "help": "help",
    "practices": "settings",
    "workspace:caseload": "caseload",
    "workspace:circle": "circle",
}
# allauth's own pages (email, password, two-step login, sessions) are part of settings.
SETTINGS_PREFIXES = ("account_", "mfa_", "usersessions_")


@dataclass(frozen=True)
class Item:
    """One destination: its key (for the icon and the unread badge), words, address, aria-current."""

    key: str
    label: str
    url: str
    current: str | None


@dataclass(frozen=True)
class Nav:
    """What the site header shows: the circle the destinations are for, and the destinations."""

    circle: object | None
    primary: list[Item]
    more: list[Item]
    # A professional's pages: the caseload replaces the circle switcher and the family's menu.
    professional: bool = False

    @property
    def more_current(self) -> bool:
        return any(item.current for item in self.more)

    @property
    def notifications_in_more(self) -> bool:
        """Whether "More" should carry the unread count (it does when the notifications sit behind it)."""
        return any(item.key == "notifications" for item in self.more)


def site(request):
    """What the site shell needs on every page: quick exit, the circle switcher and the navigation.

    The memberships and the navigation are computed when a page first shows them (a
    template calls a callable value), once, so fragments that show no header query nothing.
    """
    context = {"quick_exit_url": settings.MEND_QUICK_EXIT_URL}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context

    @cache
    def memberships() -> list[Member]:
        return by_circle_name(Member.objects.current().filter(user=user).select_related("circle"))

    @cache
    def nav() -> Nav:
        if _on_workspace(request):
            # A professional's caseload can hold a thousand circles: their pages need no list.
            return professional_navigation(request, getattr(request, "circle", None))
        return navigation(request, memberships())

    context["my_memberships"] = memberships
    context["nav"] = nav
    return context


def navigation(request, memberships: list[Member]) -> Nav:
    """The destinations for this page: at most four, then "More" (which always holds "Log out")."""
    circle = _nav_circle(request, memberships)
    section = _section(request)

    def item(key, label, name, *args) -> Item:
        url = reverse(name, args=args)
        current = "page" if url == request.path else ("true" if key == section else None)
        return Item(key, str(label), url, current)

    if _professional_context(request, circle, memberships):
        return professional_navigation(request, circle)
    everywhere = [
        item("circles", _("My circles"), "circles:list"),
        item("notifications", _("Notifications"), "notifications:list"),
        item("settings", _("Settings"), "accounts:profile"),
    ]
    if circle is None:
        return Nav(None, everywhere, [])
    pk = circle.pk
    primary = [
        item("today", pgettext_lazy("navigation", "Today"), "circles:home", pk),
        item("checkin", pgettext_lazy("navigation", "Check in"), "checkins:home", pk),
        item("promises", _("Promises"), "ledger:mine", pk),
        item("repair", _("Repair"), "repair:list", pk),
    ]
    in_circle = [
        item("moments", _("Small moments"), "ledger:moments", pk),
        item("appreciations", _("Appreciations"), "appreciations:list", pk),
        item("measures", _("Questionnaires"), "measures:index", pk),
        item("people", _("People"), "circles:members", pk),
        item("safety", _("Feeling safe"), "safety:home", pk),
        item("reachout", _("They reached out"), "reachout:start", pk),
        item("help", _("Ask for professional help"), "help:list", pk),
    ]
    return Nav(circle, primary, in_circle + everywhere)


def professional_navigation(request, circle) -> Nav:
    """A professional works from the caseload and their own view of each circle, never
    from the family's destinations (issue 15)."""
    section = _section(request)

    def item(key, label, name, *args) -> Item:
        url = reverse(name, args=args)
        current = "page" if url == request.path else ("true" if key == section else None)
        return Item(key, str(label), url, current)

    primary = [item("caseload", _("Caseload"), "workspace:caseload")]
    if circle is not None:
        primary.append(item("circle", _("This family"), "workspace:circle", circle.pk))
    primary.append(item("notifications", _("Notifications"), "notifications:list"))
    more = []
    if circle is not None:
        # Who is there, and what each member's consent allows (and until when).
        more += [
            item("people", _("People"), "circles:members", circle.pk),
            item("consents", _("Consents naming you"), "circles:consent", circle.pk),
            item("measures", _("Questionnaires"), "measures:workspace", circle.pk),
        ]
    more += [
        item("circles", _("My circles"), "circles:list"),
        item("settings", _("Settings"), "accounts:profile"),
    ]
    return Nav(circle, primary, more, professional=True)


def _on_workspace(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and (
        match.namespace == "workspace" or match.view_name in ("measures:workspace", "measures:end_assignment")
    )


def _professional_context(request, circle, memberships: list[Member]) -> bool:
    """On the workspace's pages, or in a circle where the person is the professional."""
    if _on_workspace(request):
        return True
    if circle is None:
        return False
    return any(m.circle_id == circle.pk and m.is_professional for m in memberships)


def _nav_circle(request, memberships: list[Member]):
    """The circle of this page, else the one last opened, else the only one; never one the person left."""
    circle = getattr(request, "circle", None)
    session = getattr(request, "session", None)
    if circle is not None:
        if session is not None and session.get(LAST_CIRCLE) != str(circle.pk):
            session[LAST_CIRCLE] = str(circle.pk)
        return circle
    remembered = session.get(LAST_CIRCLE) if session is not None else None
    for membership in memberships:
        if str(membership.circle_id) == remembered:
            return membership.circle
    return memberships[0].circle if len(memberships) == 1 else None


def _section(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    if match.view_name in SECTIONS:
        return SECTIONS[match.view_name]
    if match.url_name and match.url_name.startswith(SETTINGS_PREFIXES):
        return "settings"
    return SECTIONS.get(match.namespace)
