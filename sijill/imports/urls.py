from django.urls import path

from sijill.imports import views

app_name = "imports"
urlpatterns = [
    path("imports/", views.index, name="index"),
    path("imports/<uuid:job_id>/", views.job, name="job"),
    path("imports/<uuid:job_id>/progress/", views.progress, name="progress"),
    path("imports/<uuid:job_id>/run/", views.run, name="run"),
    path("imports/<uuid:job_id>/rejects.csv", views.rejects, name="rejects"),
]
