from django.urls import path

from sijill.warrants import views

app_name = "warrants"
urlpatterns = [
    path("warrants/", views.warrant_list, name="list"),
    path("warrants/new/", views.warrant_create, name="create"),
    path("warrants/<uuid:warrant_id>/", views.warrant_detail, name="detail"),
    path("warrants/<uuid:warrant_id>/amend/", views.warrant_amend, name="amend"),
    path("warrants/<uuid:warrant_id>/cancel/", views.warrant_cancel, name="cancel"),
    path("warrants/<uuid:warrant_id>/execute/", views.warrant_execute, name="execute"),
]
