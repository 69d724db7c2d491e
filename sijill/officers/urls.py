from django.urls import path

from sijill.officers import views

app_name = "officers"
urlpatterns = [
    path("officers/", views.officer_list, name="list"),
    path("officers/new/", views.create, name="create"),
    path("officers/badge/", views.badge, name="badge"),
    path("officers/badge/<str:token>/", views.badge_token, name="badge_token"),
    path("officers/<uuid:officer_id>/", views.detail, name="detail"),
    path("officers/<uuid:officer_id>/decisions/new/", views.decision_create, name="decision_create"),
    path("officers/<uuid:officer_id>/badge/reissue/", views.reissue_badge, name="reissue_badge"),
]
