"""What a member is told about safety alerts when consenting (issue 15, point 7).

One sentence, in English and Spanish, read by the consent pages (circles/consent/) and by
the alerts themselves (coach_web/alerts.py, which names it again as
`coach_web.alerts.WHAT_AN_ALERT_IS`). It lives here, below every app, as the crisis lines
do, so both can import it and the member reads exactly what the alert does.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# `%(name)s` is the member's own name: what the professional reads is exactly that line.
WHAT_AN_ALERT_IS = _(
    "If you turn on safety alerts: when something you write in Mend looks to Mend’s safety "
    "screen like a crisis (thoughts of ending your life or hurting yourself, an overdose, or "
    "violence), each professional named in this consent is told “%(name)s may need a "
    "check-in from you”, with how many times and since when. They never see what you wrote, "
    "what the screen found, or where you wrote it. Gentler results only show you help, as "
    "always. An alert stays on their list until they acknowledge it. Turning safety alerts "
    "off, or revoking this consent, stops new alerts at once and takes any they have not "
    "acknowledged off their list."
)


def what_an_alert_is(name: str) -> str:
    """`WHAT_AN_ALERT_IS` with the member's own name, in the active language."""
    return str(WHAT_AN_ALERT_IS) % {"name": name}
