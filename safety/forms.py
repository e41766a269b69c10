from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from safety import rules


class SafetyAnswersForm(forms.Form):
    """One radio group per question; every one needs an answer, "not sure" included."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, statement in rules.QUESTIONS.items():
            self.fields[key] = forms.ChoiceField(
                label=statement,
                choices=rules.CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose an answer. “Not sure” is a fine answer too.")},
            )
