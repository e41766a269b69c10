from __future__ import annotations

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


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
