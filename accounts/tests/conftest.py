from __future__ import annotations

import pytest
from django.core.cache import cache

from accounts.tests.helpers import TOTP_FRIENDLY_MOMENT
from tests.support import make_user


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and used TOTP codes live in the cache: start each test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(db):
    return make_user("alice")


@pytest.fixture
def still_clock(time_machine):
    """Hold the clock where a TOTP code stays current for the whole test."""
    time_machine.move_to(TOTP_FRIENDLY_MOMENT, tick=False)
