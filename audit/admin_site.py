"""The admin site: every model registered on it writes an audit row for each add, change
and delete by site staff (SECURITY.md check 12), beside Django's own admin log.

The row holds the staff member's id, the object's kind and id, and the person the
object belongs to; never the object's text or the change message Django's log keeps.
Adding and changing happen in the admin's own transaction, so a row that cannot be
written undoes the change, and bulk actions get a transaction of their own.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import transaction

from audit.models import Kind
from audit.trail import record


def owner_of(obj) -> int | None:
    """The person an admin object belongs to: a user is themselves; a record with a
    `user` (an email address, a session, a two-step login) is theirs."""
    if isinstance(obj, get_user_model()):
        return obj.pk
    return getattr(obj, "user_id", None)


class AuditedAdmin:
    """Mixed into every ModelAdmin on the site."""

    def _record(self, request, obj, kind: Kind) -> None:
        record(kind, actor=request.user, about=owner_of(obj), target=obj)

    def log_addition(self, request, obj, message):
        self._record(request, obj, Kind.ADMIN_ADDED)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._record(request, obj, Kind.ADMIN_CHANGED)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._record(request, obj, Kind.ADMIN_DELETED)
        return super().log_deletions(request, queryset)

    def response_action(self, request, queryset):
        # A bulk action ("delete selected") logs, then acts: one transaction for both.
        with transaction.atomic():
            return super().response_action(request, queryset)


class AuditedAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, AuditedAdmin):
            base = type(f"Audited{base.__name__}", (AuditedAdmin, base), {"__module__": base.__module__})
        return super().register(model_or_iterable, base, **options)
