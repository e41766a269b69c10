"""The circle's home page keeps its address, /c/<circle>/, and its name, `circles:home`:
mend/urls.py puts these patterns into the circles namespace beside circles' own pages,
so circles never has to import this app (nor the features the page shows)."""

from django.urls import path

from home import views

urlpatterns = [
    path("c/<uuid:circle_id>/", views.circle_home, name="home"),
]
