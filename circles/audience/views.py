"""The one page for "Change who can see this", for every kind of entry."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

from accounts.reauth import needs_password_again
from circles.audience.change import AudienceChoice, change_audience, store_choice
from circles.audience.forms import AudienceFields
from lib.refusal import Refused, show_refusal


def widens_audience(request) -> bool:
    """True when a posted audience form shares beyond "only me" (the password is asked)."""
    return request.POST.get("audience", "only_me") != "only_me"


@reauthentication_required(allow_get=True, enabled=widens_audience)
def audience_page(
    request,
    entry,
    *,
    template: str,
    done: str,
    form_class=AudienceFields,
    initial: dict | None = None,
    apply=store_choice,
    context: dict | None = None,
    saved: str | None = None,
):
    """Show and save the audience form for `entry`, which the caller wrote.

    Sharing more widely asks for the password again first (SECURITY.md, check 10);
    `done` is where to go once saved.
    """
    if initial is None:
        initial = AudienceFields.initial_for(entry)
    form = form_class(request.POST or None, member=request.member, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            change_audience(
                request.member,
                entry,
                AudienceChoice.from_form(form.cleaned_data),
                password_confirmed=not needs_password_again(request),
                apply=apply,
            )
        except Refused as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(request, saved or _("Saved. Who can see this is updated."))
            return redirect(done)
    return render(request, template, {"form": form, **(context or {})})


WHO_SEES = "who-sees"  # the id of the "who will see this" box (includes/_who_sees_box.html)


def who_sees_preview(request, form_class):
    """For htmx asking for the "who will see this" box: the sentences for the form's choices
    as they stand, nothing saved. None for any other request."""
    if not (request.htmx and request.htmx.target == WHO_SEES):
        return None
    form = form_class(request.GET, member=request.member)
    form.is_valid()
    return varies_with_htmx(render(request, "includes/who_sees.html", {"form": form}))


def varies_with_htmx(response):
    """One URL, two shapes (the page, the box): a cache or the Back button must not mix them up."""
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response
