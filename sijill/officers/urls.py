from django.urls import path  # noqa: F401

from sijill.officers import views  # noqa: F401

app_name = "officers"
urlpatterns: list = []
