"""The pages "Consent for your professional": list, sign, change, revoke, the text signed.

A member sees their own consents (current and history); a professional sees the
consents in force that name them. Anyone else's consent answers 404, exactly like one
that does not exist.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.access import circle_member_required, open_to_professionals
from circles.consent import logic
from circles.consent.forms import ConsentForm, SignForm
from circles.models import Consent
from lib.refusal import Refused, show_refusal


def _mine(request, consent_id) -> Consent:
    return get_object_or_404(logic.consents_of(request.member), pk=consent_id)


@circle_member_required
@open_to_professionals
def consents(request):
    member = request.member
    if member.is_professional:
        return render(request, "circles/consent/to_me.html", {"consents": logic.naming(member)})
    given = list(logic.consents_of(member))
    return render(
        request,
        "circles/consent/list.html",
        {
            "professionals": list(logic.professionals_for(member)),
            "in_force": [c for c in given if c.is_in_force()],
            "history": [c for c in given if not c.is_in_force()],
        },
    )


def _sign_or_change(request, consent: Consent | None):
    member = request.member
    if member.is_professional:
        raise Http404
    if consent is not None and not consent.is_in_force():
        messages.info(request, _("This consent is no longer in force. You can sign a new one."))
        return redirect("circles:consent", circle_id=request.circle.pk)
    initial = ConsentForm.initial_from(consent) if consent else {}
    if consent is None and request.GET.get("professional"):
        try:
            chosen = uuid.UUID(request.GET["professional"])
        except ValueError:
            chosen = None  # a hand-made address: nobody is ticked
        initial["recipients"] = logic.professionals_for(member).filter(pk=chosen)
    form = ConsentForm(request.POST or None, member=member, initial=initial)
    sign_form = None
    shown = None
    if request.method == "POST" and "edit" not in request.POST and form.is_valid():
        choices = form.choices()
        shown = logic.shown_text(member, choices)
        if "sign" in request.POST:
            sign_form = SignForm(request.POST)
            if sign_form.is_valid():
                password = sign_form.cleaned_data["password"]
                try:
                    if consent is None:
                        signed = logic.sign(member, choices, password)
                    else:
                        signed = logic.change(member, consent, choices, password)
                except Refused as refusal:
                    show_refusal(request, refusal, sign_form)
                else:
                    messages.success(request, _("Signed. You can see, change or revoke it here at any time."))
                    return redirect(
                        "circles:consent_detail", circle_id=request.circle.pk, consent_id=signed.pk
                    )
        else:
            sign_form = SignForm()
    return render(
        request,
        "circles/consent/form.html",
        {"form": form, "sign_form": sign_form, "shown": shown, "consent": consent},
    )


@circle_member_required
def sign(request):
    return _sign_or_change(request, None)


@circle_member_required
def change(request, consent_id):
    return _sign_or_change(request, _mine(request, consent_id))


@circle_member_required
@open_to_professionals
def detail(request, consent_id):
    member = request.member
    if member.is_professional:
        consent = get_object_or_404(logic.naming(member), pk=consent_id)
    else:
        consent = _mine(request, consent_id)
    return render(
        request, "circles/consent/detail.html", {"consent": consent, "text": logic.text_of(consent)}
    )


@require_POST
@circle_member_required
def revoke(request, consent_id):
    consent = _mine(request, consent_id)
    try:
        logic.revoke(request.member, consent)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(
            request, _("Revoked. From now on they see nothing more of yours under this consent.")
        )
    return redirect("circles:consent", circle_id=request.circle.pk)
