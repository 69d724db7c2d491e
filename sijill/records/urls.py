from django.urls import path  # noqa: F401

from sijill.records import views  # noqa: F401

app_name = "records"
urlpatterns: list = []
