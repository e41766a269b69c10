from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from circles.audience.forms import AudienceFields
from circles.models import Member
from measures import text
from measures.models import Schedule


class TakeForm(AudienceFields):
    """One field per published item (radio options), then who may see the result."""

    answers_shared = forms.BooleanField(
        label=_("Those who can see the result may also see my answer to each question"),
        required=False,
        help_text=_("Off unless you choose. Without it they see the total and what it means, nothing more."),
    )

    def __init__(self, *args, member: Member, instrument, lang: str | None = None, **kwargs):
        super().__init__(*args, member=member, **kwargs)
        self.instrument = instrument
        shown = lang if text.published_in(instrument, lang) else "en"
        self.items = []
        for item in instrument.items:
            name = f"item_{item.number}"
            self.fields[name] = forms.TypedChoiceField(
                label=text.pick(item.text, shown),
                choices=[(o.value, text.pick(o.label, shown)) for o in item.options],
                coerce=int,
                widget=forms.RadioSelect,
                required=item.scored,
                error_messages={"required": _("Please choose an answer.")},
            )
            self.items.append((item, name))
        self.order_fields([name for _item, name in self.items])

    def item_fields(self):
        return [(item, self[name]) for item, name in self.items]

    def answers(self) -> dict[int, int | None]:
        return {item.number: self.cleaned_data.get(name) for item, name in self.items}

    def clean(self):
        data = super().clean()
        if data.get("audience") == "only_me":
            data["answers_shared"] = False
        return data


class AssignForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Who is it for?"), queryset=Member.objects.none(), empty_label=_("Choose a person")
    )
    instrument = forms.ChoiceField(label=_("Questionnaire"))
    schedule = forms.ChoiceField(
        label=_("How often"), choices=Schedule.choices, initial=Schedule.WEEKLY, widget=forms.RadioSelect
    )

    def __init__(self, *args, members, instruments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: f"{m.name} · {m.get_role_display()}"
        self.fields["instrument"].choices = [(i.id, text.pick(i.name)) for i in instruments]
