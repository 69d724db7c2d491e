from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sijill.accounts.auth import actor_for
from sijill.audit.services import history_of
from sijill.core.errors import SijillError
from sijill.core.permissions import get_visible, visible
from sijill.persons import services
from sijill.persons.forms import AliasForm, PersonEditForm, PersonFilterForm, PersonForm, PersonSearchForm, PurposeForm
from sijill.persons.models import Person
from sijill.web.forms import add_service_errors
from sijill.web.purpose import url_with_purpose

PAGE_SIZE = 50


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Search page; with htmx, each pause in typing returns only the ranked results."""
    actor = actor_for(request)
    actor.scope("person.search")
    form = PersonSearchForm(request.GET or None)
    matches = None
    if request.GET and form.is_valid():
        d = form.cleaned_data
        query = services.SearchQuery(text=d["q"], mother=d["mother"], birth_year=d["birth_year"], place=d["place"])
        from sijill.linkage.services import collapse_matches  # linkage builds on persons, not the reverse

        try:
            matches = collapse_matches(services.search_persons(actor, query, purpose=d["purpose"], limit=20))
        except SijillError as exc:
            form.add_error(None, str(exc.message))
    context = {"form": form, "matches": matches, "purpose": form.data.get("purpose", "")}
    if request.headers.get("HX-Request"):
        return render(request, "persons/_results.html", context)
    return render(request, "persons/search.html", context)


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    """Persons filtered by identifiers and facts; the rows appear once a purpose is stated (audited)."""
    actor = actor_for(request)
    actor.scope("person.search")
    form = PersonFilterForm(request.GET or None)
    persons = None
    page = 0
    if form.is_bound and form.is_valid() and form.cleaned_data["purpose"]:
        d = form.cleaned_data
        filters = services.PersonFilter(
            name=d["name"], national_number=d["national_number"], sex=d["sex"], birth_year=d["birth_year"],
            nationality=d["nationality"], site=d["site"],
        )  # fmt: skip
        try:
            page = max(0, int(request.GET.get("page", "0")))
        except ValueError:
            page = 0
        try:
            persons = services.list_persons(
                actor, filters, purpose=d["purpose"], offset=page * PAGE_SIZE, limit=PAGE_SIZE + 1
            )
        except SijillError as exc:
            form.add_error(None, str(exc.message))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "persons": persons[:PAGE_SIZE] if persons is not None else None,
        "has_next": persons is not None and len(persons) > PAGE_SIZE,
        "page": page,
        "query": query.urlencode(),
        "purpose": form.data.get("purpose", ""),
    }
    if request.headers.get("HX-Request"):
        return render(request, "persons/_list_rows.html", context)
    return render(request, "persons/list.html", context)


@login_required
def detail(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """A person's page. Opening it needs a stated purpose, which goes to the audit log."""
    from sijill.records.services import sheet_summary  # records build on persons, not the reverse

    actor = actor_for(request)
    actor.scope("person.view")
    form = PurposeForm(request.GET if "purpose" in request.GET else None)
    if not form.is_bound or not form.is_valid():
        return render(request, "persons/purpose.html", {"form": form})
    purpose = form.cleaned_data["purpose"]
    person = services.read_person(actor, person_id, purpose=purpose)
    can_edit = (
        actor.can("person.manage") and visible(Person.objects.filter(pk=person.pk), actor, "person.manage").exists()
    )
    context = {
        "person": person,
        "purpose": purpose,
        "aliases": services.aliases_of(person),
        "sheet": sheet_summary(actor, person),
        "history": history_of(person),
        "can_edit": can_edit,
        "can_add_alias": actor.can("person.manage"),
        "alias_form": AliasForm(),
    }
    return render(request, "persons/detail.html", context)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("person.manage")
    form = PersonForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            person = services.do_create_person(actor, **form.cleaned_data)
        except SijillError as exc:
            add_service_errors(form, exc)
            status = exc.status
        else:
            messages.success(request, _("The person was recorded."))
            return redirect(url_with_purpose("persons:detail", person.pk, _("registration")))
    return render(request, "persons/form.html", {"form": form}, status=status)


@login_required
def edit(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """Edit a person; the form carries the version it started from, so a stale save answers 409."""
    actor = actor_for(request)
    actor.scope("person.manage")
    person = get_visible(Person, actor, "person.manage", person_id)
    initial = {name: getattr(person, name) for name in services.EDITABLE} | {"version": person.version}
    form = PersonEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.do_update_person(actor, person.pk, expected_version=version, **data)
        except SijillError as exc:
            add_service_errors(form, exc)
            status = exc.status
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(url_with_purpose("persons:detail", person.pk, _("correction of the record")))
    return render(request, "persons/form.html", {"form": form, "person": person}, status=status)


@login_required
def alias_add(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """Record another name of the person (the form is also on the person's page)."""
    actor = actor_for(request)
    actor.scope("person.manage")
    person = get_visible(Person, actor, "person.view", person_id)
    form = AliasForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.do_add_alias(actor, person.pk, **form.cleaned_data)
        except SijillError as exc:
            add_service_errors(form, exc)
            status = exc.status
        else:
            messages.success(request, _("The alias was recorded."))
            return redirect(url_with_purpose("persons:detail", person.pk, _("alias recorded")))
    elif request.method == "POST":
        status = 422
    return render(request, "persons/alias_form.html", {"form": form, "person": person}, status=status)
