"""The audience part of every entry form: one widget set, one validation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from circles.audience.models import Audience
from circles.forms import MemberForm
from circles.models import Member


class AudienceFields(MemberForm):
    """The audience part of every entry form: one widget set, one validation."""

    audience = forms.ChoiceField(
        label=_("Who can see this?"),
        choices=Audience.choices,
        initial=Audience.ONLY_ME,
        widget=forms.RadioSelect,
    )
    chosen = forms.ModelMultipleChoiceField(
        label=_("Chosen members"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    professional_may_see = forms.BooleanField(
        label=_("The circle’s professional may see this"),
        required=False,
        help_text=_("Never for entries only you can see."),
    )

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, member=member, **kwargs)
        self.fields["chosen"].queryset = Member.objects.choosable_by(member).select_related("user")
        self.fields["chosen"].label_from_instance = lambda m: f"{m.name} · {m.get_role_display()}"

    def clean(self):
        data = super().clean()
        if data.get("audience") == Audience.CHOSEN and not data.get("chosen"):
            self.add_error("chosen", _("Please choose at least one person, or change who can see this."))
        if data.get("audience") == Audience.ONLY_ME and data.get("professional_may_see"):
            self.add_error(
                "professional_may_see",
                _("An entry only you can see stays private, even from the professional."),
            )
        return data

    @staticmethod
    def initial_for(entry) -> dict:
        """The entry's current audience, to start the form from."""
        return {
            "audience": entry.audience,
            "chosen": list(entry.chosen.all()),
            "professional_may_see": entry.professional_may_see,
        }

    def apply_to(self, entry) -> None:
        """Store the choice on an entry the caller already may change (see `change_audience`)."""
        entry.set_audience(
            self.cleaned_data["audience"],
            self.cleaned_data.get("chosen") or (),
            self.cleaned_data.get("professional_may_see", False),
        )
