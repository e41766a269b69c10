from django.contrib import admin
from django.urls import include, path

from circles import urls as circle_urls
from circles import views as circle_views
from home import urls as home_urls
from mend import views
from mend.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("crisis/", views.crisis, name="crisis"),
    path("n/", views.neutral, name="neutral"),
    path("exit/", views.quick_exit, name="quick_exit"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("audit.urls")),
    path("", include("access_log.urls")),
    # One namespace, two apps: the circle's home page (home) shows every feature, so it
    # lives above them; circles' own pages live below them. Only the site shell sees both.
    path("", include((home_urls.urlpatterns + circle_urls.urlpatterns, "circles"))),
    path("", include("appreciations.urls")),
    path("", include("measures.urls")),
    path("", include("ledger.urls")),
    path("", include("checkins.urls")),
    path("", include("coach_web.urls")),
    path("", include("notifications.urls")),
    path("", include("safety.urls")),
    path("", include("repair.urls")),
    path("", include("phrases.urls")),
    path("", include("reachout.urls")),
    path("", include("practices.urls")),
    path("", include("practices.help_urls")),
    path("", include("workspace.urls")),
    path("i/<str:token>/", circle_views.invitation, name="invitation"),
    path("i/<str:token>/answer/", circle_views.answer_invitation, name="answer_invitation"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
