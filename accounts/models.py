from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import Kind
from audit.trail import record
from lib import crisis_lines
from lib.fields import EncryptedCharField
from lib.onetime import digest as secret_digest
from lib.onetime import new_secret


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person with a login. Email is the login; the name is how others see them."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    # The primary key is known only after the insert, so sealed values are bound to this.
    seal_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    display_name = EncryptedCharField(
        _("name"),
        max_length=80,
        blank=True,
        help_text=_("How people in your circles see you."),
        bind_to="seal_id",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    country = models.CharField(
        _("country for crisis lines"),
        max_length=2,
        choices=crisis_lines.COUNTRY_CHOICES,
        default=crisis_lines.default_country,
        help_text=_(
            "Mend shows this country’s crisis and support lines first. Nobody in your circles sees it."
        ),
    )
    coach_enabled = models.BooleanField(
        _("show the communication coach’s suggestions as I write"), default=True
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    def __str__(self) -> str:
        return self.display_name or self.email.split("@")[0]

    @property
    def name(self) -> str:
        return str(self)


class AccessTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def for_raw(self, raw: str):
        """The live token matching a presented secret, or None."""
        return self.active().select_related("user").filter(digest=secret_digest(raw)).first()

    def revoke(self) -> int:
        """Stop the tokens of this queryset that still work, each with its audit row; says how many.

        Only a token's owner stops it (their settings, a new password or two-step login,
        signing out everywhere), so the owner is recorded as the one who acted.
        """
        with transaction.atomic():
            live = list(self.active().select_for_update().values_list("pk", "user_id"))
            AccessToken.objects.filter(pk__in=[pk for pk, _user in live]).update(revoked_at=timezone.now())
            for pk, user_id in live:
                record(Kind.TOKEN_REVOKED, actor=user_id, about=user_id, target=("accounts.accesstoken", pk))
        return len(live)


class AccessToken(models.Model):
    """A personal access token for the API. Only a digest of the secret is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(_("name"), max_length=60)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user, name: str, days: int | None = None) -> tuple[AccessToken, str]:
        """Create a token and return it with its secret, which is shown only once."""
        raw = new_secret("mend_")
        days = days or settings.MEND_ACCESS_TOKEN_DAYS
        with transaction.atomic():
            token = cls.objects.create(
                user=user,
                name=name,
                digest=secret_digest(raw),
                prefix=raw[:12],
                expires_at=timezone.now() + timedelta(days=days),
            )
            record(Kind.TOKEN_CREATED, actor=user, about=user, target=token)
        return token, raw

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
