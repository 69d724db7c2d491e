from django.urls import path  # noqa: F401

from sijill.evidence import views  # noqa: F401

app_name = "evidence"
urlpatterns: list = []
