"""Rate-limit counters live where every process sees them, or Mend does not start.

allauth counts login attempts and code requests in Django's cache, and remembers used
two-step codes there. A per-process cache (LocMemCache) gives each process its own
count, so three processes allow three times the limit.
"""

from __future__ import annotations

import importlib
import os
import runpy
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import SystemCheckError
from django.db import connection

from accounts.checks import TAG, per_process_counters
from lib.checks import refuse_to_start
from mend import settings as mend_settings

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DATABASE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "mend_cache"}}
REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
FILES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "/tmp/x"}}
DUMMY = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def test_without_redis_the_default_cache_is_the_database():
    assert mend_settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_the_cache_table_is_made_by_migrate(db):
    table = settings.CACHES["default"]["LOCATION"]
    migration = importlib.import_module("accounts.migrations.0004_shared_cache_table")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
    assert table not in connection.introspection.table_names()
    migration.make_cache_table(None, SimpleNamespace(connection=connection))
    assert table in connection.introspection.table_names()


@pytest.mark.parametrize("caches", [LOCMEM, DATABASE, REDIS, FILES, DUMMY])
def test_one_process_may_use_any_cache(caches):
    assert per_process_counters(caches, processes=1) is None


@pytest.mark.parametrize("caches", [DATABASE, REDIS])
def test_several_processes_may_share_the_database_or_redis(caches):
    assert per_process_counters(caches, processes=3) is None


@pytest.mark.parametrize("caches", [LOCMEM, FILES, DUMMY])
def test_several_processes_with_per_process_counters_are_refused(caches):
    reason = per_process_counters(caches, processes=3)
    assert reason is not None
    assert "3 processes" in reason
    assert caches["default"]["BACKEND"].rsplit(".", 1)[-1] in reason


def test_the_system_check_names_the_problem(settings):
    settings.CACHES = LOCMEM
    settings.MEND_PROCESSES = 3
    errors = run_checks(tags=[TAG])
    assert [error.id for error in errors] == ["mend.E004"]
    assert "REDIS_URL" in errors[0].hint


def test_the_system_check_is_quiet_for_one_process(settings):
    settings.CACHES = LOCMEM
    settings.MEND_PROCESSES = 1
    assert run_checks(tags=[TAG]) == []


def test_start_up_refuses_several_processes_with_per_process_counters(settings):
    settings.CACHES = LOCMEM
    settings.MEND_PROCESSES = 3
    with pytest.raises(SystemCheckError, match=r"mend\.E004"):
        refuse_to_start(TAG)


def test_the_number_of_processes_comes_from_mend_processes_or_web_concurrency(monkeypatch):
    from accounts.checks import processes_from_environment

    monkeypatch.delenv("MEND_PROCESSES", raising=False)
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    assert processes_from_environment() == 1
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    assert processes_from_environment() == 4
    monkeypatch.setenv("MEND_PROCESSES", "2")
    assert processes_from_environment() == 4
    monkeypatch.setenv("MEND_PROCESSES", "six")
    with pytest.raises(ImproperlyConfigured):
        processes_from_environment()


class FakeArbiter:
    """What gunicorn hands its `on_starting` hook: the worker count it is about to fork."""

    def __init__(self, workers: int):
        self.cfg = type("Config", (), {"workers": workers})()


def gunicorn_hook():
    return runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))["on_starting"]


def test_gunicorn_tells_mend_how_many_workers_it_starts(monkeypatch):
    monkeypatch.setenv("MEND_PROCESSES", "1")  # set, so monkeypatch puts it back afterwards
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    gunicorn_hook()(FakeArbiter(workers=3))
    assert os.environ["MEND_PROCESSES"] == "3"


def test_gunicorn_refuses_several_workers_with_per_process_counters(monkeypatch, settings):
    monkeypatch.setenv("MEND_PROCESSES", "1")
    settings.CACHES = LOCMEM
    with pytest.raises(ImproperlyConfigured, match="3 processes"):
        gunicorn_hook()(FakeArbiter(workers=3))


def test_gunicorn_starts_several_workers_with_the_database_cache(monkeypatch, settings):
    monkeypatch.setenv("MEND_PROCESSES", "1")
    settings.CACHES = DATABASE
    gunicorn_hook()(FakeArbiter(workers=3))
    assert os.environ["MEND_PROCESSES"] == "3"
