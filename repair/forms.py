from __future__ import annotations

import zoneinfo
from datetime import time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.audience.forms import AudienceFields
from circles.forms import MemberForm
from circles.models import Member
from ledger.models import WHAT_MAX, Frequency, Promise
from ledger.rules.schedule import Rule
from lib.limits import check_sensible_date
from repair import logic
from repair.models import TEXT_MAX, Feeling, Pattern, Reflection, Sign, Size


def _text(label, help_text="", required=True, message=None):
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX,
        required=required,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=help_text,
        error_messages={"required": message or _("Please write a few words here.")},
    )


class StripMixin:
    """Text made only of spaces counts as empty."""

    text_fields: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        for name in self.text_fields:
            if name in data and isinstance(data[name], str):
                data[name] = data[name].strip()
                if self.fields[name].required and not data[name]:
                    self.add_error(name, self.fields[name].error_messages["required"])
        return data


class RuptureForm(StripMixin, AudienceFields):
    others = forms.ModelMultipleChoiceField(
        label=_("Who else was in it?"),
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose who else was in it.")},
    )
    what = _text(
        _("What happened"),
        _("Describe what happened, as plainly as you can. Only the people you share this with will read it."),
        message=_("Please say a little about what happened."),
    )
    happened_at = forms.DateTimeField(
        label=_("When did it happen?"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("Please say when it happened, roughly is fine.")},
        validators=[check_sensible_date],
    )
    size = forms.ChoiceField(
        label=_("How big did it feel?"), choices=Size.choices, initial=Size.MEDIUM, widget=forms.RadioSelect
    )
    signs = forms.MultipleChoiceField(
        label=_("Which signs showed up? (optional)"),
        choices=Sign.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    text_fields = ("what",)
    field_order = [
        "others",
        "what",
        "happened_at",
        "size",
        "signs",
        "audience",
        "chosen",
        "professional_may_see",
    ]

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, member=member, **kwargs)
        self.fields["others"].queryset = logic.possible_parties(member)
        self.fields["others"].label_from_instance = lambda m: f"{m.name} · {m.get_role_display()}"
        self.fields["audience"].label = _("Who else can see this?")
        self.fields["audience"].help_text = _(
            "The people in it always see it. “Only me” means only the people in it."
        )
        if "happened_at" not in self.initial:
            self.initial["happened_at"] = timezone.localtime().replace(second=0, microsecond=0)

    def clean_happened_at(self):
        when = self.cleaned_data["happened_at"]
        if when > timezone.now():
            raise forms.ValidationError(_("That time is still to come. Please choose when it happened."))
        return when

    def rupture_data(self) -> logic.RuptureData:
        data = self.cleaned_data
        return logic.RuptureData(
            what=data["what"],
            happened_at=data["happened_at"],
            size=data["size"],
            signs=data["signs"],
            others=list(data["others"]),
        )


def initial_from_promise(member: Member, promise: Promise) -> dict:
    """What the rupture form starts with when a repair begins from a promise missed or seen
    differently: the promise named in "what happened", the others in it ticked, and when.

    `promise` must be one the member may see (the view fetches it with `visible_to`). A
    rupture keeps no link to a promise, so the promise travels as words the member can change.
    """
    parties = logic.possible_parties(member)
    in_it = {promise.author_id, *promise.recipients.values_list("pk", flat=True)} - {member.pk}
    latest = (
        promise.occurrences.filter(outcome__in=("missed", "disputed"), due_at__lte=timezone.now())
        .order_by("-due_at")
        .values_list("due_at", flat=True)
        .first()
    )
    initial = {
        "what": _("About the promise “%(what)s”: ") % {"what": promise.what},
        "others": list(parties.filter(pk__in=in_it)),
    }
    if latest is not None:
        initial["happened_at"] = timezone.localtime(latest).replace(second=0, microsecond=0)
    return initial


class RuptureAudienceForm(AudienceFields):
    """Who else can see a rupture after it is logged: the people in it always do."""

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, member=member, **kwargs)
        self.fields["audience"].label = _("Who else can see this?")
        self.fields["audience"].help_text = _(
            "The people in it always see it. “Only me” means only the people in it."
        )


class RecogniseForm(StripMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, something came between us"),
        error_messages={"required": _("Please tick this when you are ready to say there was a rupture.")},
    )
    text = _text(
        _("What I noticed"),
        _("What you saw, heard and felt, in your own words."),
        message=_("Please say a little about what you noticed."),
    )
    patterns = forms.MultipleChoiceField(
        label=_("Protective patterns I recognise in myself (optional)"),
        help_text=_("Old habits that once kept us safe. Naming one is a strength."),
        choices=Pattern.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    text_fields = ("text",)


class SideForm(StripMixin, forms.Form):
    text = _text(
        _("My side"),
        _("What happened for you. Try “I felt… when…” rather than “you always…”."),
        message=_("Please write your side."),
    )
    text_fields = ("text",)


class PartForm(StripMixin, forms.Form):
    text = _text(
        _("My part"),
        _("What you did or didn’t do that you want to own. Only your part: theirs is theirs."),
        message=_("Please name your part, even a small one."),
    )
    text_fields = ("text",)


class ReflectForm(StripMixin, forms.Form):
    text = _text(
        _("What I heard"),
        _("Their side, in your own words. Not whether you agree: what it was like for them."),
        message=_("Please write what you heard."),
    )
    text_fields = ("text",)


class AnswerForm(StripMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Did they understand you?"),
        choices=Reflection.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose an answer.")},
    )
    missed = _text(
        _("What was missed (for “not quite”)"),
        _("A kind word about what they haven’t heard yet helps them try again."),
        required=False,
    )
    text_fields = ("missed",)

    def clean(self):
        data = super().clean()
        if data.get("answer") == Reflection.Answer.NOT_QUITE and not data.get("missed"):
            self.add_error("missed", _("Please say a little about what was missed, so they can try again."))
        return data


class VulnerableForm(StripMixin, forms.Form):
    feelings = forms.MultipleChoiceField(
        label=_("The softer feeling underneath"),
        help_text=_("Under anger or fear there is often something softer. Choose any that fit."),
        choices=Feeling.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one feeling.")},
    )
    text = _text(
        _("What I long for"),
        _("For example: to feel close again, to be trusted, to be asked."),
        message=_("Please say what you long for."),
    )
    text_fields = ("text",)


PROMISE_FREQUENCIES = [
    (Frequency.DAILY, _("Every day")),
    (Frequency.TIMES_PER_WEEK, _("Once a week")),
    (Frequency.ONCE, _("Once, today")),
]


class RebuildForm(StripMixin, MemberForm):
    apology = _text(_("My apology"), _("What you are sorry for, without “but”."), required=False)
    reassurance = _text(
        _("My reassurance"), _("What you want them to know is true, and what you will do."), required=False
    )
    promise_1 = forms.CharField(label=_("A promise (optional)"), max_length=WHAT_MAX, required=False)
    often_1 = forms.ChoiceField(label=_("How often?"), choices=PROMISE_FREQUENCIES, initial=Frequency.DAILY)
    promise_2 = forms.CharField(label=_("Another promise (optional)"), max_length=WHAT_MAX, required=False)
    often_2 = forms.ChoiceField(label=_("How often?"), choices=PROMISE_FREQUENCIES, initial=Frequency.DAILY)
    due_time = forms.TimeField(
        label=_("By what time of day?"),
        initial=time(20, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    text_fields = ("apology", "reassurance", "promise_1", "promise_2")

    def clean(self):
        data = super().clean()
        if not data.get("apology") and not data.get("reassurance"):
            self.add_error("apology", _("Please write an apology, a reassurance, or both."))
        return data

    def promises(self) -> list[logic.NewPromise]:
        data = self.cleaned_data
        tz = self.member.user.time_zone
        today = timezone.now().astimezone(zoneinfo.ZoneInfo(tz)).date()
        result = []
        for slot in ("1", "2"):
            what = data.get(f"promise_{slot}")
            if what:
                rule = Rule(data[f"often_{slot}"], data["due_time"], tz, today, times_per_week=1)
                result.append(logic.NewPromise(what, rule))
        return result
