from django.urls import path

from access_log import views

app_name = "access_log"

urlpatterns = [
    path("settings/who-has-seen/", views.access_log, name="list"),
    path("settings/who-has-seen/download/", views.access_log_csv, name="csv"),
]
