from __future__ import annotations

from coach_web import screen

API_PREFIX = "/api/"


class CrisisScreenMiddleware:
    """Lets the crisis screen see the request, and carries a hit to the author's next page.

    Pages get the support card on the page they land on (after the usual redirect);
    API clients get a `Mend-Crisis` header naming the tier, and nothing else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = screen.current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            screen.current_request.reset(token)
        found = getattr(request, "mend_crisis", None)
        if found:
            if request.path.startswith(API_PREFIX):
                response["Mend-Crisis"] = found["tier"]
            elif hasattr(request, "session"):
                request.session[screen.SESSION_KEY] = found
        return response
