from django.urls import path

from coach_web import views

app_name = "coach_web"

urlpatterns = [
    path("coach/check/", views.check, name="check"),
    path("c/<uuid:circle_id>/alerts/", views.alerts_page, name="alerts"),
    path(
        "c/<uuid:circle_id>/alerts/<uuid:alert_id>/acknowledge/",
        views.acknowledge_alert,
        name="acknowledge_alert",
    ),
]
