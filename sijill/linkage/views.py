"""Pages of the statewide register: thin, they call services."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sijill.accounts.auth import actor_for
from sijill.core.errors import SijillError
from sijill.linkage import services
from sijill.linkage.forms import DecisionForm, SplitForm, WithdrawForm
from sijill.persons.forms import PurposeForm
from sijill.web.forms import add_service_errors
from sijill.web.purpose import url_with_purpose

PAGE_SIZE = 25


def _page(request: HttpRequest) -> int:
    try:
        return max(0, int(request.GET.get("page", "0")))
    except ValueError:
        return 0


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Pairs waiting for a judgement, strongest first."""
    actor = actor_for(request)
    page = _page(request)
    items, total = services.review_queue(actor, offset=page * PAGE_SIZE, limit=PAGE_SIZE)
    context = {"items": items, "total": total, "page": page, "has_next": total > (page + 1) * PAGE_SIZE}
    return render(request, "linkage/queue.html", context)


@login_required
def pair(request: HttpRequest, pair_id: uuid.UUID) -> HttpResponse:
    """Both records side by side, the evidence for and against, and the judgement form."""
    actor = actor_for(request)
    services.get_pair(actor, pair_id)
    form = DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        candidate = services.get_pair(actor, pair_id)
        try:
            services.do_decide(
                actor, candidate.left_id, candidate.right_id,
                verdict=form.cleaned_data["verdict"], reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except SijillError as exc:
            add_service_errors(form, exc)
            status = exc.status
        else:
            messages.success(request, _("Your judgement was recorded."))
            next_items, _total = services.review_queue(actor, limit=1)
            if next_items:
                return redirect("linkage:pair", next_items[0].pair.pk)
            return redirect("linkage:queue")
    elif request.method == "POST":
        status = 422
    view = services.read_pair(actor, pair_id)
    context = {"view": view, "form": form, "withdraw_form": WithdrawForm()}
    return render(request, "linkage/pair.html", context, status=status)


@login_required
def withdraw(request: HttpRequest, pair_id: uuid.UUID) -> HttpResponse:
    """Withdraw this site's judgement on a pair (it goes back to the queue if a run had scored it)."""
    actor = actor_for(request)
    candidate = services.get_pair(actor, pair_id)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_decide(
                actor, candidate.left_id, candidate.right_id, verdict="withdrawn", reason=form.cleaned_data["reason"]
            )
        except SijillError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Your site's judgement was withdrawn."))
    elif request.method == "POST":
        messages.error(request, _("Give the reason for this judgement (at least three characters)."))
    return redirect("linkage:pair", candidate.pk)


@login_required
def statewide(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """The statewide person of a record; opening it needs a stated purpose (audited)."""
    actor = actor_for(request)
    actor.scope("link.view")
    form = PurposeForm(request.GET if "purpose" in request.GET else None)
    if not form.is_bound or not form.is_valid():
        return render(request, "persons/purpose.html", {"form": form})
    purpose = form.cleaned_data["purpose"]
    view = services.read_statewide(actor, person_id, purpose=purpose)
    return render(
        request, "linkage/person.html", {"statewide": view, "purpose": purpose, "can_split": actor.can("link.review")}
    )


@login_required
def split(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """Split a wrong statewide person: choose the records that are someone else (one audited action)."""
    actor = actor_for(request)
    actor.scope("link.review")
    view = services.read_statewide(actor, person_id, purpose=_("splitting a statewide person"))
    choices = [
        (str(m.person.pk), f"{m.person.full_name} — {m.person.origin_site}") for m in view.members if not m.is_anchor
    ]
    form = SplitForm(request.POST or None, choices=choices)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.do_split(actor, person_id, detach=form.cleaned_data["detach"], reason=form.cleaned_data["reason"])
        except SijillError as exc:
            add_service_errors(form, exc)
            status = exc.status
        else:
            messages.success(request, _("The statewide person was split."))
            return redirect(url_with_purpose("linkage:person", person_id, _("splitting a statewide person")))
    elif request.method == "POST":
        status = 422
    return render(request, "linkage/split.html", {"statewide": view, "form": form}, status=status)


@login_required
def conflicts(request: HttpRequest) -> HttpResponse:
    """Pairs on which sites disagree: each site sees the other's judgement."""
    actor = actor_for(request)
    return render(request, "linkage/conflicts.html", {"conflicts": services.list_conflicts(actor)})


@login_required
def runs(request: HttpRequest) -> HttpResponse:
    """The run history with its figures."""
    actor = actor_for(request)
    page = _page(request)
    rows = list(services.runs(actor)[page * PAGE_SIZE : (page + 1) * PAGE_SIZE + 1])
    context = {
        "runs": rows[:PAGE_SIZE],
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "queue": reverse("linkage:queue"),
    }
    return render(request, "linkage/runs.html", context)
