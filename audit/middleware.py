"""allauth's account pages, in one transaction each.

allauth saves a new password (or email address, or removes two-step login) and only
then sends the signal whose receiver writes the audit row. Inside one transaction, a
row that cannot be written undoes the change too (SECURITY.md check 12): the view's
error becomes a 500 response, and any 5xx rolls the transaction back. The login page
itself is left out: its row is written as the login completes, and a login whose row
fails ends in an error page whose session is never saved.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import Resolver404, resolve, reverse

OUTSIDE = {"account_login"}


class AccountPagesInOneTransaction:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = reverse("account_login").rsplit("/", 2)[0] + "/"  # allauth's pages: /accounts/

    def __call__(self, request):
        if request.method != "POST" or not request.path_info.startswith(self.prefix) or _outside(request):
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response


def _outside(request) -> bool:
    try:
        return resolve(request.path_info).url_name in OUTSIDE
    except Resolver404:
        return True
