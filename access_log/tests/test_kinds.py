"""Every kind of entry a professional can be shown reads as words on the member's page."""

from __future__ import annotations

from django.apps import apps

from access_log.kinds import NAMES
from circles.audience.models import AudienceEntry


def test_every_kind_of_entry_has_words():
    entries = {m._meta.label_lower for m in apps.get_models() if issubclass(m, AudienceEntry)}
    assert entries and entries <= set(NAMES)
