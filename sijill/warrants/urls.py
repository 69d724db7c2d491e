from django.urls import path  # noqa: F401

from sijill.warrants import views  # noqa: F401

app_name = "warrants"
urlpatterns: list = []
