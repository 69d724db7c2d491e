from django.urls import path

from sijill.evidence import views

app_name = "evidence"
urlpatterns = [
    path("evidence/", views.item_list, name="list"),
    path("evidence/new/", views.create, name="create"),
    path("evidence/case/<uuid:case_id>/", views.case_items, name="case"),
    path("evidence/<uuid:item_id>/", views.detail, name="detail"),
    path("evidence/<uuid:item_id>/edit/", views.edit, name="edit"),
    path("evidence/<uuid:item_id>/transfers/new/", views.transfer_create, name="transfer_create"),
    path("evidence/<uuid:item_id>/lab-references/new/", views.lab_reference_create, name="lab_reference_create"),
]
