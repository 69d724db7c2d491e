"""Pages of forensic evidence: thin, they call services."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sijill.accounts.auth import actor_for
from sijill.audit.services import history_of
from sijill.core.errors import SijillError
from sijill.core.permissions import get_visible
from sijill.evidence import services
from sijill.evidence.forms import (
    CustodyTransferForm,
    EvidenceEditForm,
    EvidenceFilterForm,
    EvidenceItemForm,
    LabReferenceForm,
)
from sijill.evidence.models import EvidenceItem
from sijill.organisation.models import Unit
from sijill.persons.forms import PurposeForm
from sijill.records.models import Case
from sijill.web.forms import add_service_errors
from sijill.web.purpose import url_with_purpose


def _list(request: HttpRequest, case: Case | None) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("evidence.view")
    form = EvidenceFilterForm(request.GET or None)
    filters: dict[str, Any] = dict(form.cleaned_data) if form.is_valid() else {}
    if case is not None:
        filters["case"] = case
    page = Paginator(services.browse_items(actor, filters), 50).get_page(request.GET.get("page"))
    holders = {u.pk: u for u in Unit.objects.filter(pk__in=[getattr(i, "holder_id", None) for i in page])}
    for item in page:
        item.holder = holders.get(getattr(item, "holder_id", None))  # type: ignore[attr-defined]
    context = {"form": form, "page": page, "case": case, "can_manage": actor.can("evidence.manage")}
    if request.headers.get("HX-Request"):
        return render(request, "evidence/_list_rows.html", context)
    return render(request, "evidence/list.html", context)


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    return _list(request, None)


@login_required
def case_items(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """A case's evidence: the case must be in the user's evidence scope."""
    case = get_visible(Case.objects.select_related("unit"), actor_for(request), "evidence.view", case_id)
    return _list(request, case)


@login_required
def detail(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    """An item with its chain of custody and lab links; opening it needs a stated purpose."""
    actor = actor_for(request)
    actor.scope("evidence.view")
    form = PurposeForm(request.GET if "purpose" in request.GET else None)
    if not form.is_bound or not form.is_valid():
        return render(request, "persons/purpose.html", {"form": form})
    item = services.read_item(actor, item_id, purpose=form.cleaned_data["purpose"])
    context = {
        "item": item,
        "state": services.state_of(item),
        "transfers": services.transfers_of(item),
        "lab_references": item.lab_references.all(),
        "linked": services.persons_linked(item),
        "history": history_of(item),
        "can_manage": actor.can("evidence.manage"),
    }
    return render(request, "evidence/detail.html", context)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("evidence.manage")
    initial = {"case": request.GET.get("case")} if request.GET.get("case") else None
    form = EvidenceItemForm(request.POST or None, initial=initial, cases=services.visible_cases(actor))
    if request.method == "POST" and form.is_valid():
        try:
            item = services.do_create_item(actor, **form.cleaned_data)
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The evidence item was recorded."))
            return redirect(url_with_purpose("evidence:detail", item.pk, _("registration")))
    return render(request, "evidence/form.html", {"form": form, "title": _("New evidence item")})


def _managed_item(request: HttpRequest, item_id: uuid.UUID) -> tuple[Any, EvidenceItem]:
    actor = actor_for(request)
    actor.scope("evidence.manage")
    return actor, get_visible(EvidenceItem.objects.select_related("case"), actor, "evidence.manage", item_id)


@login_required
def edit(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    """Correct an item's description; a stale form (someone saved meanwhile) is refused with 409."""
    actor, item = _managed_item(request, item_id)
    initial = {name: getattr(item, name) for name in ("kind", "description", "seized_place", "seized_by", "version")}
    form = EvidenceEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        services.do_update_item(actor, item.pk, expected_version=version, **data)
        messages.success(request, _("The evidence item was corrected."))
        return redirect(url_with_purpose("evidence:detail", item.pk, _("correction")))
    title = _("Correct %(item)s") % {"item": item}
    return render(request, "evidence/form.html", {"form": form, "title": title})


@login_required
def transfer_create(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    actor, item = _managed_item(request, item_id)
    state = services.state_of(item)
    form = CustodyTransferForm(request.POST or None, initial={"from_unit": state.holder.pk})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_record_transfer(actor, item.pk, **form.cleaned_data)
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The hand-over was added to the chain of custody."))
            return redirect(url_with_purpose("evidence:detail", item.pk, _("chain of custody")))
    title = _("Hand-over of %(item)s") % {"item": item}
    return render(request, "evidence/form.html", {"form": form, "title": title, "state": state})


@login_required
def lab_reference_create(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    """A lab reference for this item, or (with a person given) for a person of this case."""
    actor, item = _managed_item(request, item_id)
    form = LabReferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person = data.pop("person")
        try:
            services.do_add_lab_reference(actor, item=None if person else item, person=person or None, **data)
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The lab reference was recorded."))
            return redirect(url_with_purpose("evidence:detail", item.pk, _("lab reference")))
    title = _("Lab reference for %(item)s") % {"item": item}
    return render(request, "evidence/form.html", {"form": form, "title": title})
