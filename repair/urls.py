from django.urls import path

from repair import views

app_name = "repair"

PREFIX = "c/<uuid:circle_id>/ruptures/"
ONE = PREFIX + "<uuid:rupture_id>/"

urlpatterns = [
    path(PREFIX, views.rupture_list, name="list"),
    path(PREFIX + "new/", views.rupture_new, name="new"),
    path(PREFIX + "time-to-repair/", views.time_to_repair, name="time"),
    path(ONE, views.rupture_detail, name="detail"),
    path(ONE + "step/<int:number>/", views.step, name="step"),
    path(ONE + "reflect/<uuid:member_id>/", views.reflect, name="reflect"),
    path(ONE + "reflections/<uuid:reflection_id>/answer/", views.answer, name="answer"),
    path(ONE + "end/", views.end, name="end"),
    path(ONE + "audience/", views.rupture_audience, name="audience"),
    path(ONE + "delete/", views.rupture_delete, name="delete"),
]
