from django.urls import path

from circles import views
from circles.consent import views as consent_views

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
    path("c/<uuid:circle_id>/consent/", consent_views.consents, name="consent"),
    path("c/<uuid:circle_id>/consent/new/", consent_views.sign, name="consent_sign"),
    path("c/<uuid:circle_id>/consent/<uuid:consent_id>/", consent_views.detail, name="consent_detail"),
    path("c/<uuid:circle_id>/consent/<uuid:consent_id>/change/", consent_views.change, name="consent_change"),
    path("c/<uuid:circle_id>/consent/<uuid:consent_id>/revoke/", consent_views.revoke, name="consent_revoke"),
    path("c/<uuid:circle_id>/me/step-down/", views.step_down, name="step_down"),
    path("c/<uuid:circle_id>/me/status/", views.set_status, name="set_status"),
    path("c/<uuid:circle_id>/me/leave/", views.leave, name="leave"),
    path("c/<uuid:circle_id>/delete/", views.delete, name="delete"),
]
