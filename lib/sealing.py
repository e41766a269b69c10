"""Data migrations that seal values stored in the clear, and open them again on the way back.

A migration first changes the column to a sealed field kind (the column becomes text and
keeps the old value as text), then runs `sealing(app, model, *fields)`: `seal_rows`
forwards, `unseal_rows` backwards, before the column is changed back. Both work on the migration's historical models and
take rows in batches by primary key. `seal_rows` leaves values that already open alone,
so it is safe to run again after an interruption.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.db import connection, migrations, models, transaction

from lib import crypto
from lib.fields import EncryptedBooleanField, EncryptedIntegerField, EncryptedJSONField, EncryptedTextField

BATCH = 500


def _batches(model) -> Iterator[list[models.Model]]:
    keys = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(keys), BATCH):
        yield list(model._base_manager.filter(pk__in=keys[start : start + BATCH]).order_by("pk"))


def _fields(model, names) -> list[EncryptedTextField]:
    return [model._meta.get_field(name) for name in names]


def _opens(field: EncryptedTextField, row, raw: str) -> bool:
    try:
        field.open_stored(raw, field.row_key(row))
    except crypto.DecryptionError:
        return False
    return True


def from_clear(field: EncryptedTextField, raw: Any) -> Any:
    """A value as the old column held it (read back as text), in the field's Python form."""
    text = str(raw)
    if isinstance(field, EncryptedBooleanField):
        return text.lower() in ("1", "t", "true")
    if isinstance(field, EncryptedIntegerField):
        return int(text)
    if isinstance(field, EncryptedJSONField):
        return json.loads(text)
    return text


def to_clear(field: EncryptedTextField, value: Any) -> str | None:
    """A Python value as text the old column type accepts on both databases."""
    if value is None:
        return None
    if isinstance(field, EncryptedBooleanField):
        return "1" if value else "0"
    if isinstance(field, EncryptedIntegerField):
        return str(value)
    if isinstance(field, EncryptedJSONField):
        return json.dumps(value)
    return str(value)


def seal_rows(apps, app_label: str, model_name: str, *names: str) -> None:
    """Seal every clear value of the named fields. A NULL in a structured field (a column
    just added) is sealed as the field's default."""
    model = apps.get_model(app_label, model_name)
    fields = _fields(model, names)
    for rows in _batches(model):
        with transaction.atomic():
            for row in rows:
                changed = []
                for field in fields:
                    raw = row.__dict__.get(field.attname)
                    if raw is None and isinstance(field, EncryptedJSONField):
                        value = field.get_default()
                    elif raw is None or raw == "" or _opens(field, row, raw):
                        continue
                    else:
                        value = from_clear(field, raw)
                    setattr(row, field.attname, value)
                    changed.append(field.attname)
                if changed:
                    row.save(update_fields=changed)


def unseal_rows(apps, app_label: str, model_name: str, *names: str) -> None:
    """Write every sealed value of the named fields back in the clear (the reverse of `seal_rows`).

    The field refuses plain values, so they are written with SQL, as text the old column
    type reads back.
    """
    model = apps.get_model(app_label, model_name)
    fields = _fields(model, names)
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    for rows in _batches(model):
        with transaction.atomic(), connection.cursor() as cursor:
            for row in rows:
                plain = {
                    field.column: to_clear(field, field.open_stored(raw, field.row_key(row)))
                    for field in fields
                    if (raw := row.__dict__.get(field.attname)) not in (None, "")
                }
                if not plain:
                    continue
                # One UPDATE a row: on PostgreSQL, a row changed twice in one transaction
                # leaves foreign-key checks pending, and the schema change after would fail.
                columns = ", ".join(f"{quote(column)} = %s" for column in plain)
                cursor.execute(
                    f"UPDATE {table} SET {columns} WHERE {pk} = %s",  # noqa: S608
                    [*plain.values(), model._meta.pk.get_db_prep_value(row.pk, connection)],
                )


def sealing(app_label: str, model_name: str, *names: str) -> migrations.RunPython:
    """The migration operation that seals the named fields' values, and opens them on the way back."""

    def forwards(apps, schema_editor):
        seal_rows(apps, app_label, model_name, *names)

    def backwards(apps, schema_editor):
        unseal_rows(apps, app_label, model_name, *names)

    return migrations.RunPython(forwards, backwards)
