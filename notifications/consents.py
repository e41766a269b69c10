"""News of a consent for the professionals it names: content-free (who, and that it changed).

Circles sends `circles.consent.signals.consent_changed` once a consent is signed, changed
or revoked; this tells each professional it names (or named) and says, when they open
their notifications, which member it was. What the consent allows is read on the
consent page itself, never in a notification.
"""

from __future__ import annotations

from django.urls import reverse

from circles.consent.signals import consent_changed
from circles.models import Consent
from notifications.describe import register
from notifications.logic import notify
from notifications.models import Kind

KIND_OF_CHANGE = {
    "given": Kind.CONSENT_GIVEN,
    "changed": Kind.CONSENT_CHANGED,
    "revoked": Kind.CONSENT_REVOKED,
}


def tell_professionals(sender, consent, change, recipients, **kwargs) -> None:
    member = consent.member
    url = reverse("circles:consent", args=[member.circle_id])
    for professional in recipients:
        if professional.left_at is None:
            notify(
                professional.user,
                KIND_OF_CHANGE[change],
                url,
                circle_id=member.circle_id,
                by=member,
                about=consent,
            )


def consents_seen(viewer, ids):
    """The consents among `ids` that name the viewer (in force or not): nothing to add."""
    named = Consent.objects.filter(pk__in=ids, recipients=viewer, member__circle_id=viewer.circle_id)
    return {pk: {} for pk in named.values_list("pk", flat=True)}


def connect() -> None:
    consent_changed.connect(tell_professionals, dispatch_uid="notifications-consent")
    register(KIND_OF_CHANGE.values(), consents_seen)
