from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.defaults import permission_denied

from lib.limits import has_nul, nul_message
from lib.refusal import Refused


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


class CrisisPageMiddleware:
    """Answers GET /crisis/ before sessions, users or anything else that needs the database.

    A signed-in member's cookie would otherwise make the session, user and
    activity middleware query (and write) the database first, so the crisis page
    would fail for exactly the people who need it when the database is down or
    locked (SECURITY.md check 20). Sits after the header middleware, so the page
    still gets its CSP, framing and privacy headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path_info == reverse("crisis"):
            from mend.views import crisis

            # LocaleMiddleware has not run yet: take the language cookie or the browser's.
            with translation.override(translation.get_language_from_request(request)):
                return crisis(request)
        return self.get_response(request)


class RefusalMiddleware:
    """Shows a rule's refusal that a page view did not catch itself.

    403 refusals (seen, but not yours to change) get the 403 page; any other refusal
    becomes a message on the page the person came from, so nothing they typed elsewhere
    is lost and they read why. Views that have a form show refusals on the form instead
    (`lib.refusal.show_refusal`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Refused):
            return None
        if exception.status == 403:
            return permission_denied(request, exception)
        messages.error(request, exception.message)
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = "home"
        return redirect(back)


class InputLimitsMiddleware:
    """Refuses, before any view, what no page or API call may carry.

    A NUL character in the address, the query or a posted form: pages say so in a
    message on the page (forms' own check only covers their text fields; PostgreSQL
    cannot store one anywhere), the API answers 422 like its other validation errors.
    An API body over DATA_UPLOAD_MAX_MEMORY_SIZE answers 413 in JSON (Django would
    answer an HTML 400 when ninja reads it). Runs as `process_view`, after the CSRF check.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        api = request.path_info.startswith("/api/")
        if api and int(request.META.get("CONTENT_LENGTH") or 0) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
            detail = _("This request is too large. Please send at most %(size)s KB.") % {"size": size}
            return JsonResponse({"detail": detail}, status=413)
        found = self._nul_in(request)
        if found is None:
            return None
        if api:
            error = {"loc": list(found), "msg": nul_message(), "type": "null_character"}
            return JsonResponse({"detail": nul_message(), "errors": [error]}, status=422)
        messages.error(request, nul_message())
        return redirect(reverse("home") if has_nul(request.path) else request.path)

    @staticmethod
    def _nul_in(request) -> tuple[str, ...] | None:
        if has_nul(request.path):
            return ("path",)
        sources = [("query", request.GET)]
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            sources.append(("form", request.POST))
        for where, data in sources:
            for key, values in data.lists():
                if has_nul(key) or has_nul(values):
                    return (where, key.replace("\x00", ""))
        return None
