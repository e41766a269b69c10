from django.urls import path  # noqa: F401

from phrases import views  # noqa: F401

app_name = "phrases"

urlpatterns: list = []
