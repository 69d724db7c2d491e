from django.urls import path

from sijill.federation import views

app_name = "federation"
urlpatterns = [
    path("federation/", views.status, name="status"),
]
