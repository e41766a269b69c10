"""Pages: the person's notifications, opening one, and their notification settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from notifications.describe import describe, is_available
from notifications.forms import PreferencesForm
from notifications.logic import preferences_for
from notifications.models import Notification

PER_PAGE = 30


@login_required
def notification_list(request):
    """Everything waiting for the person, across all their circles, newest first."""
    rows = request.user.notifications.select_related("actor__user")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    # Named and worded now, from what the person may see now (notifications/describe.py).
    items = describe(request.user, page.object_list)
    return render(request, "notifications/list.html", {"page": page, "items": items})


@require_http_methods(["GET", "POST"])
@login_required
def open_notification(request, notification_id):
    """Go where a notification points; the list's button POSTs, which also marks it read.

    A GET (an old bookmark, a link prefetched by a browser or a mail scanner) only goes
    there: GET never changes anything. Someone else's notification is a 404. One whose
    thing the person may no longer see goes back to the list, saying so plainly.
    """
    notification = get_object_or_404(Notification, pk=notification_id, user=request.user)
    if request.method == "POST" and notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    if not is_available(request.user, notification):
        messages.info(request, _("That is no longer here to open."))
        return redirect("notifications:list")
    # Links are made by Mend itself; the check keeps a bad row from sending anyone off-site.
    safe = url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(notification.url if safe else "notifications:list")


@require_POST
@login_required
def read_all(request):
    """Mark every unread notification of the person as read."""
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, _("You’re all caught up."))
    return redirect("notifications:list")


@login_required
def notification_settings(request):
    """Quiet hours, email on or off, and which kinds of notification to get."""
    form = PreferencesForm(request.POST or None, instance=preferences_for(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})
