from django.urls import path

from sijill.vehicles import views

app_name = "vehicles"
urlpatterns = [
    path("vehicles/", views.vehicle_list, name="list"),
    path("vehicles/new/", views.vehicle_create, name="create"),
    path("vehicles/lookup/", views.lookup, name="lookup"),
    path("vehicles/reports/", views.open_reports, name="reports"),
    path("vehicles/reports/<uuid:report_id>/recovery/", views.report_recovery, name="recovery"),
    path("vehicles/stops/", views.stop_list, name="stops"),
    path("vehicles/stops/new/", views.stop_create, name="stop_create"),
    path("vehicles/<uuid:vehicle_id>/", views.vehicle_detail, name="detail"),
    path("vehicles/<uuid:vehicle_id>/edit/", views.vehicle_edit, name="edit"),
    path("vehicles/<uuid:vehicle_id>/transfer/", views.vehicle_transfer, name="transfer"),
    path("vehicles/<uuid:vehicle_id>/report/", views.vehicle_report, name="report"),
]
