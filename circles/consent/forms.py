"""The consent form: the member's choices, then (on review) their password."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from circles.consent import logic
from circles.consent.categories import Category, Level, Purpose
from circles.consent.text import SAFETY_ALERT_EXPLAINED, language_of
from circles.models import Member

OFF = ""
# Short for a phone's select; the fieldset's help and the text signed say them in full.
LEVEL_CHOICES = [
    (OFF, _("Not shared")),
    (Level.TRENDS, _("Trends only")),
    (Level.ENTRIES, _("Entries and trends")),
]


def category_field_name(category: str) -> str:
    return f"category_{category}"


class ConsentForm(forms.Form):
    """What a member chooses; `professionals` are the circle's, `language` the text's."""

    recipients = forms.ModelMultipleChoiceField(
        label=_("Who may see it"),
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose the professional this consent is for.")},
    )
    purposes = forms.MultipleChoiceField(
        label=_("What it is for"),
        choices=Purpose.choices,
        initial=[Purpose.TREATMENT],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose what this consent is for.")},
    )
    data_from = forms.DateField(
        label=_("From which day (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Left empty: only what you write from today on. Nothing from before unless you choose a day."
        ),
    )
    expires_on = forms.DateField(
        label=_("Until which day"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The consent ends by itself after this day. You can revoke it earlier at any time."),
    )
    safety_alerts = forms.BooleanField(label=_("Safety alerts"), required=False)

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["recipients"].queryset = logic.professionals_for(member)
        self.fields["recipients"].label_from_instance = lambda m: m.name
        self.fields["expires_on"].initial = logic.default_expiry(member)
        language = language_of(getattr(member.user, "language", "en"))
        self.fields["safety_alerts"].help_text = _(
            "Yes: they receive %(explained)s. No: nothing from the safety screen reaches them."
        ) % {"explained": SAFETY_ALERT_EXPLAINED[language]}
        for category, label in Category.choices:
            self.fields[category_field_name(category)] = forms.ChoiceField(
                label=label,
                choices=LEVEL_CHOICES,
                required=False,
                # Nothing is shared until the member chooses it, one kind at a time (CLINICAL.md:
                # shared-by-default is the anti-pattern of family apps with practitioners).
                initial=OFF,
                help_text=(
                    _(
                        "Off unless you choose it. Ruptures someone else logs with you may tell "
                        "of your use: your professional sees those only if you choose entries here."
                    )
                    if category == Category.CRAVINGS
                    else ""
                ),
            )

    def category_fields(self):
        return [self[category_field_name(c)] for c in Category.values]

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        today = logic.today_for(self.member)
        if day <= today:
            raise forms.ValidationError(_("Please choose an end date after today."))
        if day > today + timedelta(days=logic.LONGEST_DAYS):
            raise forms.ValidationError(
                _("A consent can last three years at most. Please choose an earlier end date.")
            )
        return day

    def clean_data_from(self):
        day = self.cleaned_data.get("data_from")
        if day and day > logic.today_for(self.member):
            raise forms.ValidationError(_("Please choose a start date that is today or earlier."))
        return day

    def clean(self):
        cleaned = super().clean()
        if not self.scopes():
            raise forms.ValidationError(_("Please choose at least one kind of information they may see."))
        return cleaned

    def scopes(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        return {
            c: data[category_field_name(c)]
            for c in Category.values
            if data.get(category_field_name(c)) in Level.values
        }

    def choices(self) -> logic.ConsentChoices:
        data = self.cleaned_data
        return logic.ConsentChoices(
            recipients=tuple(data["recipients"]),
            scopes=self.scopes(),
            expires_on=data["expires_on"],
            purposes=tuple(data["purposes"]),
            data_from=data.get("data_from"),
            safety_alerts=bool(data.get("safety_alerts")),
            language=language_of(getattr(self.member.user, "language", "en")),
        )

    @staticmethod
    def initial_from(consent) -> dict:
        """A consent's choices, to start a change from."""
        choices = logic.choices_of(consent)
        initial = {
            "recipients": list(choices.recipients),
            "purposes": list(choices.purposes),
            "data_from": choices.data_from,
            "expires_on": choices.expires_on,
            "safety_alerts": choices.safety_alerts,
        }
        for category in Category.values:
            initial[category_field_name(category)] = choices.scopes.get(category, OFF)
        return initial


class SignForm(forms.Form):
    password = forms.CharField(
        label=_("Your Mend password, to sign"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )
