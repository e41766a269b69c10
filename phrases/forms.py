from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from phrases import library as lib
from phrases.models import TEXT_MAX


class OwnPhraseForm(forms.Form):
    """A phrase in the member's own words (pages and API both use this form)."""

    purpose = forms.ChoiceField(
        label=_("What is it for?"),
        required=False,
        help_text=_("It will appear with the phrases for that purpose."),
    )
    text = forms.CharField(
        label=_("Your phrase"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Words that sound like you, for a hard moment."),
        error_messages={"required": _("Please write a few words for your phrase.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        library = lib.library(lib.language_of(get_language()))
        self.fields["purpose"].choices = [("", _("No particular purpose"))] + [
            (p.key, p.name) for p in library.purposes
        ]

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Please write a few words for your phrase."))
        return text
