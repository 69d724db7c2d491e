from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sijill.accounts.auth import actor_for
from sijill.core.errors import SijillError
from sijill.persons import services
from sijill.persons.forms import PersonForm, PersonSearchForm, PurposeForm
from sijill.web.forms import add_service_errors


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
        try:
            matches = services.search_persons(actor, query, purpose=d["purpose"], limit=20)
        except SijillError as exc:
            form.add_error(None, str(exc.message))
    context = {"form": form, "matches": matches, "purpose": form.data.get("purpose", "")}
    if request.headers.get("HX-Request"):
        return render(request, "persons/_results.html", context)
    return render(request, "persons/search.html", context)


@login_required
def detail(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """A person's page. Opening it needs a stated purpose, which goes to the audit log."""
    actor = actor_for(request)
    actor.scope("person.view")
    form = PurposeForm(request.GET if "purpose" in request.GET else None)
    if not form.is_bound or not form.is_valid():
        return render(request, "persons/purpose.html", {"form": form})
    person = services.read_person(actor, person_id, purpose=form.cleaned_data["purpose"])
    return render(request, "persons/detail.html", {"person": person, "can_edit": actor.can("person.manage")})


@login_required
def create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("person.manage")
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.do_create_person(actor, **form.cleaned_data)
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The person was recorded."))
            url = reverse("persons:detail", args=[person.pk])
            return redirect(f"{url}?{urlencode({'purpose': _('registration')})}")
    return render(request, "persons/form.html", {"form": form})
