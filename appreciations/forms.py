from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from appreciations.models import TEXT_MAX
from circles.audience.forms import AudienceFields
from circles.models import Member


class AppreciationForm(AudienceFields):
    addressed_label = _("Whoever I am thanking")
    addressed_hint = _("Whoever you thank will see it: the person, or the whole circle.")

    to_member = forms.ModelChoiceField(
        label=_("Who are you thanking?"),
        queryset=Member.objects.none(),
        required=False,
        empty_label=_("The whole circle"),
    )
    text = forms.CharField(
        label=_("What you appreciate"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Something specific they did, and what it meant to you."),
        error_messages={"required": _("Please write a few words of thanks.")},
    )

    field_order = ["to_member", "text", "audience", "chosen", "professional_may_see"]

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, member=member, **kwargs)
        self.fields["to_member"].queryset = self.fields["chosen"].queryset
        self.fields["to_member"].label_from_instance = self.fields["chosen"].label_from_instance

    def addressed(self, data):
        if "to_member" not in data:
            return None
        person = data["to_member"]
        return ([person] if person else []), person is None  # nobody named: the whole circle

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Please write a few words of thanks."))
        return text
