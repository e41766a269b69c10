from __future__ import annotations

import zoneinfo

from allauth.account import forms as allauth_forms
from django import forms
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
KNOWN_TIME_ZONES = frozenset(TIME_ZONES)


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=[(z, z.replace("_", " ")) for z in TIME_ZONES]
    )

    class Meta:
        model = User
        fields = ["display_name", "language", "time_zone", "country", "coach_enabled"]


class AccessTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What is this token for?"), max_length=60, help_text=_("For example “my phone app”.")
    )


# --- allauth's forms, in Mend's words (ACCOUNT_FORMS in mend/settings.py) -------------

PASSWORD_HELP = _("At least 10 characters. A few words you will remember work well.")


class MendWords:
    """Mend's labels and help texts over an allauth form (its own are stock and, in
    Spanish, say "usted"). The pages link to "forgot your password" themselves."""

    labels: dict = {}
    help_texts: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.labels:
                field.label = self.labels[name]
                field.widget.attrs.pop("placeholder", None)
            if name in self.labels or name in self.help_texts:
                field.help_text = self.help_texts.get(name, "")
            if isinstance(field, forms.EmailField):
                field.error_messages["invalid"] = _(
                    "Please check the email address: it does not look complete."
                )

    def add_error(self, field, error):
        # allauth writes this one in its forms, not through the adapter's messages.
        if isinstance(error, str | Promise) and str(error) == gettext(
            "You must type the same password each time."
        ):
            error = _("The two passwords are not the same. Please type them again.")
        super().add_error(field, error)


EMAIL = {"email": _("Email address")}
NEW_PASSWORDS = {"password1": _("New password"), "password2": _("New password again")}


class SignupForm(MendWords, allauth_forms.SignupForm):
    """Sign-up asks the name people in circles will see; the time zone comes from the browser."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=User._meta.get_field("display_name").plaintext_max_length,
        help_text=_("How people in your circles will see you. A first name or a nickname is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        error_messages={
            "required": _("Please write the name people will see."),
            "max_length": _("Please keep the name to %(limit_value)d characters or fewer."),
        },
    )
    # Filled in by static/js/mend.js from the browser; without it, the site's default.
    time_zone = forms.CharField(
        required=False, max_length=64, widget=forms.HiddenInput(attrs={"data-browser-time-zone": ""})
    )
    field_order = ["display_name", "email", "password1", "password2"]
    labels = {**EMAIL, "password1": _("Password"), "password2": _("Password again")}
    help_texts = {"password1": PASSWORD_HELP}

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Please write the name people will see."))
        return name

    def clean_time_zone(self) -> str:
        return known_time_zone(self.cleaned_data.get("time_zone", ""))


class LoginForm(MendWords, allauth_forms.LoginForm):
    labels = {"login": _("Email address"), "password": _("Password")}


class ReauthenticateForm(MendWords, allauth_forms.ReauthenticateForm):
    labels = {"password": _("Password")}


class ChangePasswordForm(MendWords, allauth_forms.ChangePasswordForm):
    labels = {"oldpassword": _("Current password"), **NEW_PASSWORDS}
    help_texts = {"password1": PASSWORD_HELP}


class SetPasswordForm(MendWords, allauth_forms.SetPasswordForm):
    labels = NEW_PASSWORDS
    help_texts = {"password1": PASSWORD_HELP}


class ResetPasswordForm(MendWords, allauth_forms.ResetPasswordForm):
    labels = EMAIL


class ResetPasswordKeyForm(MendWords, allauth_forms.ResetPasswordKeyForm):
    labels = NEW_PASSWORDS
    help_texts = {"password1": PASSWORD_HELP}


class AddEmailForm(MendWords, allauth_forms.AddEmailForm):
    labels = EMAIL


class RequestLoginCodeForm(MendWords, allauth_forms.RequestLoginCodeForm):
    labels = EMAIL


class ConfirmLoginCodeForm(MendWords, allauth_forms.ConfirmLoginCodeForm):
    labels = {"code": _("Code from the email")}


def known_time_zone(name: str) -> str:
    """The time zone if it is a real one, otherwise the site's default."""
    return name if name in KNOWN_TIME_ZONES else settings.TIME_ZONE
