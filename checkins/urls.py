from django.urls import path

from checkins import views

app_name = "checkins"

urlpatterns = [
    path("tools/breathe/", views.breathe, name="breathe"),
    path("tools/ground/", views.ground, name="ground"),
    path("settings/check-in-reminder/", views.reminder_settings, name="reminder"),
    path("c/<uuid:circle_id>/tools/breathe/", views.circle_breathe, name="circle_breathe"),
    path("c/<uuid:circle_id>/tools/ground/", views.circle_ground, name="circle_ground"),
    path("c/<uuid:circle_id>/check-in/", views.home, name="home"),
    path("c/<uuid:circle_id>/check-in/new/", views.new, name="new"),
    path("c/<uuid:circle_id>/check-ins/", views.checkin_list, name="list"),
    path("c/<uuid:circle_id>/trends/", views.trends, name="trends"),
    path("c/<uuid:circle_id>/check-ins/<uuid:checkin_id>/", views.detail, name="detail"),
    path("c/<uuid:circle_id>/check-ins/<uuid:checkin_id>/audience/", views.checkin_audience, name="audience"),
    path(
        "c/<uuid:circle_id>/check-ins/<uuid:checkin_id>/cravings-audience/",
        views.craving_audience,
        name="craving_audience",
    ),
    path("c/<uuid:circle_id>/time-out/", views.timeout_new, name="timeout_new"),
    path("c/<uuid:circle_id>/time-outs/<uuid:timeout_id>/", views.timeout, name="timeout"),
    path("c/<uuid:circle_id>/time-outs/<uuid:timeout_id>/back/", views.timeout_back, name="timeout_back"),
]
