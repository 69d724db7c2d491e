from django.urls import path

from sijill.records import views

app_name = "records"
urlpatterns = [
    path("records/cases/", views.case_list, name="cases"),
    path("records/cases/new/", views.case_create, name="case_create"),
    path("records/cases/<uuid:case_id>/", views.case_detail, name="case_detail"),
    path("records/cases/<uuid:case_id>/edit/", views.case_edit, name="case_edit"),
    path("records/sheet/<uuid:person_id>/", views.sheet, name="sheet"),
    path("records/sheet/<uuid:person_id>/new/", views.record_create, name="record_create"),
    path("records/entries/<uuid:record_id>/correct/", views.record_correct, name="record_correct"),
]
