"""WSGI entry point. Refuses to start when the encryption keys are missing or wrong."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mend.settings")
application = get_wsgi_application()

from lib.checks import refuse_to_start_without_keys  # noqa: E402

refuse_to_start_without_keys()

from coach_web.warmup import warm_in_background  # noqa: E402

warm_in_background()

# Everything loaded so far lives as long as the process: move it out of the garbage
# collector's sight, so full collections stay short (they caused the slowest requests
# in bench/pages.py; see docs/performance.md).
gc.collect()
gc.freeze()
