from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from sijill.accounts.auth import actor_for
from sijill.accounts.models import Role
from sijill.core import matrix

SCOPE_LABELS = {
    matrix.Scope.NATIONAL: _("National"),
    matrix.Scope.SITE: _("Site"),
    matrix.Scope.DIRECTORATE: _("Directorate"),
    matrix.Scope.UNIT: _("Unit"),
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    grants = [(action, SCOPE_LABELS[scope]) for action, scope in matrix.actions_of(actor.role).items()]
    return render(request, "web/home.html", {"grants": grants})


@login_required
def permission_matrix(request: HttpRequest) -> HttpResponse:
    """The written matrix, shown as it is enforced, so anyone can check what each role may do."""
    roles = [(value, label) for value, label in Role.choices]
    rows = [
        (action, [_scope_label(matrix.scope_for(role, action)) for role, _label in roles])
        for action in matrix.actions()
    ]
    two_factor = [matrix.requires_two_factor(role) for role, _label in roles]
    return render(request, "web/matrix.html", {"roles": roles, "rows": rows, "two_factor": two_factor})


def _scope_label(scope: matrix.Scope | None) -> object:
    return SCOPE_LABELS[scope] if scope is not None else "—"


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
