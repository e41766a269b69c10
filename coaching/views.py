from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_POST

import coach

TEXT_LIMIT = 5000


@require_POST
@login_required
def check(request):
    """The coach's suggestions for a draft, as an htmx fragment. Never blocks sending."""
    if not request.user.coach_enabled:
        return render(request, "coaching/_panel.html", {"off": True})
    text = request.POST.get(request.POST.get("field", "text"), "")[:TEXT_LIMIT]
    dismissed = set(filter(None, request.POST.getlist("dismissed")))
    # Rules only while typing, so it is instant; the full engine screens every save.
    analysis = coach.analyze(text, request.LANGUAGE_CODE, semantic=False)
    findings = [f for f in analysis.findings if f.pattern not in dismissed]
    context = {
        "analysis": analysis,
        "findings": findings,
        "strengths": analysis.strengths[:2],
        "target": request.POST.get("target", ""),
        "dismissed": sorted(dismissed),
        "safety_card": {"tier": analysis.safety.tier, "category": analysis.safety.category}
        if analysis.safety.flagged
        else None,
        "semantic_note": not settings.MEND_COACH_SEMANTIC,
    }
    return render(request, "coaching/_panel.html", context)
