"""What kind of thing a professional was shown, in the member's words.

`Shown.kind` is an entry's model label (`ledger.promise`, `checkins.checkin`, …) or one
of the workspace's own views below. A new kind of thing gets its words here before
anything records it (access_log/tests/test_kinds.py checks every kind of entry has them).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# The workspace's own views, which are not one entry.
CHART = "chart"
# The workspace's numbers for one member and category (a follow-through score, check-in
# counts, the repair median), on the caseload's circle view.
TREND = "trend"
CASELOAD = "caseload"
SCORES = "scores"
SAFETY_ALERT = "safety_alert"

NAMES = {
    "ledger.promise": _("a promise"),
    "ledger.occurrence": _("a promise's follow-through"),
    "ledger.smallmoment": _("a small moment"),
    "checkins.checkin": _("a check-in"),
    "checkins.craving": _("cravings and use"),
    "checkins.timeout": _("a time-out"),
    "repair.rupture": _("a rupture"),
    "repair.repairstep": _("a repair step"),
    "repair.reflection": _("a reflection on a repair"),
    "reachout.plan": _("a reach-out plan"),
    "appreciations.appreciation": _("an appreciation"),
    "measures.response": _("a questionnaire result"),
    CHART: _("trend charts"),
    TREND: _("a trend"),
    SCORES: _("trust scores"),
    CASELOAD: _("the caseload row"),
    SAFETY_ALERT: _("a safety alert"),
}

# A kind recorded before it had words still reads as something.
UNNAMED = _("something of yours")


def kind_name(kind: str) -> str:
    return str(NAMES.get(kind, UNNAMED))
