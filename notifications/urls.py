from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read-all/", views.read_all, name="read_all"),
    path("notifications/<uuid:notification_id>/open/", views.open_notification, name="open"),
    path("settings/notifications/", views.notification_settings, name="settings"),
]
