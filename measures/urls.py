from django.urls import path

from measures import views, workspace_views

app_name = "measures"

C = "c/<uuid:circle_id>/measures/"

urlpatterns = [
    path(C, views.index, name="index"),
    path(C + "take/<slug:instrument_id>/", views.take, name="take"),
    path(C + "results/<uuid:response_id>/", views.result, name="result"),
    path(C + "results/<uuid:response_id>/audience/", views.audience, name="audience"),
    path(C + "results/<uuid:response_id>/delete/", views.delete, name="delete"),
    path(C + "<slug:instrument_id>/", views.history, name="history"),
    path(C + "<slug:instrument_id>/people/<uuid:member_id>/", views.history, name="member_history"),
    path(C + "<slug:instrument_id>/together/", views.together, name="together"),
    path("w/c/<uuid:circle_id>/measures/", workspace_views.workspace, name="workspace"),
    path(
        "w/c/<uuid:circle_id>/measures/assignments/<uuid:assignment_id>/end/",
        workspace_views.end_assignment,
        name="end_assignment",
    ),
]
