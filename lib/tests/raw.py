"""Raw SQL helpers: the tests look at what is really stored, past the ORM and the field."""

from __future__ import annotations

import base64

from django.db import connection

from appreciations.models import Appreciation

# A fixed 256-bit key that is not the one tests/settings.py configures as "test1".
OTHER_KEY = base64.urlsafe_b64encode(bytes([7]) * 32).decode().rstrip("=")
WRONG_TEST1 = f"test1:{OTHER_KEY}"


def _table_and_columns(model, field_name: str) -> tuple[str, str, str]:
    quote = connection.ops.quote_name
    return (
        quote(model._meta.db_table),
        quote(model._meta.pk.column),
        quote(model._meta.get_field(field_name).column),
    )


def _pk_param(model, pk):
    # UUIDs are stored as 32 hex characters on SQLite and natively on PostgreSQL.
    return model._meta.pk.get_db_prep_value(pk, connection)


def stored_text(appreciation: Appreciation) -> str:
    """The appreciation's text column exactly as the database holds it."""
    table, pk, column = _table_and_columns(Appreciation, "text")
    sql = f"SELECT {column} FROM {table} WHERE {pk} = %s"  # noqa: S608 (names from model meta)
    with connection.cursor() as cursor:
        cursor.execute(sql, [_pk_param(Appreciation, appreciation.pk)])
        return cursor.fetchone()[0]


def write_stored_text(appreciation: Appreciation, value: str) -> None:
    """Write the text column directly, as an attacker with database access could."""
    table, pk, column = _table_and_columns(Appreciation, "text")
    sql = f"UPDATE {table} SET {column} = %s WHERE {pk} = %s"  # noqa: S608 (names from model meta)
    with connection.cursor() as cursor:
        cursor.execute(sql, [value, _pk_param(Appreciation, appreciation.pk)])


def stored_authenticator_data(user) -> dict[str, str]:
    """Each of the user's MFA authenticators' data column as text, by authenticator type."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, CAST(data AS TEXT) FROM mfa_authenticator WHERE user_id = %s", [user.pk])
        return dict(cursor.fetchall())


def whole_database_text() -> str:
    """Everything the database holds, as text: a full dump on SQLite, every text column on PostgreSQL."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return "\n".join(connection.connection.iterdump())
    return "\n".join(_every_text_value())


def _every_text_value():
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() "
            "AND data_type IN ('text', 'character varying', 'json', 'jsonb')"
        )
        columns = cursor.fetchall()
        for table, column in columns:
            cursor.execute(f"SELECT CAST({quote(column)} AS TEXT) FROM {quote(table)}")  # noqa: S608 (names from the catalogue)
            yield from (value for (value,) in cursor.fetchall() if value is not None)
