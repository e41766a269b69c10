from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("settings/activity/", views.activity, name="activity"),
]
