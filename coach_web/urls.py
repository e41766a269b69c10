from django.urls import path

from coach_web import views

app_name = "coach_web"

urlpatterns = [path("coach/check/", views.check, name="check")]
