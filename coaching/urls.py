from django.urls import path

from coaching import views

app_name = "coaching"

urlpatterns = [path("coach/check/", views.check, name="check")]
