from __future__ import annotations

from datetime import time
from functools import partial

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.audience.addressed import ADDRESSED, resolve, who_will_see
from circles.audience.change import AudienceChoice
from circles.audience.forms import AudienceFields
from circles.audience.models import Audience
from circles.forms import MemberForm
from circles.models import Member
from ledger.logic import HiddenFromRecipients, check_seen_by_recipients, promisable
from ledger.models import NOTE_MAX, WHAT_MAX, Frequency, Pause, SmallMoment
from ledger.rules.schedule import Rule
from lib.limits import check_sensible_date
from safety.logic import at_risk_with_any

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class ScheduleFields(MemberForm):
    """How often and by when: shared by making and changing a promise."""

    frequency = forms.ChoiceField(label=_("How often?"), choices=Frequency.choices, initial=Frequency.DAILY)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Which days?"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    times_per_week = forms.IntegerField(
        label=_("How many times a week?"), min_value=1, max_value=14, required=False
    )
    due_time = forms.TimeField(
        label=_("By what time?"),
        initial=time(19, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    starts_on = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[check_sensible_date],
    )
    ends_on = forms.DateField(
        label=_("Until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[check_sensible_date],
    )

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, member=member, **kwargs)
        self.fields["starts_on"].initial = self.today()

    def today(self):
        import zoneinfo

        return timezone.now().astimezone(zoneinfo.ZoneInfo(self.member.user.time_zone)).date()

    def clean(self):
        data = super().clean()
        frequency = data.get("frequency")
        if frequency == Frequency.WEEKDAYS and not data.get("weekdays"):
            self.add_error("weekdays", _("Please choose at least one day."))
        if frequency == Frequency.TIMES_PER_WEEK and not data.get("times_per_week"):
            self.add_error("times_per_week", _("Please say how many times a week."))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and starts < self.today():
            self.add_error("starts_on", _("A promise starts today or later; the past stays as it was."))
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end can’t be before the start."))
        return data

    def rule(self) -> Rule:
        data = self.cleaned_data
        return Rule(
            frequency=data["frequency"],
            due_time=data["due_time"],
            time_zone=self.member.user.time_zone,
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
            weekdays=tuple(sorted(data.get("weekdays") or ())),
            times_per_week=data.get("times_per_week") or 1,
        )


class PromiseForm(ScheduleFields, AudienceFields):
    addressed_label = _("The people I promise it to")
    addressed_hint = _("The people you promise it to will see it, so they can confirm it.")
    to_confirm = True

    what = forms.CharField(
        label=_("What do you promise?"),
        max_length=WHAT_MAX,
        help_text=_("Small and concrete works best: “Call Mum by 7 pm”, “Home by 10”."),
        error_messages={"required": _("Please say what you promise.")},
    )
    recipients = forms.ModelMultipleChoiceField(
        label=_("To whom?"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    to_circle = forms.BooleanField(label=_("To the whole circle"), required=False)

    field_order = [
        "what",
        "recipients",
        "to_circle",
        "frequency",
        "weekdays",
        "times_per_week",
        "due_time",
        "starts_on",
        "ends_on",
    ]

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, member=member, **kwargs)
        self.fields["recipients"].queryset = promisable(member).select_related("user")
        self.fields["recipients"].label_from_instance = lambda m: f"{m.name} · {m.get_role_display()}"
        # A promise nobody else sees could never be confirmed: "only me" is not offered.
        # It stays a value the field accepts, so that sending it is refused with the
        # rule's own words (`check_seen_by_recipients`), not "not a valid choice".
        audience = self.fields["audience"]
        audience.widget.choices = [choice for choice in audience.choices if choice[0] != Audience.ONLY_ME]

    def addressed(self, data):
        recipients, to_circle = list(data.get("recipients") or ()), bool(data.get("to_circle"))
        return (recipients, to_circle) if recipients or to_circle else None

    def clean(self):
        data = super().clean()
        recipients, to_circle = data.get("recipients"), data.get("to_circle")
        if not to_circle and not recipients:
            self.add_error("recipients", _("Please choose who you promise, or the whole circle."))
        elif (
            self.resolved is not None
            and "audience" in data
            and not at_risk_with_any(self.member, recipients or ())
        ):
            # (Someone who said they are not safe with a person promised is refused by
            # `make_promise`, with where help is; that refusal comes first.)
            try:
                check_seen_by_recipients(self.member, recipients or (), bool(to_circle), self.resolved)
            except HiddenFromRecipients as refusal:
                self.add_error("audience", refusal.message)
        return data


class PromiseAudienceForm(AudienceFields):
    """Who can see a promise already made: its page and the API's PATCH alike (one way in).

    "The people I promise it to" comes first, as when it was made; the rule that they keep
    seeing it is `store_promise_audience`'s, so a page and the API refuse with the same words.
    `promise` is bound in with `functools.partial` (see `for_promise`).
    """

    addressed_label = _("The people I promise it to")
    addressed_hint = _("The people you promise it to will see it, so they can confirm it.")
    to_confirm = True

    def __init__(self, *args, member: Member, promise, **kwargs):
        self.promise = promise
        super().__init__(*args, member=member, **kwargs)

    @classmethod
    def for_promise(cls, promise):
        """The form class for one promise, as `audience_page` and `change_audience_from` take it."""
        return partial(cls, promise=promise)

    def _people(self) -> list[Member]:
        # Those who left the circle can no longer be reached (as `store_promise_audience`).
        return list(self.promise.recipients.filter(pk__in=Member.objects.reachable().values("pk")))

    def addressed(self, data):
        return self._people(), self.promise.to_circle

    def who_sees(self) -> list[str]:
        """Before any change: who sees it now, in the same sentences as while choosing."""
        if self.is_bound:
            return super().who_sees()
        promise = self.promise
        current = AudienceChoice(promise.audience, tuple(promise.chosen.all()), promise.professional_may_see)
        return who_will_see(
            self.member, current, people=self._people(), whole_circle=promise.to_circle, to_confirm=True
        )

    @staticmethod
    def initial_for(promise) -> dict:
        """Its current audience; "The people I promise it to" when that is exactly what it is."""
        initial = AudienceFields.initial_for(promise)
        people = promise.recipients.filter(pk__in=Member.objects.reachable().values("pk"))
        aimed = resolve(
            people, whole_circle=promise.to_circle, professional_may_see=promise.professional_may_see
        )
        same = (
            aimed.audience == initial["audience"]
            and {m.pk for m in aimed.chosen} == {m.pk for m in initial["chosen"]}
            and aimed.professional_may_see == initial["professional_may_see"]
        )
        return {**initial, "audience": ADDRESSED} if same else initial


class PauseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why pause?"), choices=Pause.Reason.choices, widget=forms.RadioSelect)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("A short note (optional)"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RenegotiateForm(forms.Form):
    note = forms.CharField(
        label=_("A short note to the people you promised"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please add a few words, so they know what changed.")},
    )


class MomentForm(AudienceFields):
    addressed_label = _("The person it’s about")
    addressed_hint = _("The person it’s about will see it. A moment about yourself stays with you.")

    about = forms.ModelChoiceField(label=_("Who?"), queryset=Member.objects.none())
    kind = forms.ChoiceField(label=_("What happened?"), choices=SmallMoment.Kind.choices)
    custom_kind = forms.CharField(label=_("In your words"), max_length=80, required=False)
    note = forms.CharField(
        label=_("A few words (optional)"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, member=member, **kwargs)
        self.fields["about"].queryset = (
            Member.objects.current().filter(circle_id=member.circle_id).select_related("user")
        )
        self.fields["about"].label_from_instance = lambda m: m.name

    def addressed(self, data):
        about = data.get("about")
        if about is None:
            return None
        # Someone who stepped away cannot be chosen: the moment then waits with its author.
        reachable = about.pk != self.member.pk and about.status != Member.Status.STEPPED_AWAY
        return ([about] if reachable else []), False

    def clean(self):
        data = super().clean()
        if data.get("kind") == SmallMoment.Kind.CUSTOM and not (data.get("custom_kind") or "").strip():
            self.add_error("custom_kind", _("Please say in a few words what happened."))
        return data
