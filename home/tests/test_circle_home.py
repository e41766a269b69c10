"""The circle's home page: what it shows, and to whom."""

from django.urls import reverse

from appreciations.logic import record_appreciation
from circles.audience import Audience


def test_member_sees_circle_home_with_shared_appreciation(cast, login):
    record_appreciation(cast.alice, "Thank you for Sunday", cast.bob, Audience.CIRCLE)
    response = login(cast.bob).get(reverse("circles:home", args=[cast.circle.pk]))
    assert response.status_code == 200
    assert "Thank you for Sunday" in response.content.decode()


def test_outsider_gets_404_for_circle_home(cast, login):
    response = login(cast.olga).get(reverse("circles:home", args=[cast.circle.pk]))
    assert response.status_code == 404


def test_circle_home_shows_members_roles_and_statuses(cast, login):
    cast.bob.status = "paused"
    cast.bob.save()
    page = login(cast.carol).get(reverse("circles:home", args=[cast.circle.pk])).content.decode()
    assert "Bob" in page and "Partner" in page and "Paused" in page
