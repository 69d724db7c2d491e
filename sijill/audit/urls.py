from django.urls import path

from sijill.audit import views

app_name = "audit"
urlpatterns = [
    path("audit/", views.entries, name="entries"),
    path("audit/export.csv", views.export, name="export"),
    path("audit/verify/", views.verify, name="verify"),
]
