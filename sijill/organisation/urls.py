from django.urls import path

from sijill.organisation import views

app_name = "organisation"
urlpatterns = [
    path("organisation/directorates/", views.directorates, name="directorates"),
    path("organisation/units/", views.units, name="units"),
    path("organisation/units/new/", views.unit_create, name="unit_create"),
    path("organisation/units/<uuid:unit_id>/", views.unit_detail, name="unit_detail"),
    path("organisation/units/<uuid:unit_id>/edit/", views.unit_edit, name="unit_edit"),
]
