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


class FetchMetadataOriginMiddleware:
    """Let same-origin form posts pass Django's Origin check under `no-referrer`.

    With `Referrer-Policy: no-referrer`, browsers send `Origin: null` on form
    posts, which Django's CSRF check refuses. `Sec-Fetch-Site` is set by the
    browser itself and cannot be forged by a page, so when it says the request
    came from this very origin, the real origin is put back for the check. The
    CSRF token is still required as usual.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if meta.get("HTTP_ORIGIN") == "null" and meta.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            meta["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
        return self.get_response(request)
