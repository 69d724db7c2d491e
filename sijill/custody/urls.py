from django.urls import path

from sijill.custody import views

app_name = "custody"
urlpatterns = [
    path("custody/", views.custody_list, name="list"),
    path("custody/overdue/", views.overdue, name="overdue"),
    path("custody/new/", views.arrest_create, name="create"),
    path("custody/check/", views.public_check, name="check"),
    path("custody/<uuid:arrest_id>/", views.detail, name="detail"),
    path("custody/<uuid:arrest_id>/events/<slug:kind>/", views.event_create, name="event"),
]
