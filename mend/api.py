"""The versioned JSON API at /api/v1/ (OpenAPI at /api/v1/openapi.json).

Signed-in browsers use their session (with CSRF); other clients send a personal
access token as `Authorization: Bearer mend_…`.
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from access_log.api import router as access_log_router
from accounts.models import AccessToken
from appreciations.api import router as appreciations_router
from audit.api import router as account_router
from checkins.api import router as checkins_router
from circles.api import invitations_router
from circles.api import router as circles_router
from coach_web.api import router as alerts_router
from ledger.api import router as ledger_router
from lib.refusal import Refused
from measures.api import router as measures_router
from phrases.api import router as phrases_router
from practices.api import help_router
from practices.api import router as practices_router
from reachout.api import router as reachout_router
from repair.api import router as repair_router
from safety.api import router as safety_router
from workspace.api import router as workspace_router


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = AccessToken.objects.for_raw(token)
        if found is None or not found.user.is_active:
            return None
        AccessToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        request.mend_access_token = found
        return found.user


class ActiveSessionAuth(SessionAuth):
    def __call__(self, request):
        # Only a signed-in session is checked for CSRF: a client whose token is wrong gets 401, not 403.
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


api = NinjaAPI(
    title="Mend API",
    version="1",
    description="Circles, members, invitations and entries, under the same audience rules as the pages.",
    auth=[TokenAuth(), ActiveSessionAuth()],
    urls_namespace="api-1",
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(
        request,
        {"detail": "Please sign in, or send a valid access token (Authorization: Bearer mend_…)."},
        status=401,
    )


@api.exception_handler(Refused)
def refused(request, exc):
    """Every rule's refusal, the same way everywhere: its words, its code, its status."""
    return api.create_response(request, {"detail": exc.message, "code": exc.code}, status=exc.status)


@api.exception_handler(NinjaValidationError)
def invalid(request, exc):
    return api.create_response(
        request, {"detail": "Some values are not valid.", "errors": exc.errors}, status=422
    )


api.add_router("/account", account_router)
api.add_router("/account", access_log_router)
api.add_router("/circles", circles_router)
api.add_router("/invitations", invitations_router)
api.add_router("/appreciations", appreciations_router)
api.add_router("/measures", measures_router)
api.add_router("/ledger", ledger_router)
api.add_router("/checkins", checkins_router)
api.add_router("/ruptures", repair_router)
api.add_router("/reach-out", reachout_router)
api.add_router("/phrases", phrases_router)
api.add_router("/safety", safety_router)
api.add_router("/workspace", workspace_router)
api.add_router("/workspace/alerts", alerts_router)
api.add_router("/practices", practices_router)
api.add_router("/help-requests", help_router)
