"""`EncryptedTextField` and its kinds: the one way sensitive values are stored.

The column holds only ciphertext sealed to (table, row, field, key id). The value is
opened lazily, on first access, because only then is the row known; models using the
field need a row key that exists before the first save (a UUID with a default: the
primary key, or the field named by `bind_to`), which a system check enforces.

The kinds differ only in how a value becomes text before sealing:

- `EncryptedTextField`: free text; an empty text stays empty (it says nothing).
- `EncryptedCharField`: a short line (a name, a note), edited in a one-line input.
- `EncryptedJSONField` and its typed children `EncryptedIntegerField` and
  `EncryptedBooleanField`: structured facts (a level, a yes/no, a list of choices).
  Every value is sealed as JSON, `None`, `0`, `False` and `[]` included, so a dump
  cannot tell even an empty or false value from any other. Such a column cannot be
  filtered, ordered or aggregated in SQL (a lookup raises `UnsealedWrite`): read the
  few rows concerned and decide in Python.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
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

    # Only free text passes the crisis screen (coach_web/screen.py); names and
    # structured values are not something a person writes about themselves.
    is_free_text = True

    def __init__(self, *args, max_length: int | None = None, bind_to: str | None = None, **kwargs):
        # max_length limits the plaintext in forms; the column is unbounded
        # because ciphertext is longer than what it hides.
        self.plaintext_max_length = max_length
        # A model whose primary key is only known after the insert (an AutoField)
        # binds its ciphertext to another column that has a default instead.
        self.bind_to = bind_to
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.plaintext_max_length is not None:
            kwargs["max_length"] = self.plaintext_max_length
        if self.bind_to is not None:
            kwargs["bind_to"] = self.bind_to
        return name, path, args, kwargs

    # --- how a value becomes text before sealing, and back --------------------------

    def to_plaintext(self, value: Any) -> str:
        return str(value)

    def from_plaintext(self, text: str) -> Any:
        return text

    def stays_clear(self, value: Any) -> bool:
        """Values stored as they are: an empty text says nothing worth hiding."""
        return value is None or value == ""

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only)
        setattr(cls, self.attname, _EncryptedDescriptor(self))

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        key = self._row_key_field()
        if key is not None and not (key.has_default() or getattr(key, "db_default", None)):
            errors.append(
                checks.Error(
                    "EncryptedTextField needs a primary key (or a `bind_to` field) with a default "
                    "(e.g. a UUID), because the ciphertext is bound to the row before it is inserted.",
                    obj=self,
                    id="mend.E101",
                )
            )
        return errors

    def _row_key_field(self):
        if self.bind_to is None:
            return self.model._meta.pk
        return self.model._meta.get_field(self.bind_to)

    def row_key(self, instance) -> object:
        return instance.pk if self.bind_to is None else getattr(instance, self.bind_to)

    def place(self, instance) -> str:
        return self.place_of(self.row_key(instance))

    def place_of(self, row_key: object) -> str:
        return crypto.binding(self.model._meta.db_table, row_key, self.column)

    def open_for(self, instance, stored: str) -> Any:
        return self.open_stored(stored, self.row_key(instance))

    def open_stored(self, stored: str, row_key: object) -> Any:
        """Open a value read without its model instance (values(), raw SQL), given its row key."""
        if stored is None or stored == "":
            return stored
        return self.from_plaintext(
            crypto.open_sealed(crypto.configured_ring(), stored, self.place_of(row_key))
        )

    def seal_for(self, instance, value: Any) -> str:
        return crypto.seal(crypto.configured_ring(), self.to_plaintext(value), self.place(instance))

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return Sealed(value)

    def pre_save(self, model_instance, add):
        value = model_instance.__dict__.get(self.attname)
        if isinstance(value, Sealed) or self.stays_clear(value):
            return value
        if self.row_key(model_instance) is None:
            raise UnsealedWrite("an encrypted value needs the row's key before saving")
        return Sealed(self.seal_for(model_instance, value))

    def get_lookup(self, lookup_name):
        # Comparing ciphertext finds nothing, silently (`name__startswith`, `level__gt`):
        # only "is it empty" may be asked of a sealed column; anything else is a FieldError.
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def get_db_prep_value(self, value, connection, prepared=False):
        # Only sealed values reach the column; a plain value here means a write that
        # bypassed pre_save (queryset.update, bulk_update) or a lookup on the column
        # (filter, order, aggregate in SQL), which are refused.
        if value is None or (value == "" and self.stays_clear(value)):
            return value
        if isinstance(value, Sealed):
            return str(value)
        raise UnsealedWrite(
            "plaintext may not be written straight into an encrypted column, nor compared "
            "with one in SQL; assign the attribute and call save(), and compare in Python"
        )

    def formfield(self, **kwargs):
        if self.plaintext_max_length is not None:
            kwargs.setdefault("max_length", self.plaintext_max_length)
        return super().formfield(**kwargs)

    def value_to_string(self, obj):
        # Serialisation (dumpdata) keeps ciphertext, never the opened value.
        stored = obj.__dict__.get(self.attname)
        if isinstance(stored, Sealed) or self.stays_clear(stored):
            return stored
        return self.seal_for(obj, stored)


class EncryptedCharField(EncryptedTextField):
    """A short sealed line, such as a name: a one-line input in forms."""

    is_free_text = False

    def formfield(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)


class EncryptedJSONField(EncryptedTextField):
    """A structured value sealed as JSON text; every value is sealed, None and False too.

    The database never holds a default or an empty value for it, because a value can
    only be sealed for a row: the column is nullable (rows that existed before a field
    was added read NULL until a data migration seals them), the model's `default` is
    applied when an object is made, and schema changes see no default at all.
    """

    is_free_text = False
    empty_strings_allowed = False

    def __init__(self, *args, **kwargs):
        kwargs["null"] = True
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("null", None)
        return name, path, args, kwargs

    def has_default(self) -> bool:
        # Seen by the schema editor only: it would write the default unsealed.
        return False

    def get_default(self) -> Any:
        default = self.default
        if default is models.NOT_PROVIDED:
            return None
        return default() if callable(default) else default

    def to_plaintext(self, value: Any) -> str:
        return json.dumps(self.to_python(value), separators=(",", ":"))

    def from_plaintext(self, text: str) -> Any:
        return self.to_python(json.loads(text))

    def stays_clear(self, value: Any) -> bool:
        return False

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value):
        # TextField.get_prep_value would turn a plain value into text that then
        # passes for ciphertext-free input; leave it as it is for get_db_prep_value.
        return value

    def value_from_object(self, obj):
        # Serializers pass numbers and booleans through without value_to_string;
        # they get the ciphertext too. (No model form edits these fields.)
        return self.value_to_string(obj)

    def formfield(self, **kwargs):
        return None


class EncryptedIntegerField(EncryptedJSONField):
    """A whole number sealed at rest (a level from 0 to 10); None when unknown."""

    def to_python(self, value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError(f"{value!r} is not a whole number")
        return int(value)


class EncryptedBooleanField(EncryptedJSONField):
    """A yes or no sealed at rest."""

    def to_python(self, value: Any) -> bool | None:
        if value is None or isinstance(value, bool):
            return value
        if value in (0, 1, "0", "1", "true", "false", "True", "False"):
            return str(value) in ("1", "true", "True")
        raise ValueError(f"{value!r} is not a yes or no")
