"""Pages of the phrases app: the library, the picker's fragment, own phrases, favourites."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from circles.access import circle_member_required
from lib.refusal import show_refusal
from phrases import logic
from phrases.forms import OwnPhraseForm

QUERY_MAX = 100


def _query(data) -> str:
    return (data.get("q") or "")[:QUERY_MAX]


def _library_url(request, query: str = "") -> str:
    url = reverse("phrases:library", kwargs={"circle_id": request.circle.pk})
    return f"{url}?{urlencode({'q': query})}" if query else url


def _results(request, query: str):
    book = logic.phrase_book(request.member, request.LANGUAGE_CODE, query)
    return render(request, "phrases/_results.html", {"book": book})


@require_GET
@circle_member_required
def library(request):
    query = _query(request.GET)
    if request.htmx and request.htmx.target == "phrase-results":
        response = _results(request, query)
    else:
        book = logic.phrase_book(request.member, request.LANGUAGE_CODE, query)
        response = render(request, "phrases/library.html", {"book": book})
    # One URL, two shapes: a cache (or the back button) must not mix them up.
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


@require_GET
@circle_member_required
def picker(request):
    """The picker's list for a search, as a small fragment."""
    book = logic.phrase_book(request.member, request.LANGUAGE_CODE, _query(request.GET))
    return render(request, "phrases/_picker_results.html", {"book": book})


@require_POST
@circle_member_required
def favourite(request):
    query = _query(request.POST)
    on = request.POST.get("on") == "1"
    try:
        logic.set_favourite(request.member, request.POST.get("phrase", ""), on)
    except LookupError:
        raise Http404 from None
    if request.htmx:
        return _results(request, query)
    messages.success(request, _("Added to your favourites.") if on else _("Removed from your favourites."))
    return redirect(_library_url(request, query))


@circle_member_required
def own_new(request):
    form = OwnPhraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            logic.add_own(request.member, form.cleaned_data["text"], form.cleaned_data["purpose"])
        except logic.PhraseError as error:
            show_refusal(request, error, form)
        else:
            messages.success(request, _("Your phrase is saved. Only you can see it."))
            return redirect(_library_url(request))
    return render(request, "phrases/own_form.html", {"form": form, "phrase": None})


def _own_or_404(request, phrase_id):
    phrase = logic.find_own(request.member, phrase_id)
    if phrase is None:
        raise Http404
    return phrase


@circle_member_required
def own_edit(request, phrase_id):
    phrase = _own_or_404(request, phrase_id)
    initial = {"text": phrase.text, "purpose": phrase.purpose}
    form = OwnPhraseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        logic.edit_own(phrase, form.cleaned_data["text"], form.cleaned_data["purpose"])
        messages.success(request, _("Your phrase is updated."))
        return redirect(_library_url(request))
    return render(request, "phrases/own_form.html", {"form": form, "phrase": phrase})


@require_POST
@circle_member_required
def own_delete(request, phrase_id):
    logic.delete_own(_own_or_404(request, phrase_id))
    messages.success(request, _("Your phrase was deleted."))
    return redirect(_library_url(request))
