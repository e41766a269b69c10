from django.urls import path  # noqa: F401

from reachout import views  # noqa: F401

app_name = "reachout"

urlpatterns: list = []
