from __future__ import annotations

import uuid

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from sijill.accounts import services
from sijill.accounts.auth import actor_for, next_url, two_factor_satisfied
from sijill.accounts.forms import ApiTokenForm, LoginForm, TokenForm, UserCreateForm, UserFilterForm
from sijill.accounts.models import User
from sijill.audit.services import record_event
from sijill.core.actor import Actor
from sijill.core.errors import SijillError
from sijill.core.permissions import visible
from sijill.organisation.models import Unit
from sijill.web.forms import add_service_errors


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in: enter a TOTP code, or set up the authenticator on first use."""
    user = request.user
    assert isinstance(user, User)
    if two_factor_satisfied(request, user):
        return redirect(next_url(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name="default", confirmed=False
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            if setting_up:
                device.confirmed = True
                device.save()
                record_event(Actor.from_user(user), "auth.2fa_enrolled")
            otp_login(request, device)
            record_event(Actor.from_user(user), "auth.2fa_verified")
            return redirect(next_url(request))
        form.add_error("token", _("The code is not valid. Check your device's clock and try again."))
        record_event(Actor.from_user(user), "auth.2fa_failed")
    context = {"form": form, "setting_up": setting_up}
    if setting_up:
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(scale=4)
        context["secret"] = device.config_url.split("secret=")[1].split("&")[0]
    return render(request, "accounts/two_factor.html", context)


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    actor = actor_for(request)
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _token, new_token = services.do_issue_token(
            actor, user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
        form = ApiTokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": user.api_tokens.all(), "new_token": new_token},
    )


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: str) -> HttpResponse:
    services.do_revoke_token(actor_for(request), token_id)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:tokens")


@login_required
def users(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    filters = UserFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    qs = services.browse_users(actor, text=data.get("q") or "", role=data.get("role") or "")
    template = "accounts/_user_rows.html" if request.headers.get("HX-Request") else "accounts/users.html"
    return render(
        request,
        template,
        {"users": qs[:200], "filters": filters, "can_manage": actor.can("user.manage")},
    )


@login_required
def user_detail(request: HttpRequest, user_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    member = services.read_user(actor, user_id)
    return render(request, "accounts/user_detail.html", {"member": member})


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("user.manage")
    units = visible(Unit.objects.owned(), actor, "org.manage")
    form = UserCreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.do_create_user(
                actor,
                username=data["username"],
                password=data["password"],
                role=data["role"],
                unit_id=data["unit"].pk,
                full_name_ar=data["full_name_ar"],
            )
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The user was created."))
            return redirect("accounts:user_detail", user_id=member.pk)
    return render(request, "accounts/user_form.html", {"form": form})
