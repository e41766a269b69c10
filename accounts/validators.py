from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CONTEXT_WORDS = (
    "mend",
    "recovery",
    "password",
    "family",
    "recuperación",
    "recuperacion",
    "contraseña",
    "familia",
)


class ContextWordsValidator:
    """Refuse passwords that are mostly the service's own name or obvious words."""

    def validate(self, password, user=None):
        lowered = (password or "").lower()
        for word in CONTEXT_WORDS:
            if lowered.replace(word, "").strip("0123456789!?.-_ ") == "":
                raise ValidationError(
                    _("Please choose a password that is not built from the word “%(word)s”."),
                    code="password_context_word",
                    params={"word": word},
                )

    def get_help_text(self):
        return _("Your password can’t be just the name of this site or words like “recovery” or “family”.")
