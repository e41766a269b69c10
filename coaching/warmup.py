"""Load the coach's language model in the background when a server process starts,
so the first save does not wait several seconds for it."""

from __future__ import annotations

import threading

from django.conf import settings


def warm_in_background() -> None:
    if not settings.MEND_COACH_SEMANTIC:
        return

    def _warm():
        import coach

        coach.analyze("warming up", "en")
        coach.analyze("calentando", "es")  # Spanish rules and banks load separately

    threading.Thread(target=_warm, name="mend-coach-warmup", daemon=True).start()
