from django.urls import path  # noqa: F401

from sijill.custody import views  # noqa: F401

app_name = "custody"
urlpatterns: list = []
