from django.urls import path

from phrases import views

app_name = "phrases"

urlpatterns = [
    path("c/<uuid:circle_id>/phrases/", views.library, name="library"),
    path("c/<uuid:circle_id>/phrases/picker/", views.picker, name="picker"),
    path("c/<uuid:circle_id>/phrases/favourite/", views.favourite, name="favourite"),
    path("c/<uuid:circle_id>/phrases/new/", views.own_new, name="new"),
    path("c/<uuid:circle_id>/phrases/<uuid:phrase_id>/edit/", views.own_edit, name="edit"),
    path("c/<uuid:circle_id>/phrases/<uuid:phrase_id>/delete/", views.own_delete, name="delete"),
]
