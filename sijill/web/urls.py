from django.urls import path

from sijill.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("permissions/", views.permission_matrix, name="matrix"),
    path("health", views.health, name="health"),
]
