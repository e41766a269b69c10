from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from circles.access import LAST_CIRCLE
from circles.models import Member
from lib import crisis_lines


def home(request):
    """Signed out: what Mend is. Signed in: a professional's caseload, else the circle they
    used last, or their circles."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    memberships = Member.objects.current().filter(user=request.user)
    if memberships.filter(role=Member.Role.PROFESSIONAL).exists():
        # A professional's home is the caseload: their view across families (issue 15).
        return redirect("workspace:caseload")
    last = request.session.get(LAST_CIRCLE)
    if last and memberships.filter(circle_id=last).exists():
        return redirect("circles:home", circle_id=last)
    first = memberships.order_by("joined_at").first()
    if first is not None:
        return redirect("circles:home", circle_id=first.circle_id)
    return redirect("circles:list")


def crisis(request):
    """Crisis resources. Rendered without touching the database or the session,
    so it answers even when everything else is down.

    `?country=MX` puts that country's lines first and `?lang=es` chooses the language
    (the support card links here with the member's own, since this page cannot read
    their profile); an unknown or missing value gets the server's default country, or
    the language of the cookie or the browser. Every country is listed.
    """
    lang = request.GET.get("lang")
    if lang not in dict(settings.LANGUAGES):
        lang = get_language()
    country = crisis_lines.lookup(request.GET.get("country"))
    with translation.override(lang):
        context = {
            "request": request,
            "csp_nonce": getattr(request, "csp_nonce", ""),
            "quick_exit_url": settings.MEND_QUICK_EXIT_URL,
            "country": country,
            "others": crisis_lines.others(country),
            "spanish": crisis_lines.in_spanish(),
        }
        html = render_to_string("crisis.html", context)
    return HttpResponse(html)


def neutral(request):
    """Where quick exit lands: an ordinary page that says nothing about Mend."""
    return HttpResponse(render_to_string("neutral.html"))


@csrf_exempt
@require_POST
def quick_exit(request):
    """End the session at the moment quick exit is used (the script calls this as it leaves).

    No CSRF token: the crisis and error pages carry none, and quick exit must work from
    them too. Instead the browser's own `Sec-Fetch-Site` header, which a page cannot set,
    keeps other sites from signing people out. The answer also tells the browser to drop
    every page of Mend it kept, so Back finds nothing to show.
    """
    if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
        return HttpResponseForbidden()
    logout(request)
    response = HttpResponse(status=204)
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response
