"""The notification settings form: quiet hours, email on or off, and each kind on or off."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Kind, Preferences

TIME_ERRORS = {"invalid": _("Please give a time like 22:00 or 07:30.")}


class TimeInput(forms.TimeInput):
    input_type = "time"


class PreferencesForm(forms.ModelForm):
    quiet_start = forms.TimeField(
        label=_("Quiet from"), required=False, widget=TimeInput(format="%H:%M"), error_messages=TIME_ERRORS
    )
    quiet_end = forms.TimeField(
        label=_("Quiet until"), required=False, widget=TimeInput(format="%H:%M"), error_messages=TIME_ERRORS
    )
    email = forms.BooleanField(
        label=_("Also send me an email"),
        required=False,
        help_text=_("The email only says there is an update in Mend, never what it is about."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Tell me when"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick anything you would rather not hear about."),
    )

    class Meta:
        model = Preferences
        fields = ["quiet_start", "quiet_end", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        muted = set(self.instance.muted_kinds or [])
        self.fields["kinds"].initial = [kind for kind in Kind.values if kind not in muted]

    def clean(self):
        data = super().clean()
        start, end = data.get("quiet_start"), data.get("quiet_end")
        # Only judge the pair when both fields were readable; a bad time has its own message.
        if self.has_error("quiet_start") or self.has_error("quiet_end"):
            return data
        if (start is None) != (end is None):
            missing = "quiet_end" if end is None else "quiet_start"
            self.add_error(missing, _("Please give both times, or leave both empty for no quiet hours."))
        elif start is not None and start == end:
            self.add_error("quiet_end", _("Quiet hours need to end at a different time than they start."))
        return data

    def save(self, commit=True):
        chosen = set(self.cleaned_data["kinds"])
        self.instance.muted_kinds = [kind for kind in Kind.values if kind not in chosen]
        return super().save(commit=commit)
