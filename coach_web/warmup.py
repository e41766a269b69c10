"""Load the coach's sentence encoder and models in the background when a server
process starts, so the first save does not wait two seconds for them."""

from __future__ import annotations

import threading

from django.conf import settings

import coach


def warm_in_background() -> None:
    if not settings.MEND_COACH_LEARNED:
        return

    def _warm():
        coach.analyze("warming up", "en")
        coach.analyze("calentando", "es")  # Spanish rules load separately

    threading.Thread(target=_warm, name="mend-coach-warmup", daemon=True).start()
