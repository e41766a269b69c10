"""The family's side: asking a practice for help, from inside a circle."""

from django.urls import path

from practices import views

app_name = "help"

urlpatterns = [
    path("c/<uuid:circle_id>/help/", views.help_list, name="list"),
    path("c/<uuid:circle_id>/help/new/", views.help_new, name="new"),
    path("c/<uuid:circle_id>/help/<uuid:intake_id>/", views.help_detail, name="detail"),
    path("c/<uuid:circle_id>/help/<uuid:intake_id>/withdraw/", views.help_withdraw, name="withdraw"),
    path("c/<uuid:circle_id>/help/proposals/<uuid:proposal_id>/answer/", views.help_answer, name="answer"),
]
