from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from circles.audience import Audience
from circles.models import Member


class CircleForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the circle"),
        max_length=80,
        help_text=_("For example “The Garcías” or “Sam and Alex”."),
    )
    # Professionals join a family's circle only by invitation, never by founding one.
    role = forms.ChoiceField(
        label=_("Your role in it"),
        choices=[(value, label) for value, label in Member.Role.choices if value != Member.Role.PROFESSIONAL],
    )


class InvitationForm(forms.Form):
    role = forms.ChoiceField(label=_("Their role"), choices=Member.Role.choices)
    note = forms.CharField(label=_("Who is it for? (only you see this)"), max_length=80, required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("My status in this circle"), choices=Member.Status.choices, widget=forms.RadioSelect
    )


class MemberForm(forms.Form):
    """A form filled in by a member of a circle; parts of a form pass `member` along."""

    def __init__(self, *args, member: Member, **kwargs):
        self.member = member
        super().__init__(*args, **kwargs)


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
        self.fields["chosen"].queryset = (
            Member.objects.reachable()
            .filter(circle_id=member.circle_id)
            .exclude(pk=member.pk)
            .exclude(role=Member.Role.PROFESSIONAL)
            .select_related("user")
        )
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
        entry.set_audience(
            self.cleaned_data["audience"],
            self.cleaned_data.get("chosen") or (),
            self.cleaned_data.get("professional_may_see", False),
        )
