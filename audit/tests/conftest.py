from __future__ import annotations

import pytest

from accounts.tests.helpers import TOTP_FRIENDLY_MOMENT

# Login rate limits and used TOTP codes live in the database cache, so each test's
# counters are rolled back with the test: nothing to clear.


@pytest.fixture
def still_clock(time_machine):
    """Hold the clock where a TOTP code stays current for the whole test."""
    time_machine.move_to(TOTP_FRIENDLY_MOMENT, tick=False)
