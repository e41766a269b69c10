from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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

    def __init__(self, *args, member: Member | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only owners invite a professional (circles.logic.invite refuses anyone else), so
        # nobody else is offered the choice. Parsing input keeps every role, so that the
        # rule's own refusal answers.
        if member is not None and not member.is_owner:
            self.fields["role"].choices = [
                (value, label) for value, label in Member.Role.choices if value != Member.Role.PROFESSIONAL
            ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("My status in this circle"), choices=Member.Status.choices, widget=forms.RadioSelect
    )


class MemberForm(forms.Form):
    """A form filled in by a member of a circle; parts of a form pass `member` along."""

    def __init__(self, *args, member: Member, **kwargs):
        self.member = member
        super().__init__(*args, **kwargs)
