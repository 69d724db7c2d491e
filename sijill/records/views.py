"""Pages of criminal records and cases: thin, they call services."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sijill.accounts.auth import actor_for
from sijill.audit.services import history_of
from sijill.core.actor import Actor
from sijill.core.errors import SijillError
from sijill.core.permissions import get_visible, visible
from sijill.persons.forms import PurposeForm
from sijill.persons.models import Person
from sijill.records import services
from sijill.records.forms import CaseFilterForm, CaseForm, CorrectionForm, RecordForm
from sijill.records.models import Case, CriminalRecord
from sijill.web.forms import add_service_errors
from sijill.web.purpose import url_with_purpose


def _purpose(request: HttpRequest) -> PurposeForm | None:
    """The purpose form, or None when a valid purpose was given."""
    form = PurposeForm(request.GET if "purpose" in request.GET else None)
    return None if form.is_bound and form.is_valid() else form


def _cases_for(actor: Actor) -> Any:
    return visible(Case, actor, "record.view").order_by("-opened_on")[:500]


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    filters = CaseFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    rows = services.browse_cases(actor, text=data.get("q", ""), status=data.get("status", ""))[:500]
    context = {"cases": rows, "filters": filters, "can_manage": actor.can("record.manage")}
    template = "records/_case_rows.html" if request.headers.get("HX-Request") else "records/cases.html"
    return render(request, template, context)


@login_required
def case_detail(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """A case with its entries; the entries name persons, so the page asks for a purpose."""
    actor = actor_for(request)
    actor.scope("record.view")
    form = _purpose(request)
    if form is not None:
        services.get_case(actor, case_id)  # 404 outside the scope before asking anything
        return render(request, "persons/purpose.html", {"form": form})
    purpose = request.GET["purpose"]
    case, entries = services.read_case(actor, case_id, purpose=purpose)
    can_edit = (
        visible(Case.objects.filter(pk=case.pk), actor, "record.manage").exists()
        if actor.can("record.manage")
        else False
    )
    context = {"case": case, "entries": entries, "purpose": purpose, "history": history_of(case), "can_edit": can_edit}
    return render(request, "records/case_detail.html", context)


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("record.manage")
    form = CaseForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            case = services.do_create_case(actor, **form.service_fields())
        except SijillError as exc:
            add_service_errors(form, exc)
            status = exc.status
        else:
            messages.success(request, _("The case was opened."))
            return redirect(url_with_purpose("records:case_detail", case.pk, _("case opened")))
    elif request.method == "POST":
        status = 422
    return render(request, "records/case_form.html", {"form": form}, status=status)


@login_required
def case_edit(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("record.manage")
    case = get_visible(Case, actor, "record.manage", case_id)
    initial = {
        "number": case.number, "title": case.title, "prosecution_office": case.prosecution_office_id,
        "prosecution_ref": case.prosecution_ref, "court_ref": case.court_ref, "opened_on": case.opened_on,
        "status": case.status, "summary": case.summary,
    }  # fmt: skip
    form = CaseForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            version = int(request.POST.get("version", case.version))
        except ValueError:
            version = -1
        try:
            services.do_update_case(actor, case.pk, expected_version=version, **form.service_fields())
        except SijillError as exc:
            add_service_errors(form, exc)
            status = exc.status
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(url_with_purpose("records:case_detail", case.pk, _("case edited")))
    elif request.method == "POST":
        status = 422
    context = {"form": form, "case": case, "version": request.POST.get("version", case.version)}
    return render(request, "records/case_form.html", context, status=status)


@login_required
def sheet(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """A person's record sheet on one page: current entries, then the corrected ones."""
    actor = actor_for(request)
    actor.scope("record.view")
    form = _purpose(request)
    if form is not None:
        get_visible(Person, actor, "person.view", person_id)
        return render(request, "persons/purpose.html", {"form": form})
    purpose = request.GET["purpose"]
    record_sheet = services.read_sheet(actor, person_id, purpose=purpose)
    manageable: set[Any] = set()
    if actor.can("record.manage"):
        ids = [e.pk for e in record_sheet.current]
        manageable = set(
            visible(CriminalRecord.objects.filter(pk__in=ids), actor, "record.manage").values_list("pk", flat=True)
        )
    context = {
        "sheet": record_sheet, "person": record_sheet.person, "purpose": purpose, "manageable": manageable,
        "can_manage": actor.can("record.manage"),
    }  # fmt: skip
    return render(request, "records/sheet.html", context)


@login_required
def record_create(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("record.manage")
    person = get_visible(Person, actor, "person.view", person_id)
    form = RecordForm(request.POST or None, cases=_cases_for(actor))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.do_create_record(actor, person.pk, **form.service_fields())
        except SijillError as exc:
            add_service_errors(form, exc)
            status = exc.status
        else:
            messages.success(request, _("The entry was recorded."))
            return redirect(url_with_purpose("records:sheet", person.pk, _("entry recorded")))
    elif request.method == "POST":
        status = 422
    return render(request, "records/record_form.html", {"form": form, "person": person}, status=status)


@login_required
def record_correct(request: HttpRequest, record_id: uuid.UUID) -> HttpResponse:
    """Correct an entry: a new entry supersedes it; the old one stays on the sheet."""
    actor = actor_for(request)
    actor.scope("record.manage")
    old = get_visible(CriminalRecord.objects.select_related("person", "case"), actor, "record.manage", record_id)
    initial = {name: getattr(old, name) for name in services.RECORD_FIELDS if name != "case_id"} | {"case": old.case_id}
    form = CorrectionForm(request.POST or None, initial=initial, cases=_cases_for(actor))
    status = 200
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        reason = fields.pop("correction_reason")
        try:
            services.do_correct_record(actor, old.pk, reason=reason, **fields)
        except SijillError as exc:
            add_service_errors(form, exc)
            status = exc.status
        else:
            messages.success(request, _("The correction was recorded; the old entry is kept as corrected."))
            return redirect(url_with_purpose("records:sheet", old.person_id, _("entry corrected")))
    elif request.method == "POST":
        status = 422
    context = {"form": form, "person": old.person, "old": old}
    return render(request, "records/record_form.html", context, status=status)
