from django.urls import path

from appreciations import views

app_name = "appreciations"

urlpatterns = [
    path("c/<uuid:circle_id>/appreciations/", views.appreciation_list, name="list"),
    path("c/<uuid:circle_id>/appreciations/new/", views.appreciation_new, name="new"),
    path(
        "c/<uuid:circle_id>/appreciations/<uuid:appreciation_id>/", views.appreciation_detail, name="detail"
    ),
    path(
        "c/<uuid:circle_id>/appreciations/<uuid:appreciation_id>/audience/",
        views.appreciation_audience,
        name="audience",
    ),
    path(
        "c/<uuid:circle_id>/appreciations/<uuid:appreciation_id>/delete/",
        views.appreciation_delete,
        name="delete",
    ),
]
