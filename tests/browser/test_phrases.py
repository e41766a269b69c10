"""Repair phrases in a real Chromium: search as you type, a favourite that sticks, and the
picker putting a phrase into the appreciation being written; axe-core clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from circles.models import Member
from tests.browser.helpers import log_in
from tests.support import join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def circle_url(db):
    from circles.logic import create_circle

    alice = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    join(alice.circle, make_user("bob"), Member.Role.PARTNER)
    return f"/c/{alice.circle_id}"


def test_search_filters_and_a_favourite_sticks(new_page, assert_accessible, circle_url):
    page = new_page()
    log_in(page, "alice@example.test")
    page.goto(f"{circle_url}/phrases/")
    results = page.locator("#phrase-results")
    expect(results.get_by_text("Please lower your voice so I can really listen.")).to_be_visible()
    expect(results.get_by_text("Thank you for listening to me.")).to_be_visible()
    expect(page.locator("[data-phrase-copy]").first).to_be_visible()  # the script is on
    assert_accessible(page)

    page.get_by_label("Search phrases").press_sequentially("VOICE", delay=30)
    expect(results.get_by_text("Thank you for listening to me.")).to_have_count(0)
    expect(results.get_by_text("Please lower your voice so I can really listen.")).to_be_visible()
    # Searches stay out of the address bar and the history of a shared device.
    assert "VOICE" not in page.url
    assert_accessible(page)

    phrase = results.locator("li.phrase", has_text="Please lower your voice")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    phrase.get_by_role("button", name="Copy").click()
    expect(page.locator("#phrase-status")).to_have_text("Copied. You can paste it where you are writing.")
    assert (
        page.evaluate("navigator.clipboard.readText()") == "Please lower your voice so I can really listen."
    )
    phrase.get_by_role("button", name="Add to favourites").click()
    expect(results.get_by_role("heading", name="Your favourites")).to_be_visible()
    expect(page.locator(":focus")).to_have_attribute("data-favourite", "stop-03")

    page.goto(f"{circle_url}/phrases/")
    first_list = page.locator("#phrase-results section").first
    expect(first_list.get_by_role("heading", name="Your favourites")).to_be_visible()
    expect(first_list.get_by_text("Please lower your voice so I can really listen.")).to_be_visible()
    assert_accessible(page)


def test_the_picker_inserts_a_phrase_where_the_cursor_is(new_page, assert_accessible, circle_url):
    page = new_page()
    log_in(page, "bob@example.test")
    page.goto(f"{circle_url}/appreciations/new/")
    text = page.get_by_label("What you appreciate")
    text.fill("Dear Alice, See you soon.")
    # Put the cursor after "Dear Alice," as a person would, then pick a phrase.
    text.evaluate("(el) => { el.focus(); el.setSelectionRange(11, 11); }")
    page.locator("summary", has_text="Repair phrases").click()
    assert_accessible(page)
    picker = page.locator("[data-phrase-picker]")
    picker.locator("summary", has_text="I appreciate…").click()
    picker.get_by_role("button", name="Thank you for being patient with me.").click()
    expect(text).to_have_value("Dear Alice, Thank you for being patient with me. See you soon.")

    search = picker.get_by_label("Search phrases")
    search.press_sequentially("paciencia", delay=30)  # not in English: nothing matches
    expect(picker.get_by_text("No phrases match those words")).to_be_visible()
    search.fill("")
    search.press_sequentially("promise", delay=30)
    chip = picker.get_by_role("button", name="Thank you for keeping your promise today.")
    expect(chip).to_be_visible()
    search.press("Enter")  # must not send the appreciation
    assert page.url.endswith("/appreciations/new/")
    text.evaluate("(el) => { el.focus(); el.setSelectionRange(el.value.length, el.value.length); }")
    chip.click()
    expect(text).to_have_value(
        "Dear Alice, Thank you for being patient with me. See you soon. Thank you for keeping your promise today."
    )
    assert_accessible(page)

    # A phrase that would not fit is not cut short: the person is told instead.
    text.fill("x" * 995)
    chip.click()
    expect(text).to_have_value("x" * 995)
    expect(picker.get_by_role("status")).to_have_text(
        "There is no room left in your message for this phrase."
    )
