"""Every URL of Sijill, listed explicitly: a newcomer finds the view serving a page here."""

from django.urls import include, path

from sijill.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("", include("sijill.accounts.urls")),
    path("", include("sijill.organisation.urls")),
    path("", include("sijill.audit.urls")),
    path("", include("sijill.persons.urls")),
    path("", include("sijill.records.urls")),
    path("", include("sijill.warrants.urls")),
    path("", include("sijill.custody.urls")),
    path("", include("sijill.vehicles.urls")),
    path("", include("sijill.officers.urls")),
    path("", include("sijill.evidence.urls")),
    path("", include("sijill.imports.urls")),
    path("", include("sijill.federation.urls")),
    path("", include("sijill.jobs.urls")),
    path("", include("sijill.linkage.urls")),
    path("", include("sijill.web.urls")),
]
