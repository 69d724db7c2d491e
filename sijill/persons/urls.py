from django.urls import path

from sijill.persons import views

app_name = "persons"
urlpatterns = [
    path("persons/", views.person_list, name="list"),
    path("persons/search/", views.search, name="search"),
    path("persons/new/", views.create, name="create"),
    path("persons/<uuid:person_id>/", views.detail, name="detail"),
    path("persons/<uuid:person_id>/edit/", views.edit, name="edit"),
    path("persons/<uuid:person_id>/aliases/new/", views.alias_add, name="alias_add"),
]
