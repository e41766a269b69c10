"""What a careful first user found: each case is a fix, kept from coming back."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from reachout import logic
from reachout.models import Offer, SupportPerson
from reachout.tests.helpers import offer_to_alice, sams_plan, step_url, url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [0, 2, 5])
def test_spanish_plurals_of_the_plan_page_are_translated_for_every_number(n):
    template = Template(
        "{% load i18n %}{% blocktranslate count kept=n %}kept {{ kept }} time{% plural %}"
        "kept {{ kept }} times{% endblocktranslate %} / {% blocktranslate count confirmed=n %}"
        "{{ confirmed }} confirmed by you{% plural %}{{ confirmed }} confirmed by you{% endblocktranslate %}"
        " / {% blocktranslate count n=n %}{{ n }} offer waits for your answer{% plural %}"
        "{{ n }} offers wait for your answer{% endblocktranslate %}"
    )
    with translation.override("es"):
        text = template.render(Context({"n": n}))
    assert text == f"cumplida {n} veces / {n} confirmadas por ti / {n} ofertas esperan tu respuesta"


def test_someone_shared_with_sees_only_the_current_decision_not_the_earlier_ones(cast, login):
    plan = sams_plan(cast.carol)
    logic.save_fields(plan, conditions="Only when sober")
    logic.decide(plan, "not_yet", "still angry, thinking of saying yes")
    logic.decide(plan, "no_with_love", "For now, no.")
    logic.share(plan, "chosen", [cast.alice])
    page = login(cast.alice).get(url("plan", cast.carol, plan.pk)).content.decode()
    assert "For now, no." in page
    assert "still angry" not in page and "Earlier decisions" not in page
    page = login(cast.alice).get(url("print", cast.carol, plan.pk)).content.decode()
    assert "still angry" not in page
    mine = login(cast.carol).get(url("plan", cast.carol, plan.pk)).content.decode()
    assert "still angry" in mine and "Earlier decisions" in mine


def test_the_decision_note_says_it_is_shared_with_the_decision(cast, login):
    plan = sams_plan(cast.carol)
    page = login(cast.carol).get(step_url(plan, "decide")).content.decode()
    assert "If you share the plan, this note is shared with the decision." in page


def test_adding_the_same_support_person_twice_lists_them_once(cast, login):
    client = login(cast.carol)
    plan = sams_plan(cast.carol)
    data = {"name": "Dana", "reach": "+1 555 123 4567", "next": step_url(plan, "pause")}
    client.post(url("support", cast.carol), data)
    client.post(url("support", cast.carol), data)
    assert SupportPerson.objects.filter(owner=cast.carol).count() == 1
    client.post(url("support", cast.carol), {**data, "reach": "dana@example.test"})
    assert SupportPerson.objects.filter(owner=cast.carol).count() == 2


def test_a_mistake_in_the_support_form_of_a_step_has_a_way_back_to_the_step(cast, login):
    client = login(cast.carol)
    plan = sams_plan(cast.carol)
    bad = client.post(url("support", cast.carol), {"name": "Dana", "next": step_url(plan, "pause")})
    page = bad.content.decode()
    assert "Dana" in page and f'href="{step_url(plan, "pause")}">Back<' in page
    page = client.get(url("support", cast.carol)).content.decode()
    assert f'href="{url("list", cast.carol)}">When they reach out<' in page


def test_a_sign_already_offered_is_not_offered_again_from_the_plan_page(cast, login):
    client = login(cast.carol)
    plan = offer_to_alice(cast, client)
    logic.save_fields(plan, signs_of_change="Go to a meeting\nCall before visiting")
    page = client.get(url("plan", cast.carol, plan.pk)).content.decode()
    offer_link = reverse("reachout:plan_offers", args=[plan.circle_id, plan.pk]) + "?sign="
    assert page.count(offer_link) == 1 and "Call%20before%20visiting" in page
    Offer.objects.update(state=Offer.State.WITHDRAWN)
    page = client.get(url("plan", cast.carol, plan.pk)).content.decode()
    assert page.count(offer_link) == 2


def test_the_review_date_survives_the_decide_step_in_spanish(cast, login):
    from datetime import date

    cast.carol.user.language = "es"
    cast.carol.user.save(update_fields=["language"])
    client = login(cast.carol)
    plan = sams_plan(cast.carol)
    logic.decide(plan, "not_yet")
    logic.save_fields(plan, review_on=date(2026, 12, 20))
    page = client.get(step_url(plan, "decide")).content.decode()
    assert "Decidir, por ahora" in page and 'value="2026-12-20"' in page
    client.post(
        step_url(plan, "decide"),
        {"decision": "not_yet", "note": "", "review_on": "2026-12-20", "next": ""},
    )
    plan.refresh_from_db()
    assert plan.review_on == date(2026, 12, 20)


def test_deleted_condition_examples_do_not_come_back(cast, login):
    client = login(cast.carol)
    plan = sams_plan(cast.carol)
    assert (
        "We talk only when you are sober and honest."
        in client.get(step_url(plan, "conditions")).content.decode()
    )
    client.post(step_url(plan, "conditions"), {"conditions": "", "boundaries": "No money.", "stop": ""})
    page = client.get(step_url(plan, "conditions")).content.decode()
    assert "No money." in page and "We talk only when you are sober and honest." not in page
