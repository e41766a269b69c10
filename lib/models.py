from __future__ import annotations

import uuid

from django.db import models

from lib.fields import EncryptedTextField

CANARY_TEXT = "mend key check"


class KeyCanary(models.Model):
    """A known value sealed once with each key, so start-up can tell a wrong key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key_id = models.CharField(max_length=40, unique=True)
    sealed = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"key check for {self.key_id}"
