from django.urls import path

from practices import views

app_name = "practices"

urlpatterns = [
    path("practices/", views.home, name="home"),
    path("practices/start/", views.start, name="start"),
    path(
        "practices/invitations/<uuid:practice_invitation_id>/answer/",
        views.answer_invitation,
        name="answer_invitation",
    ),
    path("practices/<uuid:practice_id>/settings/", views.settings, name="settings"),
    path("practices/<uuid:practice_id>/professionals/add/", views.add_practitioner, name="add"),
    path(
        "practices/<uuid:practice_id>/professionals/<uuid:practitioner_id>/remove/",
        views.remove_practitioner,
        name="remove",
    ),
    path(
        "practices/<uuid:practice_id>/invitations/<uuid:practice_invitation_id>/withdraw/",
        views.withdraw_invitation,
        name="withdraw_invitation",
    ),
    path("practices/<uuid:practice_id>/requests/", views.queue, name="queue"),
    path("practices/<uuid:practice_id>/requests/<uuid:intake_id>/", views.request_detail, name="request"),
    path("practices/<uuid:practice_id>/requests/<uuid:intake_id>/reply/", views.reply, name="reply"),
    path("practices/<uuid:practice_id>/requests/<uuid:intake_id>/invite/", views.propose, name="propose"),
    path("practices/<uuid:practice_id>/requests/<uuid:intake_id>/close/", views.close, name="close"),
    path(
        "practices/<uuid:practice_id>/proposals/<uuid:proposal_id>/withdraw/",
        views.withdraw_proposal,
        name="withdraw_proposal",
    ),
    path("practices/<uuid:practice_id>/proposals/<uuid:proposal_id>/join/", views.join, name="join"),
]
