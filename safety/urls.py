from django.urls import path

from safety import views

app_name = "safety"

urlpatterns = [
    path("c/<uuid:circle_id>/safety/", views.home, name="home"),
    path("c/<uuid:circle_id>/safety/<uuid:member_id>/", views.check, name="check"),
]
