from django.urls import path

from sijill.jobs import views

app_name = "jobs"
urlpatterns = [
    path("jobs/", views.status, name="status"),
    path("jobs/<uuid:job_id>/retry/", views.retry, name="retry"),
]
