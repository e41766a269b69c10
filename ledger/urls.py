from django.urls import path

from ledger import views

app_name = "ledger"

urlpatterns = [
    path("c/<uuid:circle_id>/promises/", views.mine, name="mine"),
    path("c/<uuid:circle_id>/promises/new/", views.new, name="new"),
    path("c/<uuid:circle_id>/promises/all/", views.circle_promises, name="circle_promises"),
    path("c/<uuid:circle_id>/promises/<uuid:promise_id>/", views.promise, name="promise"),
    path("c/<uuid:circle_id>/promises/<uuid:promise_id>/change/", views.change, name="change"),
    path("c/<uuid:circle_id>/promises/<uuid:promise_id>/audience/", views.promise_audience, name="audience"),
    path("c/<uuid:circle_id>/promises/<uuid:promise_id>/pause/", views.pause, name="pause"),
    path("c/<uuid:circle_id>/promises/<uuid:promise_id>/resume/", views.resume, name="resume"),
    path("c/<uuid:circle_id>/promises/<uuid:promise_id>/end/", views.end, name="end"),
    path("c/<uuid:circle_id>/occurrences/<uuid:occurrence_id>/talk/", views.talk, name="talk"),
    path("c/<uuid:circle_id>/occurrences/<uuid:occurrence_id>/<slug:action>/", views.answer, name="answer"),
    path("c/<uuid:circle_id>/moments/", views.moments, name="moments"),
    path("c/<uuid:circle_id>/moments/<uuid:moment_id>/", views.moment, name="moment"),
    path("c/<uuid:circle_id>/with/<uuid:member_id>/", views.relationship, name="relationship"),
    path("c/<uuid:circle_id>/promises/how-scores-work/", views.how_scores_work, name="how_scores_work"),
]
