"""Every page, as the right person and as each outsider: another practice's professional,
a member of another circle, site staff and someone not logged in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from circles.models import Member
from practices import logic, rules
from practices.models import IntakeRequest, PracticeInvitation, Proposal
from practices.tests.conftest import ask
from tests.support import answers, make_user


@pytest.fixture
def world(cast, practices, asked):
    proposal = logic.propose(practices.dana, asked, practices.eli)
    logic.reply(practices.dana, asked, "We can meet on Tuesday.")
    return {"asked": asked, "proposal": proposal}


def practice_pages(p, w):
    h = p.harbor.pk
    return [
        reverse("practices:settings", args=[h]),
        reverse("practices:queue", args=[h]),
        reverse("practices:request", args=[h, w["asked"].pk]),
    ]


def test_the_practice_sees_its_pages(client, practices, world):
    for place in (practices.dana, practices.eli):
        client.force_login(place.user)
        for url in practice_pages(practices, world):
            response = client.get(url)
            assert response.status_code == 200, url


def test_the_practice_sees_only_what_was_asked_never_the_circle(client, cast, practices, world):
    client.force_login(practices.eli.user)
    page = client.get(
        reverse("practices:request", args=[practices.harbor.pk, world["asked"].pk])
    ).content.decode()
    assert "We keep fighting about money and trust." in page and "Bob" in page
    for secret in ("Rivera", "Alice", "Carol", str(cast.circle.pk)):
        assert secret not in page
    queue = client.get(reverse("practices:queue", args=[practices.harbor.pk])).content.decode()
    assert "Rivera" not in queue and str(cast.circle.pk) not in queue


@pytest.mark.parametrize("who", ["omar", "olga", "sid", "alice"])
def test_outsiders_get_404_from_every_practice_page(client, cast, practices, world, who):
    user = {
        "omar": practices.omar.user,
        "olga": cast.olga.user,
        "sid": practices.sid,
        "alice": cast.alice.user,
    }[who]
    client.force_login(user)
    for url in practice_pages(practices, world):
        assert client.get(url).status_code == 404, url


def test_another_practices_request_id_is_404_like_a_missing_one(client, cast, practices, world):
    theirs = ask(cast.alice, practices.elm)
    client.force_login(practices.dana.user)
    other = client.get(reverse("practices:request", args=[practices.harbor.pk, theirs.pk]))
    missing = client.get(reverse("practices:request", args=[practices.harbor.pk, cast.circle.pk]))
    assert other.status_code == missing.status_code == 404
    assert answers(other) == answers(missing)


def test_anonymous_is_sent_to_log_in(client, practices, world):
    for url in [*practice_pages(practices, world), reverse("practices:home"), reverse("practices:start")]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_practitioner_without_two_step_login_is_sent_to_turn_it_on(client, cast, practices, world):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=practices.eli.user).delete()
    client.force_login(practices.eli.user)
    response = client.get(reverse("practices:queue", args=[practices.harbor.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_starting_a_practice_from_the_page(client, practices):
    client.force_login(practices.omar.user)
    data = {
        "kind": "solo",
        "name": "Omar Therapy",
        "intake_email": "o@x.test",
        "languages": ["en", "es"],
        "accepts_requests": "on",
    }
    response = client.post(reverse("practices:start"), data)
    assert response.status_code == 302
    assert practices.omar.user.practitioners.filter(practice__name="Omar Therapy", is_admin=True).exists()


def test_starting_a_practice_without_two_step_login_explains_and_saves_nothing(client, cast):
    client.force_login(cast.bob.user)
    page = client.get(reverse("practices:start"))
    assert "two-step login" in page.content.decode()
    client.post(
        reverse("practices:start"),
        {"kind": "solo", "name": "X", "intake_email": "x@x.test", "languages": ["en"]},
    )
    assert not cast.bob.user.practitioners.exists()


def test_a_practice_needs_a_contact(client, practices):
    client.force_login(practices.omar.user)
    response = client.post(
        reverse("practices:start"), {"kind": "solo", "name": "No contact", "languages": ["en"]}
    )
    assert response.status_code == 200
    assert "intake email, a phone number, or both" in response.content.decode()


def test_the_admin_adds_and_removes_from_the_settings_page(client, cast, practices):
    client.force_login(practices.dana.user)
    url = reverse("practices:add", args=[practices.harbor.pk])
    first = client.post(url, {"email": "carol@example.test"}, follow=True).content.decode()
    second = client.post(url, {"email": "nobody@example.test"}, follow=True).content.decode()
    assert "We sent an invitation to carol@example.test" in first
    assert "We sent an invitation to nobody@example.test" in second
    assert PracticeInvitation.objects.filter(practice=practices.harbor).count() == 2
    response = client.post(reverse("practices:remove", args=[practices.harbor.pk, practices.eli.pk]))
    assert response.status_code == 302
    assert not practices.harbor.practitioners.current().filter(pk=practices.eli.pk).exists()


def test_a_professional_who_is_not_admin_cannot_add_or_remove(client, practices):
    client.force_login(practices.eli.user)
    client.post(reverse("practices:add", args=[practices.harbor.pk]), {"email": "x@example.test"})
    client.post(reverse("practices:remove", args=[practices.harbor.pk, practices.dana.pk]))
    assert not PracticeInvitation.objects.exists()
    assert practices.harbor.practitioners.current().count() == 2


def test_an_invited_person_accepts_on_their_practices_page(client, cast, practices):
    from tests.support import give_totp

    invitation = logic.invite_practitioner(practices.dana, "carol@example.test")
    give_totp(cast.carol.user)
    client.force_login(cast.carol.user)
    assert "Harbor invited you" in client.get(reverse("practices:home")).content.decode()
    client.post(reverse("practices:answer_invitation", args=[invitation.pk]), {"answer": "accept"})
    assert practices.harbor.practitioners.current().filter(user=cast.carol.user).exists()


def test_nobody_else_can_answer_an_invitation(client, cast, practices):
    invitation = logic.invite_practitioner(practices.dana, "carol@example.test")
    client.force_login(cast.bob.user)
    assert (
        client.post(
            reverse("practices:answer_invitation", args=[invitation.pk]), {"answer": "decline"}
        ).status_code
        == 404
    )


def test_reply_invite_and_close_from_the_request_page(client, cast, practices):
    asked = ask(cast.alice, practices.harbor)
    client.force_login(practices.dana.user)
    base = [practices.harbor.pk, asked.pk]
    assert client.post(reverse("practices:reply", args=base), {"text": "Hello, Alice"}).status_code == 302
    assert client.post(reverse("practices:reply", args=base), {"text": ""}).status_code == 400
    assert (
        client.post(reverse("practices:propose", args=base), {"practitioner": practices.eli.pk}).status_code
        == 302
    )
    proposal = Proposal.objects.get(request=asked)
    assert proposal.status == rules.AGREED
    client.force_login(practices.eli.user)
    assert "said yes to your joining" in client.get(reverse("practices:home")).content.decode()
    response = client.post(
        reverse("practices:join", args=[practices.harbor.pk, proposal.pk]), {"answer": "join"}
    )
    assert response.status_code == 302
    assert Member.objects.current().filter(circle=cast.circle, user=practices.eli.user).exists()
    client.force_login(practices.dana.user)
    client.post(reverse("practices:close", args=base))
    assert IntakeRequest.objects.get(pk=asked.pk).status == rules.CLOSED


def test_a_practice_cannot_invite_another_practices_professional(client, practices, asked):
    client.force_login(practices.dana.user)
    response = client.post(
        reverse("practices:propose", args=[practices.harbor.pk, asked.pk]),
        {"practitioner": practices.omar.pk},
    )
    assert response.status_code == 400
    assert not Proposal.objects.exists()


# --- the family's pages ---------------------------------------------------------------------------


def family_pages(cast, w):
    c = cast.circle.pk
    return [
        reverse("help:list", args=[c]),
        reverse("help:new", args=[c]),
        reverse("help:detail", args=[c, w["asked"].pk]),
    ]


def test_the_requester_sees_their_request_and_the_reply(client, cast, world):
    client.force_login(cast.bob.user)
    for url in family_pages(cast, world):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("help:detail", args=[cast.circle.pk, world["asked"].pk])).content.decode()
    assert "We can meet on Tuesday." in page


def test_other_members_of_the_circle_do_not_see_someone_elses_request(client, cast, world):
    client.force_login(cast.carol.user)
    assert client.get(reverse("help:detail", args=[cast.circle.pk, world["asked"].pk])).status_code == 404
    assert "money" not in client.get(reverse("help:list", args=[cast.circle.pk])).content.decode()


@pytest.mark.parametrize("who", ["olga", "sid", "dana"])
def test_outsiders_get_404_from_the_family_pages(client, cast, practices, world, who):
    user = {"olga": cast.olga.user, "sid": practices.sid, "dana": practices.dana.user}[who]
    client.force_login(user)
    for url in family_pages(cast, world):
        assert client.get(url).status_code == 404, url


def test_a_member_of_another_circle_cannot_reach_a_request_through_their_own_circle(client, cast, world):
    client.force_login(cast.olga.user)
    url = reverse("help:detail", args=[cast.olga.circle_id, world["asked"].pk])
    assert client.get(url).status_code == 404


def test_asking_for_help_from_the_circle(client, cast, practices):
    client.force_login(cast.carol.user)
    page = client.get(reverse("help:new", args=[cast.circle.pk])).content.decode()
    assert "Harbor" in page and "intake@harbor.test" in page
    data = {
        "practice": practices.harbor.pk,
        "name": "Carol",
        "reason": "Our son is back home.",
        "contact": "carol@example.test",
        "languages": ["en"],
        "time_zone": "Europe/Madrid",
    }
    response = client.post(reverse("help:new", args=[cast.circle.pk]), data)
    assert response.status_code == 302
    assert IntakeRequest.objects.get(requester=cast.carol).time_zone == "Europe/Madrid"


def test_a_bad_request_form_keeps_what_was_typed(client, cast, practices):
    client.force_login(cast.carol.user)
    response = client.post(
        reverse("help:new", args=[cast.circle.pk]), {"reason": "Kept text", "practice": practices.harbor.pk}
    )
    assert response.status_code == 200 and "Kept text" in response.content.decode()


def test_the_owner_answers_on_the_help_page(client, cast, world):
    client.force_login(cast.alice.user)
    page = client.get(reverse("help:list", args=[cast.circle.pk])).content.decode()
    assert "would like Eli to join" in page
    client.post(reverse("help:answer", args=[cast.circle.pk, world["proposal"].pk]), {"answer": "yes"})
    world["proposal"].refresh_from_db()
    assert world["proposal"].status == rules.AGREED


def test_a_member_who_is_not_an_owner_gets_404_for_the_answer(client, cast, world):
    client.force_login(cast.carol.user)
    response = client.post(
        reverse("help:answer", args=[cast.circle.pk, world["proposal"].pk]), {"answer": "yes"}
    )
    assert response.status_code == 404


def test_the_requester_withdraws(client, cast, world):
    client.force_login(cast.bob.user)
    client.post(reverse("help:withdraw", args=[cast.circle.pk, world["asked"].pk]))
    assert IntakeRequest.objects.get(pk=world["asked"].pk).status == rules.CLOSED


@pytest.mark.parametrize("language", ["en", "es"])
def test_pages_read_in_both_languages(client, cast, practices, world, language):
    from django.utils import translation

    for user in (practices.dana.user, cast.bob.user, cast.alice.user):
        user.language = language
        user.save()
    pages = [(practices.dana.user, url) for url in practice_pages(practices, world)]
    pages += [(cast.bob.user, url) for url in family_pages(cast, world)]
    pages += [
        (cast.alice.user, reverse("help:list", args=[cast.circle.pk])),
        (practices.dana.user, reverse("practices:home")),
        (practices.dana.user, reverse("practices:start")),
    ]
    for user, url in pages:
        client.force_login(user)
        with translation.override(language):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        html = response.content.decode()
        if language == "es":
            assert 'lang="es"' in html, url


def test_site_staff_sees_no_practice_from_the_api_or_pages_and_a_new_user_has_none(client, practices):
    client.force_login(make_user("newbie"))
    assert client.get(reverse("practices:home")).status_code == 200
