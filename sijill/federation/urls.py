from django.urls import path  # noqa: F401

from sijill.federation import views  # noqa: F401

app_name = "federation"
urlpatterns: list = []
