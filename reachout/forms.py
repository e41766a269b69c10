"""Forms of the reach-out guide. The questions' wording lives here, next to their keys."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from circles.audience.forms import AudienceFields
from circles.forms import MemberForm
from circles.models import Member
from lib.limits import check_sensible_date
from reachout import logic, rules
from reachout.models import SHORT_MAX, TEXT_MAX, Decision, Offer, Plan
from safety.logic import resources

HOW_REACHED = [
    ("", _("Choose one (optional)")),
    ("text", _("A text or message")),
    ("call", _("A phone call")),
    ("voicemail", _("A voicemail")),
    ("in_person", _("In person")),
    ("social", _("Social media")),
    ("someone_else", _("Through someone else")),
    ("other", _("Another way")),
]

ASK_YOURSELF_QUESTIONS = {
    "recovery_or_relief": _(
        "Are they reaching for recovery, or for relief from how hard things are right now?"
    ),
    "action_or_apology": _("Are they showing action, or only apologising?"),
    "healed_enough": _("Have I healed enough to engage without losing myself?"),
    "what_i_want": _("What do I want for myself, whatever they do?"),
}

ASK_THEM_QUESTIONS = {
    "help_wanted": _("What help are you asking me for?"),
    "treatment": _("Will you go to treatment, a meeting or therapy?"),
    "done_differently": _("What have you done differently since we last spoke?"),
    "responsibility": _("How will you take responsibility for what happened, without putting it on me?"),
}

CHECKLIST_LABELS = {
    "deflects": _("They changed the subject or avoided the question"),
    "blames": _("They blamed me or someone else"),
    "pressures": _("They pushed for an answer now, or made me feel guilty"),
    "minimises": _("They made what happened sound small"),
    "only_apology": _("They apologised, but said nothing about what they will do"),
}

CONDITION_EXAMPLES = _(
    "We talk only when you are sober and honest.\n"
    "We talk after a meeting or a therapist appointment.\n"
    "We reconnect only while we are both in recovery."
)


def _area(rows: int = 3, max_length: int = TEXT_MAX, **kwargs) -> forms.CharField:
    return forms.CharField(
        max_length=max_length, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class StartForm(MemberForm):
    returning_member = forms.ModelChoiceField(
        label=_("Who reached out?"),
        queryset=Member.objects.none(),
        required=False,
        empty_label=_("Someone who is not in this circle"),
    )
    returning_name = forms.CharField(
        label=_("Their name, if they are not in this circle"),
        max_length=80,
        required=False,
        help_text=_("Only you see this."),
    )
    how_reached = forms.ChoiceField(label=_("How did they reach out?"), choices=HOW_REACHED, required=False)
    what_they_said = _area(
        rows=4, label=_("What did they say?"), help_text=_("In their words, if you like. Only you see this.")
    )

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, member=member, **kwargs)
        self.fields["returning_member"].queryset = logic.returning_choices(member)
        self.fields["returning_member"].label_from_instance = lambda m: f"{m.name} · {m.get_role_display()}"

    def clean(self):
        data = super().clean()
        if not data.get("returning_member") and not (data.get("returning_name") or "").strip():
            self.add_error(
                "returning_name", _("Please choose them above, or write a name only you will see.")
            )
        return data


class SupportPersonForm(MemberForm):
    member = forms.ModelChoiceField(
        label=_("Someone in this circle (optional)"),
        queryset=Member.objects.none(),
        required=False,
        empty_label=_("Someone outside the circle"),
    )
    name = forms.CharField(label=_("Name"), max_length=80, required=False)
    reach = forms.CharField(
        label=_("Phone, email or link"),
        max_length=200,
        help_text=_("For example a sponsor, a friend, a Nar-Anon or Al-Anon contact, or your therapist."),
        error_messages={"required": _("Please add a phone number, an email address or a link.")},
    )

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, member=member, **kwargs)
        self.fields["member"].queryset = (
            Member.objects.current()
            .filter(circle_id=member.circle_id)
            .exclude(pk=member.pk)
            .select_related("user")
        )
        self.fields["member"].label_from_instance = lambda m: f"{m.name} · {m.get_role_display()}"

    def clean(self):
        data = super().clean()
        if not data.get("member") and not (data.get("name") or "").strip():
            self.add_error("name", _("Please write their name, or choose them from the circle."))
        return data


class AskYourselfForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, question in ASK_YOURSELF_QUESTIONS.items():
            self.fields[key] = _area(label=question)


class AskThemForm(forms.Form):
    checklist = forms.MultipleChoiceField(
        label=_("In their answers, did you notice any of these?"),
        choices=list(CHECKLIST_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, question in ASK_THEM_QUESTIONS.items():
            self.fields[key] = _area(label=question, help_text=_("Their answer, if you have it."))
        self.order_fields([*ASK_THEM_QUESTIONS, "checklist"])


class ConditionsForm(forms.Form):
    conditions = _area(
        rows=4,
        label=_("My conditions for reconnecting"),
        help_text=_("Examples to change or delete. One condition a line."),
    )
    boundaries = _area(label=_("Boundaries I will keep"))
    expectations = _area(label=_("What I expect"))
    support = _area(label=_("Support I will have from others"))
    signs_of_change = _area(
        rows=4,
        label=_("Signs of change I am watching for"),
        help_text=_(
            "One a line, for example “goes to a meeting every week”. Later you can offer them as promises."
        ),
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("My decision, for now"), choices=Decision.Choice.choices, widget=forms.RadioSelect
    )
    note = _area(
        max_length=1000,
        label=_("A note about it (optional)"),
        help_text=_("If you share the plan, this note is shared with the decision."),
    )
    review_on = forms.DateField(
        label=_("When do you want to look at this again? (optional)"),
        required=False,
        # A date input only understands ISO dates; the localised format (e.g. 20/12/2026 in Spanish)
        # would show it empty, and saving the step would then erase the review date.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Mend will remind you on that day."),
        validators=[check_sensible_date],
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        current = logic.current_decision(self.plan)
        if decision == rules.YES_WITH_CONDITIONS and not self.plan.conditions.strip():
            self.add_error("decision", _("Please write your conditions first (step 5), then choose this."))
        data["changed"] = decision is not None and rules.is_change(
            decision,
            current.decision if current else None,
            data.get("note") or "",
            current.note if current else "",
        )
        return data


class ShareForm(AudienceFields):
    def __init__(self, *args, plan: Plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        self.unsafe = False

    def clean(self):
        data = super().clean()
        if not self.errors and logic.unsafe_with(
            self.plan.author, data.get("audience"), data.get("chosen") or ()
        ):
            self.unsafe = True
            message = _(
                "A shared plan is something you do together, and that is switched off with someone "
                "you said you may not be safe with. Your plan stays as it was."
            )
            self.add_error(None, f"{message} {resources()}")
        return data


class ReplyForm(forms.Form):
    reply_draft = forms.CharField(
        label=_("Your reply (a draft only you see)"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("No reply is owed. If you write one, the coach can help you keep it calm and clear."),
    )


class OfferForm(forms.Form):
    what = forms.CharField(
        label=_("What you offer them to do"),
        max_length=SHORT_MAX,
        error_messages={"required": _("Please say what the promise would be.")},
    )
    frequency = forms.ChoiceField(label=_("How often?"), choices=Offer.Frequency.choices)
    weekday = forms.TypedChoiceField(
        label=_("On which day, if once a week?"),
        coerce=int,
        initial=6,
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
    )
    times_per_week = forms.IntegerField(
        label=_("How many times a week, if a number?"), min_value=1, max_value=7, initial=1
    )
    due_time = forms.TimeField(
        label=_("By what time?"), initial="20:00", widget=forms.TimeInput(attrs={"type": "time"})
    )
    consent = forms.BooleanField(
        label=_("Yes, offer this to them. They will see this promise and nothing else of my plan."),
        error_messages={
            "required": _("An offer is sent only when you say so. Please tick the box if you want to.")
        },
    )


class InviteReturningForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Their role in the circle"),
        choices=[(v, label) for v, label in Member.Role.choices if v != Member.Role.PROFESSIONAL],
        initial=Member.Role.PERSON_IN_RECOVERY,
    )
