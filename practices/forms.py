from __future__ import annotations

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from practices import vocabulary
from practices.models import Practice

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


class PracticeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of practice is it?"), choices=Practice.Kind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("Name of the practice"), max_length=120)
    intake_email = forms.EmailField(
        label=_("Intake email"),
        required=False,
        max_length=254,
        help_text=_("Shown to families who ask you for help."),
    )
    intake_phone = forms.CharField(
        label=_("Intake phone"),
        required=False,
        max_length=40,
        help_text=_("Shown to families who ask you for help."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you work in"), choices=vocabulary.LANGUAGES, widget=forms.CheckboxSelectMultiple
    )
    accepts_requests = forms.BooleanField(
        label=_("Families on this server may send us requests"), required=False, initial=True
    )

    def clean(self):
        data = super().clean()
        if not data.get("intake_email") and not data.get("intake_phone"):
            raise forms.ValidationError(_("Please give an intake email, a phone number, or both."))
        return data


class AddPractitionerForm(forms.Form):
    email = forms.EmailField(label=_("Their email address"), max_length=254)
    as_admin = forms.BooleanField(label=_("Also an admin of the practice"), required=False)


class HelpRequestForm(forms.Form):
    practice = forms.ModelChoiceField(
        label=_("Which practice?"),
        queryset=Practice.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    name = forms.CharField(label=_("Your name, as the practice will see it"), max_length=80)
    reason = forms.CharField(
        label=_("In a few words, what would you like help with?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the practice reads this. Nobody else in your circle sees it."),
    )
    contact = forms.CharField(
        label=_("How can they reach you?"),
        max_length=200,
        help_text=_("An email address or phone number, and when is a good time."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you would like to speak"),
        choices=vocabulary.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    time_zone = forms.ChoiceField(
        label=pgettext_lazy("practices", "Your time zone"), choices=[(tz, tz) for tz in TIME_ZONES]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = Practice.objects.accepting()
        self.fields["practice"].label_from_instance = lambda p: p.name


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=pgettext_lazy("practices", "Your reply"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ProposeForm(forms.Form):
    practitioner = forms.ModelChoiceField(label=_("Which professional?"), queryset=None, empty_label=None)

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["practitioner"]
        field.queryset = practice.practitioners.current().select_related("user")
        field.label_from_instance = lambda p: p.name
