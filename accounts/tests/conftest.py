from __future__ import annotations

import pytest

from accounts.tests.helpers import TOTP_FRIENDLY_MOMENT
from tests.support import make_user

# Rate-limit counters and used TOTP codes live in the cache, a table in the test database
# (mend/settings.py): each test's rows go with its transaction, so every test starts clean.


@pytest.fixture
def alice(db):
    return make_user("alice")


@pytest.fixture
def still_clock(time_machine):
    """Hold the clock where a TOTP code stays current for the whole test."""
    time_machine.move_to(TOTP_FRIENDLY_MOMENT, tick=False)
