"""The one API helper for "change who can see this", for every kind of entry."""

from __future__ import annotations

from accounts.reauth import needs_password_again
from circles.audience.change import AudienceChoice, change_audience, store_choice
from circles.audience.forms import AudienceFields
from circles.schemas import valid_form


def change_audience_from(request, entry, payload, *, form_class=AudienceFields, apply=store_choice) -> None:
    """Validate `payload` with the page's form and change who can see `entry`.

    The caller must be its author (403 otherwise); sharing more widely with a session
    whose password was not confirmed recently answers 403 (see `change_audience`).
    """
    form = valid_form(form_class, payload, member=request.member)
    change_audience(
        request.member,
        entry,
        AudienceChoice.from_form(form.cleaned_data),
        password_confirmed=not needs_password_again(request),
        apply=apply,
    )
