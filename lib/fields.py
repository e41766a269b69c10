"""`EncryptedTextField`: the one model field for sensitive free text.

The column holds only ciphertext sealed to (table, primary key, field, key id).
The value is opened lazily, on first access, because only then is the row's
primary key known; models using the field need a primary key that exists before
the first save (a UUID with a default), which a system check enforces.
"""

from __future__ import annotations

from django.core import checks
from django.db import models
from django.db.models.query_utils import DeferredAttribute

from lib import crypto


class Sealed(str):
    """Ciphertext read from the database, not yet opened."""


class UnsealedWrite(ValueError):
    """Plaintext reached the column without passing through the field."""


class _EncryptedDescriptor(DeferredAttribute):
    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        # DeferredAttribute loads a column left out by only()/defer(), instead
        # of the value silently reading as None.
        value = super().__get__(instance, owner)
        if isinstance(value, Sealed):
            value = self.field.open_for(instance, value)
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.TextField):
    """Free text encrypted at rest with AES-GCM; see lib/crypto.py."""

    def __init__(self, *args, max_length: int | None = None, **kwargs):
        # max_length limits the plaintext in forms; the column is unbounded
        # because ciphertext is longer than what it hides.
        self.plaintext_max_length = max_length
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.plaintext_max_length is not None:
            kwargs["max_length"] = self.plaintext_max_length
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only)
        setattr(cls, self.attname, _EncryptedDescriptor(self))

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        pk = self.model._meta.pk
        if pk is not None and not (pk.has_default() or getattr(pk, "db_default", None)):
            errors.append(
                checks.Error(
                    "EncryptedTextField needs a primary key with a default (e.g. a UUID), "
                    "because the ciphertext is bound to the row before it is inserted.",
                    obj=self,
                    id="mend.E101",
                )
            )
        return errors

    def place(self, instance) -> str:
        return crypto.binding(instance._meta.db_table, instance.pk, self.column)

    def open_for(self, instance, stored: str) -> str:
        return crypto.open_sealed(crypto.configured_ring(), stored, self.place(instance))

    def seal_for(self, instance, plaintext: str) -> str:
        return crypto.seal(crypto.configured_ring(), plaintext, self.place(instance))

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return Sealed(value)

    def pre_save(self, model_instance, add):
        value = model_instance.__dict__.get(self.attname)
        if value is None or value == "" or isinstance(value, Sealed):
            return value
        if model_instance.pk is None:
            raise UnsealedWrite("an encrypted value needs the row's primary key before saving")
        return Sealed(self.seal_for(model_instance, str(value)))

    def get_db_prep_value(self, value, connection, prepared=False):
        # Only sealed values reach the column; a plain string here means a write
        # that bypassed pre_save (queryset.update, bulk_update), which is refused.
        if value is None or value == "":
            return value
        if isinstance(value, Sealed):
            return str(value)
        raise UnsealedWrite(
            "plaintext may not be written straight into an encrypted column; "
            "assign the attribute and call save() instead"
        )

    def formfield(self, **kwargs):
        if self.plaintext_max_length is not None:
            kwargs.setdefault("max_length", self.plaintext_max_length)
        return super().formfield(**kwargs)

    def value_to_string(self, obj):
        # Serialisation (dumpdata) keeps ciphertext, never the opened value.
        stored = obj.__dict__.get(self.attname)
        if isinstance(stored, Sealed) or stored in (None, ""):
            return stored
        return self.seal_for(obj, stored)
