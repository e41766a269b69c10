from django.urls import path

from workspace import views

app_name = "workspace"

urlpatterns = [
    path("w/", views.caseload, name="caseload"),
    path("w/c/<uuid:circle_id>/", views.circle, name="circle"),
]
