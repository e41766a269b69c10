"""WSGI entry point. Refuses to start when the encryption keys are missing or wrong, or when
several processes would each keep their own rate-limit counters."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mend.settings")
application = get_wsgi_application()

from accounts.checks import TAG as COUNTERS  # noqa: E402
from lib.checks import TAG as KEYS  # noqa: E402
from lib.checks import refuse_to_start  # noqa: E402

refuse_to_start(KEYS, COUNTERS)

from coach_web.warmup import warm_in_background  # noqa: E402

warm_in_background()

# Everything loaded so far lives as long as the process: move it out of the garbage
# collector's sight, so full collections stay short (they caused the slowest requests
# in bench/pages.py; see docs/performance.md).
gc.collect()
gc.freeze()
