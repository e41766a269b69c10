from __future__ import annotations


class PrivacyHeadersMiddleware:
    """Headers Django does not set itself: no caching of pages, no sensors.

    Pages are never cached (a shared family computer must not show a private page
    from its cache); only static assets may be.
    """

    PERMISSIONS = "geolocation=(), camera=(), microphone=(), payment=(), usb=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.PERMISSIONS)
        if not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store"
        return response
