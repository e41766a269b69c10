"""The audience part of every entry form: one widget set, one validation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from circles.audience import addressed
from circles.audience.change import AudienceChoice
from circles.audience.models import Audience
from circles.forms import MemberForm
from circles.models import Member


class AudienceFields(MemberForm):
    """The audience part of every entry form: one widget set, one validation.

    A form whose entry is aimed at people (a promise, thanks, a small moment) sets
    `addressed_label`: it then offers "those it is aimed at" first and by default
    (`addressed.ADDRESSED`), says who will see it (`who_sees`), and `addressed()` names
    the people. Once cleaned, the choice is the real audience it resolves to.
    """

    addressed_label = None
    addressed_hint = ""  # who sees it by default, before anyone is picked
    to_confirm = False  # those it is aimed at are asked to confirm it (promises)
    resolved: AudienceChoice | None = None  # the choice as cleaned, after `is_valid()`

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
        if self.addressed_label is not None:
            audience = self.fields["audience"]
            audience.choices = [(addressed.ADDRESSED, self.addressed_label), *audience.choices]
            audience.initial = addressed.ADDRESSED
            audience.required = False  # left out (the API's default): those it is aimed at

    def addressed(self, data: dict) -> tuple[list[Member], bool] | None:
        """The people this entry is aimed at (from cleaned data) and whether it is the whole
        circle; None while nobody has been picked."""
        return None

    def clean_audience(self):
        value = self.cleaned_data.get("audience")
        return value or (addressed.ADDRESSED if self.addressed_label is not None else value)

    def clean(self):
        data = super().clean()
        followed = data.get("audience") == addressed.ADDRESSED
        if followed:
            people, whole = self.addressed(data) or ([], False)
            choice = addressed.resolve(
                people, whole_circle=whole, professional_may_see=bool(data.get("professional_may_see"))
            )
            data.update(
                audience=choice.audience,
                chosen=list(choice.chosen),
                professional_may_see=choice.professional_may_see,
            )
        if data.get("audience") in Audience.values:
            # Kept aside: a later error about the choice takes it out of cleaned_data, and
            # the author still reads who it would reach.
            self.resolved = AudienceChoice.from_form(data)
        # (Aimed at the professional alone, "those it is aimed at" is the professional's flag.)
        only_professional = followed and data.get("professional_may_see")
        if data.get("audience") == Audience.CHOSEN and not data.get("chosen") and not only_professional:
            self.add_error("chosen", _("Please choose at least one person, or change who can see this."))
        if data.get("audience") == Audience.ONLY_ME and data.get("professional_may_see"):
            self.add_error(
                "professional_may_see",
                _("An entry only you can see stays private, even from the professional."),
            )
        return data

    def who_sees(self) -> list[str]:
        """Who will see the entry as the form stands, in sentences for its author."""
        if not self.is_bound:
            return [self.addressed_hint] if self.addressed_label is not None else []
        choice = self.resolved
        if choice is None:
            return []
        aimed = self.addressed(self.cleaned_data)
        if (
            aimed is None
            and self.addressed_label is not None
            and self.data.get("audience") in addressed.UNSAID
        ):
            return [self.addressed_hint]  # nobody picked yet: the default, in general words
        people, whole = aimed or ([], False)
        return addressed.who_will_see(
            self.member, choice, people=people, whole_circle=whole, to_confirm=self.to_confirm
        )

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
