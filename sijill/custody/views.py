"""Pages of arrests and custody: thin, they call services."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from sijill.accounts.auth import actor_for
from sijill.audit.services import history_of
from sijill.core import ratelimit
from sijill.core.errors import NotFound, PermissionDenied, SijillError
from sijill.core.permissions import get_visible
from sijill.custody import services
from sijill.custody.forms import EVENT_FIELDS, ArrestForm, CustodyEventForm, CustodyFilterForm, PublicCheckForm
from sijill.custody.models import Arrest, EventKindChoices
from sijill.custody.states import CustodyState, EventKind
from sijill.persons.forms import PurposeForm
from sijill.web.forms import add_service_errors
from sijill.web.purpose import url_with_purpose

PUBLIC_CHECK_GROUP = "custody.public_check"


def public_check_refused(request: HttpRequest) -> bool:
    """Over the queries allowed per address or, all addresses together, over the ceiling (read when
    asked, so that a site or a test can change them). Shared by the page and the API."""
    return ratelimit.public_check_refused(
        request, group=PUBLIC_CHECK_GROUP, per_address=settings.SIJILL_PUBLIC_CHECK_RATE,
        ceiling=settings.SIJILL_PUBLIC_CHECK_CEILING, on_ceiling=services.public_check_ceiling_reached,
    )  # fmt: skip


@login_required
def custody_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("custody.view")
    filters = CustodyFilterForm(request.GET or None)
    flt = services.CustodyFilter(status="held")
    if filters.is_valid():
        d = filters.cleaned_data
        flt = services.CustodyFilter(q=d["q"], status=d["status"], category=d["category"])
    page = Paginator(services.browse_custody(actor, flt), 50).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(arrest, services.status_of(arrest, now)) for arrest in page]
    context = {"page": page, "rows": rows, "filters": filters, "can_record": actor.can("custody.manage")}
    template = "custody/_rows.html" if request.headers.get("HX-Request") else "custody/list.html"
    return render(request, template, context)


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    """Every custody held past a legal deadline, for the prosecution and supervisors."""
    actor = actor_for(request)
    rows = [
        {
            "arrest": row.arrest,
            "place": row.status.place,
            "items": [
                {
                    "code": d.rule.code,
                    "label": services.rule_label(d.rule),
                    "due_at": d.due_at,
                    "late": duration_text(late),
                }
                for d, late in row.status.overdue
            ],
        }
        for row in services.browse_overdue(actor)
    ]
    return render(request, "custody/overdue.html", {"rows": rows, "rules": services.rules_table()})


def duration_text(delta: dt.timedelta) -> str:
    """ "2 days 5 hours" in the user's language."""
    hours = int(delta.total_seconds() // 3600)
    days, hours = divmod(hours, 24)
    parts = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if hours or not days:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    return " ".join(parts)


@login_required
def detail(request: HttpRequest, arrest_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("custody.view")
    form = PurposeForm(request.GET if "purpose" in request.GET else None)
    if not form.is_bound or not form.is_valid():
        return render(request, "persons/purpose.html", {"form": form})
    arrest = services.read_arrest(actor, arrest_id, purpose=form.cleaned_data["purpose"])
    now = timezone.now()
    status = services.status_of(arrest, now)
    can_manage = services.can_manage(actor, arrest) and status.state is not CustodyState.RELEASED
    actions = []
    if can_manage:
        is_prosecutor = services.sits_in_prosecution(actor)
        actions = [
            (value, label)
            for value, label in EventKindChoices.choices
            if value != EventKind.DETENTION_ORDER or is_prosecutor
        ]
    events = sorted(arrest.events.all(), key=lambda e: (e.occurred_at, e.created_at))
    context = {
        "arrest": arrest,
        "status": status,
        "events": events,
        "actions": actions,
        "history": history_of(arrest),
        "deadlines": [
            {"code": d.rule.code, "label": services.rule_label(d.rule), "due_at": d.due_at, "met_at": d.met_at,
             "met_late": d.met_late, "overdue": d.overdue_by(now) is not None}
            for d in status.deadlines
        ],
    }  # fmt: skip
    return render(request, "custody/detail.html", context)


@login_required
def arrest_create(request: HttpRequest) -> HttpResponse:
    """An arrest caught in the act; arrests on a warrant are recorded from the warrant's page."""
    actor = actor_for(request)
    actor.scope("custody.manage")
    form = ArrestForm(request.POST or None, initial={"person": request.GET.get("person", "")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            arrest = services.do_record_arrest(
                actor, person_id=d["person"], arrested_at=d["arrested_at"], place=d["place"],
                basis=ArrestForm.basis, crime_category=d["crime_category"],
                detention_place_id=d["detention_place"].pk, prosecution_office_id=d["prosecution_office"].pk,
                prosecution_notified_at=d["prosecution_notified_at"], notes=d["notes"],
            )  # fmt: skip
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The arrest was recorded."))
            if actor.can("custody.view"):
                return redirect(url_with_purpose("custody:detail", arrest.pk, _("arrest recorded")))
            return redirect("custody:create")
    return render(request, "custody/form.html", {"form": form, "title": _("Record an arrest caught in the act")})


@login_required
def event_create(request: HttpRequest, arrest_id: uuid.UUID, kind: str) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("custody.manage")
    if kind not in EVENT_FIELDS:
        raise NotFound()
    if kind == EventKind.DETENTION_ORDER and not services.sits_in_prosecution(actor):
        raise PermissionDenied(_("Only the public prosecution can order detention."))
    arrest = get_visible(Arrest.objects.select_related("person"), actor, "custody.manage", arrest_id)
    form = CustodyEventForm(request.POST or None, kind=kind, initial={"occurred_at": timezone.localtime()})
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        for name in ("to_place", "prosecution_office"):
            if name in d:
                unit = d.pop(name)
                d[f"{name}_id"] = unit.pk if unit else None
        try:
            services.do_record_event(actor, arrest.pk, kind=kind, **d)
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The event was recorded."))
            if actor.can("custody.view"):
                return redirect(url_with_purpose("custody:detail", arrest.pk, _("custody event recorded")))
            return redirect("custody:create")
    title = dict(EventKindChoices.choices)[kind]
    return render(request, "custody/form.html", {"form": form, "title": title, "arrest": arrest})


# --- public check ----------------------------------------------------------------------------------


@never_cache
@csrf_protect
def public_check(request: HttpRequest) -> HttpResponse:
    """A family asks whether a person is held in official custody, and where; nothing more.

    No sign-in. Any answer but "held at <place>" is one and the same neutral answer. Limited per
    address and audited by a hash of the query.
    """
    if request.method == "POST" and public_check_refused(request):
        return render(request, "custody/check.html", {"form": PublicCheckForm(), "limited": True}, status=429)
    form = PublicCheckForm(request.POST if request.method == "POST" else None)
    answer = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        place = services.public_check(d["national_number"], d["full_name"], d["mother_name"])
        answer = {"held": place is not None, "place": place.name if place else ""}
        form = PublicCheckForm()  # the query is not echoed back
    return render(request, "custody/check.html", {"form": form, "answer": answer})
