from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_POST

import coach
from coach_web import screen

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
