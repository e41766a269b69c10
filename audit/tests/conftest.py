from __future__ import annotations

import pytest
from django.core.cache import cache

from accounts.tests.helpers import TOTP_FRIENDLY_MOMENT


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Login rate limits and used TOTP codes live in the cache: each test starts clean."""
    cache.clear()


@pytest.fixture
def still_clock(time_machine):
    """Hold the clock where a TOTP code stays current for the whole test."""
    time_machine.move_to(TOTP_FRIENDLY_MOMENT, tick=False)
