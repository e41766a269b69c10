from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import coach
from circles.access import circle_member_required, open_to_professionals
from coach_web import alerts, screen

TEXT_LIMIT = 5000


@require_POST
@login_required
def check(request):
    """The coach's suggestions for a draft, as an htmx fragment. Never blocks sending."""
    if not request.user.coach_enabled:
        return render(request, "coach_web/_panel.html", {"off": True})
    text = request.POST.get(request.POST.get("field", "text"), "")[:TEXT_LIMIT]
    dismissed = set(filter(None, request.POST.getlist("dismissed")))
    # The whole engine, as on save: the learned layer is what finds most patterns and
    # indirect signs of crisis, and it answers in a few milliseconds.
    analysis = coach.analyze(text, request.LANGUAGE_CODE, learned=screen.use_learned())
    findings = [f for f in analysis.findings if f.pattern not in dismissed]
    context = {
        "analysis": analysis,
        "findings": findings,
        "strengths": analysis.strengths[:2],
        "target": request.POST.get("target", ""),
        "dismissed": sorted(dismissed),
        "crisis_card": screen.card_data(analysis.crisis) if analysis.crisis.flagged else None,
    }
    return render(request, "coach_web/_panel.html", context)


@circle_member_required
@open_to_professionals
def alerts_page(request):
    """The professional's unacknowledged safety alerts in one circle (where a notification
    leads). Members who are not professionals have no such page: 404."""
    if not request.member.is_professional:
        raise Http404
    found = alerts.flat(alerts.unacknowledged_for(request.member))
    return render(request, "coach_web/alerts.html", {"alerts": found, "circle": request.circle})


@require_POST
@circle_member_required
@open_to_professionals
def acknowledge_alert(request, alert_id):
    """The professional acknowledges an alert sent to them; anyone else gets 404."""
    try:
        alert = alerts.acknowledge(request.member, alert_id)
    except alerts.AlertNotFound:
        raise Http404 from None
    messages.success(
        request, _("You acknowledged that %(name)s may need a check-in.") % {"name": alert.member.name}
    )
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("coach_web:alerts", request.circle.pk)
