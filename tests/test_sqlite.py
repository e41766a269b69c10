"""SQLite runs in WAL mode with immediate transactions: concurrent writers wait, never fail.

These tests open their own SQLite file with Mend's SQLite options, so they check the
same thing whichever database the rest of the suite runs on.
"""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper


@pytest.fixture(autouse=True)
def _own_database_files(django_db_blocker):
    # These connections are to throwaway files, not the test database.
    with django_db_blocker.unblock():
        yield


def _connection(path):
    return DatabaseWrapper(
        {
            "NAME": str(path),
            "OPTIONS": dict(settings.SQLITE_OPTIONS),
            "ENGINE": "django.db.backends.sqlite3",
            "TIME_ZONE": None,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "USER": "",
            "PASSWORD": "",
            "HOST": "",
            "PORT": "",
            "TEST": {},
        },
        alias="sqlite-check",
    )


def test_sqlite_uses_write_ahead_logging_and_immediate_transactions(tmp_path):
    connection = _connection(tmp_path / "wal.sqlite3")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert settings.SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"
    connection.close()


def test_concurrent_writers_never_see_database_is_locked(tmp_path):
    path = tmp_path / "busy.sqlite3"
    setup = _connection(path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, who TEXT, n INTEGER)")
    setup.close()
    errors: list[Exception] = []

    def writer(name: str) -> None:
        connection = _connection(path)
        try:
            for n in range(100):
                with connection.cursor() as cursor:
                    # A read-then-write transaction: the pattern that deadlocks under DEFERRED.
                    cursor.execute(f"BEGIN {settings.SQLITE_OPTIONS['transaction_mode']}")
                    cursor.execute("SELECT COUNT(*) FROM entry WHERE who = %s", [name])
                    cursor.execute("INSERT INTO entry (who, n) VALUES (%s, %s)", [name, n])
                    cursor.execute("COMMIT")
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check = _connection(path)
    with check.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM entry")
        assert cursor.fetchone()[0] == 400
    check.close()
