"""What a consent can cover, one category at a time, and at which level.

Every kind of entry names its category (`AudienceEntry.consent_category`); a later kind
of entry adds its category here and a line to the consent text, never silently joins
an existing one.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    PROMISES = "promises", _("Promises and follow-through")
    MOMENTS = "moments", _("Small moments")
    SCORES = "scores", _("Trust scores")
    CHECKINS = "checkins", _("Check-ins and time-outs")
    # Off unless the member chooses it (CLINICAL.md: use and cravings are the most
    # sensitive records a family keeps).
    CRAVINGS = "cravings", _("Cravings and use")
    REPAIR = "repair", _("Ruptures and repair steps")
    REACHOUT = "reachout", _("Reach-out plans")
    APPRECIATIONS = "appreciations", _("Appreciations")
    MEASURES = "measures", _("Questionnaires")


class Level(models.TextChoices):
    # Scores and charts built from the entries, never the entries themselves.
    TRENDS = "trends", _("Trends only")
    # The entries the member shared with the professional, and the trends.
    ENTRIES = "entries", _("Entries I share with them, and trends")


class Purpose(models.TextChoices):
    TREATMENT = "treatment", _("My treatment with this professional")
    AT_MY_REQUEST = "at_my_request", _("At my request")


# The purpose a professional reads under in Mend's workspace.
READING_PURPOSE = Purpose.TREATMENT
