from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.forms import AccessTokenForm, ProfileForm
from accounts.models import AccessToken


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        translation.activate(request.user.language)
        messages.success(request, _("Your settings are saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@reauthentication_required(allow_get=True)
def tokens(request):
    form = AccessTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        _token, new_secret = AccessToken.issue(request.user, form.cleaned_data["name"])
        form = AccessTokenForm()
    listed = request.user.access_tokens.filter(revoked_at__isnull=True)
    return render(request, "accounts/tokens.html", {"form": form, "tokens": listed, "new_secret": new_secret})


@require_POST
@login_required
def revoke_token(request, token_id):
    token = get_object_or_404(AccessToken, pk=token_id, user=request.user)
    AccessToken.objects.filter(pk=token.pk).revoke()
    messages.success(request, _("The token no longer works. Apps using it can no longer reach your account."))
    return redirect("accounts:tokens")


@require_POST
def set_language(request):
    """Switch language; signed-in people keep the choice on their account."""
    response = django_set_language(request)
    chosen = request.POST.get("language")
    if request.user.is_authenticated and chosen in dict(request.user._meta.get_field("language").choices):
        request.user.language = chosen
        request.user.save(update_fields=["language"])
    return response
