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
    path("", include("sijill.web.urls")),
]
