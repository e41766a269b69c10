"""The hook circles offers for news of a consent: apps above it (notifications) connect.

`consent_changed` is sent once the transaction that signs, changes or revokes a consent
is done, with `consent` (the new row, or the revoked one), `change` ("given", "changed"
or "revoked") and `recipients` (the professionals it names, or named).
"""

from __future__ import annotations

from django.dispatch import Signal

consent_changed = Signal()
