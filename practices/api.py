"""Practices and requests for help in the JSON API, under the same rules as the pages.

Something of another practice, another circle or another person answers 404, exactly
like an id that does not exist. A practitioner without two-step login answers 403.
"""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from circles.access import has_two_factor
from circles.logic import current_member
from circles.schemas import Pages, eager_annotations, valid_form
from lib.api import REFUSALS, Message
from practices import access, logic, queries, rules
from practices.forms import AddPractitionerForm, HelpRequestForm, PracticeForm, ReplyForm
from practices.models import IntakeRequest, Practice, PracticeInvitation, Proposal
from practices.schemas import (
    AddPractitionerIn,
    HelpRequestIn,
    IntakeOut,
    InvitationToMeOut,
    JoinedOut,
    MyPlaceOut,
    MyRequestOut,
    OwnerProposalOut,
    PracticeIn,
    PracticeInvitationOut,
    PracticeOut,
    PractitionerOut,
    ProposalAnswerIn,
    ProposalOut,
    ProposeIn,
    ReplyIn,
)

router = Router(tags=["practices"])
help_router = Router(tags=["help requests"])


def _practitioner(request, practice_id):
    practitioner = access.practitioner_of(request.auth, practice_id)
    if not has_two_factor(request.auth):
        raise access.two_step_refusal()
    return practitioner


@router.get("", response={200: list[PracticeOut], **REFUSALS})
def list_practices(request):
    """The practices on this server that take requests from families."""
    return Practice.objects.accepting()


@router.post("", response={201: PracticeOut, **REFUSALS})
def start_practice(request, payload: PracticeIn):
    """Start a practice; you become its first admin. Needs two-step login."""
    data = valid_form(PracticeForm, payload).cleaned_data
    return 201, logic.start_practice(request.auth, **data)


@router.get("/mine", response={200: list[MyPlaceOut], **REFUSALS})
def my_practices(request):
    """The practices you work for."""
    return queries.places_of(request.auth)


@router.get("/invitations", response={200: list[InvitationToMeOut], **REFUSALS})
def invitations_to_me(request):
    """Invitations to join a practice, sent to your account's email address."""
    return PracticeInvitation.objects.for_user(request.auth).select_related("practice")


def _invitation_to_me(request, practice_invitation_id) -> PracticeInvitation:
    return get_object_or_404(PracticeInvitation.objects.for_user(request.auth), pk=practice_invitation_id)


@router.post("/invitations/{practice_invitation_id}/accept", response={201: MyPlaceOut, **REFUSALS})
def accept_invitation(request, practice_invitation_id: UUID):
    """Join the practice as one of its professionals. Needs two-step login."""
    return 201, logic.accept_practice_invitation(
        _invitation_to_me(request, practice_invitation_id), request.auth
    )


@router.post("/invitations/{practice_invitation_id}/decline", response={200: Message, **REFUSALS})
def decline_invitation(request, practice_invitation_id: UUID):
    logic.decline_practice_invitation(_invitation_to_me(request, practice_invitation_id), request.auth)
    return {"detail": _("You declined. Nobody is told why.")}


@router.get("/{practice_id}", response={200: PracticeOut, **REFUSALS})
def get_practice(request, practice_id: UUID):
    return _practitioner(request, practice_id).practice


@router.put("/{practice_id}", response={200: PracticeOut, **REFUSALS})
def change_practice(request, practice_id: UUID, payload: PracticeIn):
    """An admin changes the practice's details."""
    me = _practitioner(request, practice_id)
    return logic.change_practice(me, **valid_form(PracticeForm, payload).cleaned_data)


@router.get("/{practice_id}/professionals", response={200: list[PractitionerOut], **REFUSALS})
def list_professionals(request, practice_id: UUID):
    me = _practitioner(request, practice_id)
    return me.practice.practitioners.current().select_related("user")


@router.post("/{practice_id}/professionals", response={202: PracticeInvitationOut, **REFUSALS})
def add_professional(request, practice_id: UUID, payload: AddPractitionerIn):
    """An admin invites a professional by email. The invitation is mailed whether or not an
    account has the address; whoever logs in with it can accept. Nothing here says which."""
    me = _practitioner(request, practice_id)
    data = valid_form(AddPractitionerForm, payload).cleaned_data
    return 202, logic.invite_practitioner(me, data["email"], as_admin=data["as_admin"])


@router.delete("/{practice_id}/professionals/{practitioner_id}", response={204: None, **REFUSALS})
def remove_professional(request, practice_id: UUID, practitioner_id: UUID):
    me = _practitioner(request, practice_id)
    other = get_object_or_404(me.practice.practitioners.current().select_related("user"), pk=practitioner_id)
    logic.remove_practitioner(me, other)
    return 204, None


@router.get("/{practice_id}/requests", response={200: list[IntakeOut], **REFUSALS})
@paginate(Pages, page_size=20)
@eager_annotations
def list_requests(request, practice_id: UUID, status: str = "open"):
    """The intake queue, newest first: open (the default), new, answered, invited, closed or all."""
    me = _practitioner(request, practice_id)
    if status not in (*rules.STATES, "open", "all"):
        status = "open"
    return queries.queue(me.practice, status).prefetch_related(*queries.WITH_ANSWERS)


@router.get("/{practice_id}/requests/{intake_id}", response={200: IntakeOut, **REFUSALS})
def get_request(request, practice_id: UUID, intake_id: UUID):
    return access.practice_request(_practitioner(request, practice_id), intake_id)


@router.post("/{practice_id}/requests/{intake_id}/replies", response={201: IntakeOut, **REFUSALS})
def reply(request, practice_id: UUID, intake_id: UUID, payload: ReplyIn):
    """Answer the family; they are told there is an answer, never what it says."""
    me = _practitioner(request, practice_id)
    found = access.practice_request(me, intake_id)
    logic.reply(me, found, valid_form(ReplyForm, payload).cleaned_data["text"])
    return 201, found


@router.post("/{practice_id}/requests/{intake_id}/invitations", response={201: ProposalOut, **REFUSALS})
def invite_professional(request, practice_id: UUID, intake_id: UUID, payload: ProposeIn):
    """Invite one of the practice's professionals into the family's circle (an owner's yes is needed)."""
    me = _practitioner(request, practice_id)
    found = access.practice_request(me, intake_id)
    professional = get_object_or_404(me.practice.practitioners.current(), pk=payload.practitioner)
    return 201, logic.propose(me, found, professional)


@router.post("/{practice_id}/requests/{intake_id}/close", response={200: IntakeOut, **REFUSALS})
def close_request(request, practice_id: UUID, intake_id: UUID):
    me = _practitioner(request, practice_id)
    found = access.practice_request(me, intake_id)
    logic.close(me, found)
    return found


@router.post("/{practice_id}/proposals/{proposal_id}/join", response={201: JoinedOut, **REFUSALS})
def join_circle(request, practice_id: UUID, proposal_id: UUID):
    """Join the family's circle after an owner said yes. You see nothing until members consent."""
    me = _practitioner(request, practice_id)
    member = logic.join_circle(me, access.own_proposal(me, proposal_id))
    return 201, {"circle": member.circle_id}


@router.post("/{practice_id}/proposals/{proposal_id}/decline", response={200: Message, **REFUSALS})
def decline_circle(request, practice_id: UUID, proposal_id: UUID):
    me = _practitioner(request, practice_id)
    logic.decline_circle(me, access.own_proposal(me, proposal_id))
    return {"detail": _("You declined. Nobody is told why.")}


# --- the family's side ------------------------------------------------------------------------


def _member(request, circle_id):
    member = current_member(request.auth, circle_id)
    if member is None:
        raise Http404
    return member


def _my_request(request, intake_id) -> IntakeRequest:
    return get_object_or_404(
        IntakeRequest.objects.select_related("practice").prefetch_related(*queries.WITH_ANSWERS),
        pk=intake_id,
        requester__user=request.auth,
        requester__left_at__isnull=True,
    )


@help_router.get("", response={200: list[MyRequestOut], **REFUSALS})
def my_requests(request):
    """Your requests for help, in every circle you are in."""
    return (
        IntakeRequest.objects.filter(requester__user=request.auth, requester__left_at__isnull=True)
        .select_related("practice")
        .prefetch_related(*queries.WITH_ANSWERS)
    )


@help_router.post("", response={201: MyRequestOut, **REFUSALS})
def ask_for_help(request, payload: HelpRequestIn):
    """Ask a practice for a consultation from one of your circles. Only what you send is shared."""
    member = _member(request, payload.circle)
    data = dict(valid_form(HelpRequestForm, payload).cleaned_data)
    practice = data.pop("practice")
    data.pop("circle", None)
    return 201, logic.ask_for_help(member, practice, **data)


@help_router.get("/proposals", response={200: list[OwnerProposalOut], **REFUSALS})
def proposals_to_answer(request):
    """Professionals a practice would like to let into a circle you own, waiting for your yes."""
    found = []
    for member in request.auth.memberships.filter(left_at__isnull=True, is_owner=True):
        found.extend(queries.proposals_for_owner(member))
    return found


@help_router.post("/proposals/{proposal_id}/answer", response={200: Message, **REFUSALS})
def answer_proposal(request, proposal_id: UUID, payload: ProposalAnswerIn):
    """An owner says yes or no to the professional joining."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("request", "practitioner__user"), pk=proposal_id
    )
    member = current_member(request.auth, proposal.request.circle_id)
    if member is None:
        raise Http404
    proposal = access.owners_proposal(member, proposal_id)
    logic.answer_proposal(member, proposal, payload.yes)
    return {"detail": proposal.status}


@help_router.get("/{intake_id}", response={200: MyRequestOut, **REFUSALS})
def get_my_request(request, intake_id: UUID):
    """One of your requests, with the practice's answers."""
    return _my_request(request, intake_id)


@help_router.post("/{intake_id}/withdraw", response={200: MyRequestOut, **REFUSALS})
def withdraw(request, intake_id: UUID):
    found = _my_request(request, intake_id)
    logic.withdraw_request(found.requester, found)
    return found
