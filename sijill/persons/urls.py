from django.urls import path

from sijill.persons import views

app_name = "persons"
urlpatterns = [
    path("persons/search/", views.search, name="search"),
    path("persons/new/", views.create, name="create"),
    path("persons/<uuid:person_id>/", views.detail, name="detail"),
]
