from django.urls import path

from sijill.linkage import views

app_name = "linkage"
urlpatterns = [
    path("linkage/queue/", views.queue, name="queue"),
    path("linkage/pairs/<uuid:pair_id>/", views.pair, name="pair"),
    path("linkage/pairs/<uuid:pair_id>/withdraw/", views.withdraw, name="withdraw"),
    path("linkage/persons/<uuid:person_id>/", views.statewide, name="person"),
    path("linkage/persons/<uuid:person_id>/split/", views.split, name="split"),
    path("linkage/conflicts/", views.conflicts, name="conflicts"),
    path("linkage/runs/", views.runs, name="runs"),
]
