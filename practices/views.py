"""Pages of a practice (its settings, intake queue and requests) and of a family asking
for help (in the circle). Rules live in `practices.logic`; lookups in `practices.access`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from circles.access import circle_member_required, has_two_factor
from lib.refusal import Refused, show_refusal
from practices import access, logic, queries, rules, vocabulary
from practices.forms import AddPractitionerForm, HelpRequestForm, PracticeForm, ProposeForm, ReplyForm
from practices.models import IntakeRequest, Practice, PracticeInvitation, Proposal

PER_PAGE = 30


def _act(request, action, success_message) -> bool:
    """Run a rule; show its refusal as a message rather than an error page."""
    try:
        action()
    except Refused as refusal:
        show_refusal(request, refusal)
        return False
    messages.success(request, success_message)
    return True


# --- the professional's own page ---------------------------------------------------------------


@login_required
def home(request):
    """My practices, invitations to join one, and families who said yes to my joining."""
    context = {
        "practitioners": queries.places_of(request.user),
        "invitations": PracticeInvitation.objects.for_user(request.user).select_related("practice"),
        "joinings": queries.joinings_for(request.user),
        "two_step": has_two_factor(request.user),
    }
    return render(request, "practices/home.html", context)


@login_required
def start(request):
    form = PracticeForm(request.POST or None, initial={"kind": Practice.Kind.CLINIC})
    two_step = has_two_factor(request.user)
    if request.method == "POST" and two_step and form.is_valid():
        try:
            practice = logic.start_practice(request.user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(request, _("Your practice is ready. Invite its professionals here."))
            return redirect("practices:settings", practice_id=practice.pk)
    return render(request, "practices/start.html", {"form": form, "two_step": two_step})


@require_POST
@login_required
def answer_invitation(request, practice_invitation_id):
    invitation = get_object_or_404(
        PracticeInvitation.objects.for_user(request.user), pk=practice_invitation_id
    )
    if request.POST.get("answer") == "decline":
        _act(
            request,
            lambda: logic.decline_practice_invitation(invitation, request.user),
            _("You declined. Nobody is told why."),
        )
        return redirect("practices:home")
    if not has_two_factor(request.user):
        messages.info(request, access.two_step_refusal().message)
        return redirect("mfa_activate_totp")
    if _act(
        request,
        lambda: logic.accept_practice_invitation(invitation, request.user),
        _("Welcome. You are now one of the practice’s professionals."),
    ):
        return redirect("practices:queue", practice_id=invitation.practice_id)
    return redirect("practices:home")


# --- a practice's settings and professionals -------------------------------------------------


@access.practitioner_required
def settings(request):
    practice, me = request.practice, request.practitioner
    form = None
    if me.is_admin:
        form = PracticeForm(request.POST or None, initial=queries.practice_details(practice))
        saved = request.method == "POST" and form.is_valid()
        if saved and _act(
            request, lambda: logic.change_practice(me, **form.cleaned_data), pgettext("practices", "Saved.")
        ):
            return redirect("practices:settings", practice_id=practice.pk)
    elif request.method == "POST":
        show_refusal(request, logic.PracticeRuleError(_("Only an admin of the practice can do this.")))
    context = {
        "form": form,
        "add_form": AddPractitionerForm(),
        "practitioners": practice.practitioners.current().select_related("user"),
        "invitations": PracticeInvitation.objects.pending().filter(practice=practice) if me.is_admin else [],
    }
    return render(request, "practices/settings.html", context)


@require_POST
@access.practitioner_required
def add_practitioner(request):
    form = AddPractitionerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a valid email address."))
    else:
        email = form.cleaned_data["email"]
        _act(
            request,
            lambda: logic.invite_practitioner(
                request.practitioner, email, as_admin=form.cleaned_data["as_admin"]
            ),
            _(
                "We sent an invitation to %(email)s. When they log in to Mend with this address "
                "(or create an account with it) and accept, they will appear in the list."
            )
            % {"email": email},
        )
    return redirect("practices:settings", practice_id=request.practice.pk)


@require_POST
@access.practitioner_required
def remove_practitioner(request, practitioner_id):
    other = get_object_or_404(
        request.practice.practitioners.current().select_related("user"), pk=practitioner_id
    )
    removed = _act(
        request,
        lambda: logic.remove_practitioner(request.practitioner, other),
        _("%(name)s is no longer one of the practice’s professionals.") % {"name": other.name},
    )
    if removed and other.pk == request.practitioner.pk:
        return redirect("practices:home")
    return redirect("practices:settings", practice_id=request.practice.pk)


@require_POST
@access.practitioner_required
def withdraw_invitation(request, practice_invitation_id):
    invitation = get_object_or_404(PracticeInvitation, pk=practice_invitation_id, practice=request.practice)
    _act(
        request,
        lambda: logic.withdraw_practice_invitation(request.practitioner, invitation),
        _("The invitation was withdrawn."),
    )
    return redirect("practices:settings", practice_id=request.practice.pk)


# --- the intake queue -----------------------------------------------------------------------------


@access.practitioner_required
def queue(request):
    status = request.GET.get("status", "open")
    if status not in (*rules.STATES, "open", "all"):
        status = "open"
    page = Paginator(queries.queue(request.practice, status), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "requests": page.object_list,
        "status": status,
        "filters": queries.queue_filters(),
        "counts": queries.counts(request.practice),
    }
    return render(request, "practices/queue.html", context)


@access.practitioner_required
def request_detail(request, intake_id):
    found = access.practice_request(request.practitioner, intake_id)
    return render(request, "practices/request.html", _request_context(request, found))


def _request_context(request, found, reply_form=None, propose_form=None) -> dict:
    return {
        "item": found,
        "replies": found.replies.select_related("author"),
        "proposals": found.proposals.all(),
        "reply_form": reply_form or ReplyForm(),
        "propose_form": propose_form or ProposeForm(practice=request.practice),
        "can_act": rules.allowed(found.status, rules.REPLY),
        "languages": vocabulary.names(found.languages),
    }


@require_POST
@access.practitioner_required
def reply(request, intake_id):
    found = access.practice_request(request.practitioner, intake_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            logic.reply(request.practitioner, found, form.cleaned_data["text"])
        except Refused as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(
                request, _("Your reply was sent. They are told there is an answer, never what it says.")
            )
            return redirect("practices:request", practice_id=request.practice.pk, intake_id=found.pk)
    context = _request_context(request, found, reply_form=form)
    return render(request, "practices/request.html", context, status=400)


@require_POST
@access.practitioner_required
def propose(request, intake_id):
    found = access.practice_request(request.practitioner, intake_id)
    form = ProposeForm(request.POST, practice=request.practice)
    if form.is_valid():
        professional = form.cleaned_data["practitioner"]
        try:
            proposal = logic.propose(request.practitioner, found, professional)
        except Refused as refusal:
            show_refusal(request, refusal, form)
        else:
            if proposal.status == rules.AGREED:
                messages.success(
                    request,
                    _("Invited. %(name)s can join the circle from their practice page.")
                    % {"name": professional.name},
                )
            else:
                messages.success(
                    request,
                    _("Invited. The family’s owners are asked first; you will see here when they answer."),
                )
            return redirect("practices:request", practice_id=request.practice.pk, intake_id=found.pk)
    return render(
        request, "practices/request.html", _request_context(request, found, propose_form=form), status=400
    )


@require_POST
@access.practitioner_required
def close(request, intake_id):
    found = access.practice_request(request.practitioner, intake_id)
    _act(request, lambda: logic.close(request.practitioner, found), _("The request is closed."))
    return redirect("practices:request", practice_id=request.practice.pk, intake_id=found.pk)


@require_POST
@access.practitioner_required
def withdraw_proposal(request, proposal_id):
    proposal = get_object_or_404(
        Proposal.objects.select_related("request"), pk=proposal_id, request__practice=request.practice
    )
    _act(
        request,
        lambda: logic.withdraw_proposal(request.practitioner, proposal),
        _("The invitation was withdrawn."),
    )
    return redirect("practices:request", practice_id=request.practice.pk, intake_id=proposal.request_id)


@require_POST
@access.practitioner_required
def join(request, proposal_id):
    proposal = access.own_proposal(request.practitioner, proposal_id)
    if request.POST.get("answer") == "decline":
        _act(
            request,
            lambda: logic.decline_circle(request.practitioner, proposal),
            _("You declined. The family is not told why."),
        )
        return redirect("practices:home")
    try:
        member = logic.join_circle(request.practitioner, proposal)
    except Refused as refusal:
        show_refusal(request, refusal)
        return redirect("practices:home")
    messages.success(
        request,
        _("You joined the circle. You see nothing of anyone’s until each member gives their consent."),
    )
    return redirect("circles:members", circle_id=member.circle_id)


# --- a family asks for help (in the circle) ----------------------------------------------------


@circle_member_required
def help_list(request):
    member = request.member
    context = {
        "requests": IntakeRequest.objects.filter(requester=member).select_related("practice"),
        "proposals": queries.proposals_for_owner(member),
        "any_practice": Practice.objects.accepting().exists(),
    }
    return render(request, "practices/help_list.html", context)


@circle_member_required
def help_new(request):
    member = request.member
    initial = {
        "name": str(request.user),
        "time_zone": request.user.time_zone,
        "languages": [request.user.language],
    }
    form = HelpRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        practice = data.pop("practice")
        try:
            found = logic.ask_for_help(member, practice, **data)
        except Refused as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(
                request, _("Your request was sent. You will be told here when the practice answers.")
            )
            return redirect("help:detail", circle_id=request.circle.pk, intake_id=found.pk)
    return render(request, "practices/help_new.html", {"form": form})


@circle_member_required
def help_detail(request, intake_id):
    found = access.own_request(request.member, intake_id)
    context = {
        "item": found,
        "replies": found.replies.all(),
        "proposals": found.proposals.all(),
        "can_withdraw": rules.allowed(found.status, rules.CLOSE),
    }
    return render(request, "practices/help_detail.html", context)


@require_POST
@circle_member_required
def help_withdraw(request, intake_id):
    found = access.own_request(request.member, intake_id)
    _act(request, lambda: logic.withdraw_request(request.member, found), _("Your request is withdrawn."))
    return redirect("help:detail", circle_id=request.circle.pk, intake_id=found.pk)


@require_POST
@circle_member_required
def help_answer(request, proposal_id):
    proposal = access.owners_proposal(request.member, proposal_id)
    yes = request.POST.get("answer") == "yes"
    name = proposal.practitioner.name
    words = (
        _(
            "You said yes. %(name)s can now join the circle. They see nothing of anyone’s until each member consents."
        )
        if yes
        else _("You said no. The practice is told the family said no, nothing more.")
    )
    _act(request, lambda: logic.answer_proposal(request.member, proposal, yes), words % {"name": name})
    return redirect("help:list", circle_id=request.circle.pk)
