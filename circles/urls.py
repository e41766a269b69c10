from django.urls import path

from circles import views

app_name = "circles"

# The circle's home page, circles:home at /c/<circle>/, is home/urls.py: it shows every
# feature, and circles sits below them all. mend/urls.py adds it to this namespace.

urlpatterns = [
    path("circles/", views.circle_list, name="list"),
    path("c/<uuid:circle_id>/members/", views.members, name="members"),
    path("c/<uuid:circle_id>/invite/", views.invite, name="invite"),
    path("c/<uuid:circle_id>/invitations/<uuid:invitation_id>/withdraw/", views.revoke, name="revoke"),
    path("c/<uuid:circle_id>/members/<uuid:member_id>/remove/", views.remove, name="remove"),
    path("c/<uuid:circle_id>/members/<uuid:member_id>/make-owner/", views.make_owner, name="make_owner"),
    path("c/<uuid:circle_id>/me/step-down/", views.step_down, name="step_down"),
    path("c/<uuid:circle_id>/me/status/", views.set_status, name="set_status"),
    path("c/<uuid:circle_id>/me/leave/", views.leave, name="leave"),
    path("c/<uuid:circle_id>/delete/", views.delete, name="delete"),
]
