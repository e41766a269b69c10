from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from checkins import vocabulary as v
from checkins.logic import CheckInData, CravingData, may_report_cravings
from checkins.models import MIN_TIMEOUT_MINUTES, NOTE_MAX, TOOLS, Reminder, State
from circles.audience import Audience
from circles.audience.forms import AudienceFields
from circles.forms import MemberForm
from circles.models import Member

# The strength of one feeling: optional, offered once the feeling is tapped.
# Numbers only on the buttons; the question (each fieldset's legend) says what they mean.
INTENSITY_CHOICES = [(n, str(n)) for n in range(v.INTENSITY_MIN, v.INTENSITY_MAX + 1)]
CONNECTION_CHOICES = [
    ("", "—"),
    (1, _("1 · far apart")),
    (2, "2"),
    (3, _("3 · somewhat")),
    (4, "4"),
    (5, _("5 · very close")),
]
# What each nervous-system state feels like from the inside, under its name on the card.
STATE_HINTS = {
    State.SETTLED: _("calm enough, I can think"),
    State.ACTIVATED: _("wound up, on edge"),
    State.SHUT_DOWN: _("flat, far away"),
}
STATE_NAMES = {
    State.SETTLED: _("Settled"),
    State.ACTIVATED: _("Activated"),
    State.SHUT_DOWN: _("Shut down"),
}
OUT_OF_LIST = _("Please choose from the list.")


def _choice(label, choices, widget=None):
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=widget or forms.Select,
        error_messages={"invalid_choice": OUT_OF_LIST},
    )


class CheckInForm(AudienceFields):
    """Body first, in a few taps: where and what in the body, the nervous-system state, a
    feeling or two. Everything else (more places, urges, connection, cravings) is optional.

    The page sends `where`/`like` and the `feelings` chips; the API sends the per-region
    `body_<region>` and per-feeling `feeling_<key>` fields. Both end in the same
    `CheckInData`, so a page and an API check-in hold the same things.
    """

    where = forms.ChoiceField(
        label=_("Where in your body do you notice something?"),
        choices=v.REGIONS,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": OUT_OF_LIST},
    )
    like = forms.ChoiceField(
        label=_("What is it like there?"),
        choices=v.SENSATIONS,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": OUT_OF_LIST},
    )
    state = forms.ChoiceField(
        label=_("All in all, my body feels"),
        choices=[(value, STATE_NAMES[value]) for value in State.values],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose how your body feels right now."),
            "invalid_choice": OUT_OF_LIST,
        },
    )
    feelings = forms.MultipleChoiceField(
        label=_("Feelings I notice"),
        choices=list(v.FEELINGS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": OUT_OF_LIST},
    )
    urges = forms.MultipleChoiceField(
        label=_("I notice an urge"),
        choices=v.URGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": OUT_OF_LIST},
    )
    note = forms.CharField(
        label=_("Anything else (optional, private unless you share it)"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, member=member, **kwargs)
        for key, label in v.FEELINGS.items():
            self.fields[f"feeling_{key}"] = _choice(
                gettext("How strong is “%(feeling)s”? From 1, a little, to 5, very strongly.")
                % {"feeling": label},
                INTENSITY_CHOICES,
                forms.RadioSelect,
            )
        for key, label in v.REGIONS:
            self.fields[f"body_{key}"] = forms.ChoiceField(
                label=label,
                choices=[("", "—"), *v.SENSATIONS],
                required=False,
                error_messages={"invalid_choice": OUT_OF_LIST},
            )
        # The urge to use follows the cravings' audience, never the check-in's.
        self.fields["urges"].help_text = (
            _("An urge to use or drink stays with your cravings: only the people you choose for them see it.")
            if may_report_cravings(member)
            else _("An urge to use or drink stays private: only you see it.")
        )
        self.others = list(self.fields["chosen"].queryset)
        for other in self.others:
            self.fields[f"connection_{other.pk}"] = _choice(other.name, CONNECTION_CHOICES)
        if may_report_cravings(member):
            self.fields["craving_level"] = forms.IntegerField(
                label=_("Cravings right now, from 0 (none) to 10 (very strong)"),
                min_value=v.CRAVING_MIN,
                max_value=v.CRAVING_MAX,
                required=False,
                error_messages={
                    "min_value": _("Cravings go from 0 to 10."),
                    "max_value": _("Cravings go from 0 to 10."),
                    "invalid": _("Please give a number from 0 to 10."),
                },
            )
            self.fields["craving_used"] = forms.BooleanField(
                label=_("I used or drank since my last check-in"), required=False
            )

    def clean(self):
        data = super().clean()
        if data.get("like") and not data.get("where"):
            self.add_error("where", _("Where do you notice it? Tap a place, or “all over”."))
        return data

    # What the template lays out: plain lists of bound fields, in the order shown.

    def state_cards(self):
        """(radio, hint) for each nervous-system state, as large cards."""
        return [(radio, STATE_HINTS[radio.data["value"]]) for radio in self["state"]]

    def feeling_chips(self):
        """(common, more): each a list of (checkbox, its strength field), common ones first."""
        strength = {key: self[f"feeling_{key}"] for key in v.FEELINGS}
        chips = [(radio, strength[radio.data["value"]]) for radio in self["feelings"]]
        common = [chip for chip in chips if chip[0].data["value"] in v.COMMON_FEELINGS]
        common.sort(key=lambda chip: v.COMMON_FEELINGS.index(chip[0].data["value"]))
        return common, [chip for chip in chips if chip[0].data["value"] not in v.COMMON_FEELINGS]

    def more_feelings_open(self) -> bool:
        """Open "More feelings" when one of them is already chosen (after an error, say)."""
        _common, more = self.feeling_chips()
        return any(box.data["selected"] or strength.errors for box, strength in more)

    def body_fields(self):
        return [self[f"body_{key}"] for key, _l in v.REGIONS]

    def connection_fields(self):
        return [self[f"connection_{m.pk}"] for m in self.others]

    def more_has_errors(self) -> bool:
        names = ["urges", *(f"body_{k}" for k, _l in v.REGIONS), *(f"connection_{m.pk}" for m in self.others)]
        return any(name in self.errors for name in names)

    def data_for_logic(self) -> CheckInData:
        data = self.cleaned_data
        # A strength counts only for a feeling still tapped: one untapped again is gone.
        named = set(data.get("feelings") or [])
        sensations = {key: data[f"body_{key}"] for key, _l in v.REGIONS if data.get(f"body_{key}")}
        where = data.get("where")
        if where:  # the place tapped first comes first; "what it is like" may be left out
            kind = data.get("like") or sensations.get(where, "")
            sensations = {where: kind} | {k: s for k, s in sensations.items() if k != where}
        return CheckInData(
            state=data["state"],
            feelings={key: data.get(f"feeling_{key}") for key in v.FEELINGS if key in named},
            sensations=list(sensations.items()),
            urges=list(data.get("urges") or []),
            connections={
                m: data[f"connection_{m.pk}"] for m in self.others if data.get(f"connection_{m.pk}")
            },
            note=data.get("note", ""),
        )


class CravingAudienceForm(AudienceFields):
    """Who may see cravings and use: its own choice, and never wider than the check-in."""

    prefix = "craving"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].label = _("Who can see my cravings and use?")
        # Not needed when no cravings are reported; private is the default either way.
        self.fields["audience"].required = False
        del self.fields["professional_may_see"]

    def craving(self, level: int | None, used: bool) -> CravingData:
        data = self.cleaned_data
        audience = data.get("audience") or Audience.ONLY_ME
        return CravingData(level=level, used=used, audience=audience, chosen=list(data.get("chosen") or []))


class CravingAudienceChangeForm(CravingAudienceForm):
    """Who may see cravings and use, changed after saving: on its own page, so no prefix."""

    prefix = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].required = True


class TimeOutForm(MemberForm):
    with_member = forms.ModelChoiceField(
        label=_("A pause with"),
        queryset=Member.objects.none(),
        error_messages={"required": _("Please choose who the pause is with.")},
    )
    minutes = forms.IntegerField(
        label=_("Come back in (minutes)"),
        min_value=MIN_TIMEOUT_MINUTES,
        max_value=24 * 60,
        initial=30,
        error_messages={
            "min_value": _("A pause lasts at least 20 minutes, so bodies can settle."),
            "max_value": _("Please choose a time within a day."),
        },
    )
    tool = forms.ChoiceField(
        label=_("Meanwhile I will"), choices=TOOLS, required=False, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Why (optional, for you)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    share_reason = forms.BooleanField(label=_("Tell them why"), required=False)

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, member=member, **kwargs)
        # Not the professional: a pause is seen only by its two people, and entries
        # are never shared with the professional by choosing them.
        others = Member.objects.choosable_by(member).select_related("user")
        self.fields["with_member"].queryset = others
        self.fields["with_member"].label_from_instance = lambda m: m.name


class ReminderForm(forms.ModelForm):
    class Meta:
        model = Reminder
        fields = ["enabled", "at"]
        widgets = {"at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
