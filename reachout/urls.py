from django.urls import path

from reachout import views

app_name = "reachout"

P = "c/<uuid:circle_id>/reach-out/"
PLAN = P + "<uuid:plan_id>/"

urlpatterns = [
    path(P, views.plan_list, name="list"),
    path(P + "start/", views.start, name="start"),
    path(P + "support/", views.support, name="support"),
    path(P + "support/<uuid:person_id>/remove/", views.support_remove, name="support_remove"),
    path(P + "offers/", views.offers, name="offers"),
    path(P + "offers/<uuid:offer_id>/answer/", views.offer_answer, name="offer_answer"),
    path(P + "offers/<uuid:offer_id>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path(PLAN, views.plan_detail, name="plan"),
    path(PLAN + "continue/", views.resume, name="resume"),
    path(PLAN + "step/<slug:step>/", views.step, name="step"),
    path(PLAN + "print/", views.plan_print, name="print"),
    path(PLAN + "share/", views.plan_share, name="share"),
    path(PLAN + "reply/", views.plan_reply, name="reply"),
    path(PLAN + "offer/", views.plan_offers, name="plan_offers"),
    path(PLAN + "invite/", views.plan_invite, name="invite"),
    path(PLAN + "delete/", views.plan_delete, name="delete"),
]
