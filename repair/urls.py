from django.urls import path  # noqa: F401

from repair import views  # noqa: F401

app_name = "repair"

urlpatterns: list = []
