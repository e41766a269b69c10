from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from charts.weekly_trends import counts_table, weekly_trends
from checkins import logic, queries, rules
from checkins import vocabulary as v
from checkins.forms import (
    CheckInForm,
    CravingAudienceChangeForm,
    CravingAudienceForm,
    ReminderForm,
    TimeOutForm,
)
from checkins.models import CheckIn, Craving, Reminder, State, TimeOut
from checkins.way_back import way_back
from circles.access import circle_member_required
from circles.audience.change import store_choice
from circles.audience.fetch import fetch_authored, fetch_visible
from circles.audience.views import audience_page
from circles.models import Member


def _tool(request, template: str):
    """A calming tool, with the validated way back to the page it was opened from."""
    back = way_back(request, request.GET.get("next"))
    return render(request, template, {"back": back, "next": back.url if back else ""})


def breathe(request):
    """Paced breathing. Open to everyone, signed in or not: it may be needed in a hurry."""
    return _tool(request, "tools/breathe.html")


def ground(request):
    return _tool(request, "tools/ground.html")


@circle_member_required
def circle_breathe(request):
    """The pacer opened from a circle's page: the circle stays around it, and the way back."""
    return _tool(request, "tools/breathe.html")


@circle_member_required
def circle_ground(request):
    return _tool(request, "tools/ground.html")


@circle_member_required
def home(request):
    """Check in, call a pause, find the tools, see trends; gently show pauses never returned to."""
    member = request.member
    open_timeouts = (
        TimeOut.objects.visible_to(member)
        .filter(finished_at__isnull=True)
        .select_related("author__user", "with_member__user")[:10]
    )
    context = {
        "recent": CheckIn.objects.authored_by(member)[:5],
        "open_timeouts": open_timeouts,
        "never_returned": logic.never_returned(member).select_related("with_member__user")[:5],
    }
    return render(request, "checkins/home.html", context)


@circle_member_required
def new(request):
    member = request.member
    form = CheckInForm(request.POST or None, member=member)
    craving_form = (
        CravingAudienceForm(request.POST or None, member=member)
        if logic.may_report_cravings(member)
        else None
    )
    if request.method == "POST" and form.is_valid() and (craving_form is None or craving_form.is_valid()):
        data = form.cleaned_data
        craving = None
        level, used = data.get("craving_level"), data.get("craving_used", False)
        if craving_form is not None and (level is not None or used or v.USE_URGE in data.get("urges", [])):
            # Only the urge to use: no level; it still takes the cravings' chosen audience.
            craving = craving_form.craving(0 if level is None and used else level, used)
        checkin = logic.record_checkin(
            member,
            form.data_for_logic(),
            audience=data["audience"],
            chosen=data["chosen"],
            professional_may_see=data["professional_may_see"],
            craving=craving,
        )
        messages.success(request, _("Thank you for checking in with yourself."))
        return redirect("checkins:detail", circle_id=request.circle.pk, checkin_id=checkin.pk)
    return render(request, "checkins/form.html", {"form": form, "craving_form": craving_form})


@circle_member_required
def detail(request, checkin_id):
    checkin = fetch_visible(
        request,
        CheckIn.objects.select_related("author__user").prefetch_related(
            "feelings", "sensations", "urges", "connections__member__user"
        ),
        checkin_id,
    )
    craving = Craving.objects.visible_to(request.member).filter(checkin=checkin).first()
    offer_tools = checkin.author_id == request.member.pk and checkin.state in (
        State.ACTIVATED,
        State.SHUT_DOWN,
    )
    context = {
        "checkin": checkin,
        "craving": craving,
        "urges": checkin.urge_labels(craving),
        "offer_tools": offer_tools,
        "is_author": checkin.author_id == request.member.pk,
    }
    return render(request, "checkins/detail.html", context)


def _own(request, checkin_id) -> CheckIn:
    """The member's own check-in: one they can only see is not theirs to share."""
    return fetch_authored(request, CheckIn.objects.select_related("author__user"), checkin_id)


def _detail_url(request, checkin) -> str:
    return reverse("checkins:detail", kwargs={"circle_id": request.circle.pk, "checkin_id": checkin.pk})


@circle_member_required
def checkin_audience(request, checkin_id):
    checkin = _own(request, checkin_id)
    return audience_page(
        request,
        checkin,
        template="checkins/audience.html",
        done=_detail_url(request, checkin),
        context={
            "checkin": checkin,
            "has_craving": Craving.objects.authored_by(request.member).filter(checkin=checkin).exists(),
        },
    )


@circle_member_required
def craving_audience(request, checkin_id):
    """Cravings keep their own audience, changed on their own page."""
    checkin = _own(request, checkin_id)
    craving = Craving.objects.authored_by(request.member).filter(checkin=checkin).first()
    if craving is None:
        raise Http404
    return audience_page(
        request,
        checkin,
        template="checkins/craving_audience.html",
        done=_detail_url(request, checkin),
        form_class=CravingAudienceChangeForm,
        initial={"audience": craving.audience, "chosen": list(craving.chosen.all())},
        apply=lambda checkin, choice: store_choice(craving, choice),
        context={"checkin": checkin},
        saved=_("Saved. Who can see your cravings and use is updated."),
    )


@circle_member_required
def checkin_list(request):
    checkins = (
        CheckIn.objects.visible_to(request.member)
        .select_related("author__user")
        .prefetch_related("feelings")[:100]
    )
    return render(request, "checkins/list.html", {"checkins": checkins})


@circle_member_required
def timeout_new(request):
    form = TimeOutForm(request.POST or None, member=request.member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            timeout = logic.call_timeout(
                request.member,
                data["with_member"],
                data["minutes"],
                tool=data["tool"],
                reason=data["reason"],
                share_reason=data["share_reason"],
            )
        except logic.TimeOutUnavailable as unavailable:
            # The same page and status either way; only the member at risk is shown why.
            return render(request, "checkins/timeout_form.html", {"form": form, "unavailable": unavailable})
        messages.success(
            request, _("The pause has started. They have been told a pause was called, and nothing more.")
        )
        return redirect("checkins:timeout", circle_id=request.circle.pk, timeout_id=timeout.pk)
    return render(request, "checkins/timeout_form.html", {"form": form})


def _timeout(request, timeout_id) -> TimeOut:
    return fetch_visible(
        request, TimeOut.objects.select_related("author__user", "with_member__user"), timeout_id
    )


@circle_member_required
def timeout(request, timeout_id):
    item = _timeout(request, timeout_id)
    context = {
        "item": item,
        "time_is_up": item.return_at <= timezone.now(),
        "is_caller": item.author_id == request.member.pk,
    }
    return render(request, "checkins/timeout.html", context)


@require_POST
@circle_member_required
def timeout_back(request, timeout_id):
    item = _timeout(request, timeout_id)
    if request.POST.get("finish"):
        logic.finish(item, request.member)
        messages.success(request, _("Recorded: you came back and finished the conversation. That matters."))
    else:
        logic.come_back(item, request.member)
        messages.success(request, _("Welcome back. Take it gently."))
    return redirect("checkins:timeout", circle_id=request.circle.pk, timeout_id=item.pk)


@login_required
def reminder_settings(request):
    reminder = Reminder.objects.filter(user=request.user).first() or Reminder(
        user=request.user, at="20:00", enabled=False
    )
    form = ReminderForm(request.POST or None, instance=reminder)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your check-in reminder is saved."))
        return redirect("checkins:reminder")
    return render(request, "checkins/reminder.html", {"form": form})


SPANS = {"26": 26, "52": 52}


@circle_member_required
def trends(request):
    """My trends, or another member's as far as they shared them with me."""
    member = request.member
    who = member
    if request.GET.get("who"):
        who = (
            Member.objects.current()
            .filter(circle=request.circle, pk=_uuid_or_none(request.GET["who"]))
            .select_related("user")
            .first()
        )
        if who is None:
            raise Http404
    mondays = queries.weeks(timezone.now(), SPANS.get(request.GET.get("span", ""), 26))
    found = queries.gather(member, who, mondays, (_("average"), _("highest")))
    names = {State.SETTLED: _("Settled"), State.ACTIVATED: _("Activated"), State.SHUT_DOWN: _("Shut down")}
    context = {
        "who": who,
        "people": Member.objects.current().filter(circle=request.circle).select_related("user"),
        "span": request.GET.get("span", "26"),
        "mondays": mondays,
        "reading": rules.sentence(rules.read_states(found.states), None if who == member else who.name),
        "settled": weekly_trends(
            rules.state_shares(found.states, names),
            title=_("How settled, week by week"),
            desc=_("Out of each week’s check-ins, the percentage settled, activated and shut down."),
            low=0,
            high=100,
            chart_id="settled",
        ),
        "feelings": weekly_trends(
            found.feelings,
            title=_("Feelings by week"),
            desc=_("Average strength of each group of feelings, from 1 to 5, per week."),
            low=1,
            high=5,
            chart_id="feelings",
        ),
        "states": counts_table(
            found.states, list(names.items()), caption=_("How the body felt, week by week")
        ),
        "connections": weekly_trends(
            found.connections,
            title=_("Connection by week"),
            desc=_("Average closeness to each person, from 1 to 5, per week."),
            low=1,
            high=5,
            chart_id="connections",
        ),
        "cravings": weekly_trends(
            found.cravings,
            title=_("Cravings by week"),
            desc=_("Average and highest cravings, from 0 to 10, per week."),
            low=0,
            high=10,
            chart_id="cravings",
        ),
        "used": found.used,
    }
    return render(request, "checkins/trends.html", context)


def _uuid_or_none(value: str):
    import uuid

    try:
        return uuid.UUID(value)
    except ValueError:
        return None
