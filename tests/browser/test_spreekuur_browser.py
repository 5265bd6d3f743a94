"""Issue 22's "done when", in Chromium: the gemeente holds a spreekuur with the wethouder in Waalwijk; two residents
(a laptop at 1280 px and a phone at 390 px, by keyboard) ask questions, upvote, and get the answer live with the
wethouder's badge and function; afterwards the transcript and the summary are on the wijk page; a debate is closed
with conclusions that reach its participants. Screenshots of every step (and axe, no sideways scrolling on the
phone)."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from conversations import debates, services, spreekuur
from core.extensions import db
from core.timeutil import utcnow
from notifications.models import Notification
from partners.services import grant_membership, set_function_title
from tests.browser.conftest import PHONE, log_in, scrolls_sideways
from tests.browser.test_accessibility import axe  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1280, "height": 800}
FUNCTION = "wethouder Wonen en Wijken"


@pytest.fixture
def gemeente(make_user, make_wijk, make_org):
    """Waalwijk as in the demo: the gemeente's poster schedules, its admin gave the wethouder his function."""
    wijk = make_wijk("waalwijk", "Waalwijk")
    sanne, joost, pieter = make_user("Sanne de Kort"), make_user("Joost de Laat"), make_user("Pieter Brands")
    org = make_org("gemeente", "gemeente", wijken=[wijk], members=[sanne, joost])
    grant_membership(pieter, org, "admin")
    set_function_title(pieter, org, joost, {"function_title": FUNCTION})
    db.session.expire_all()
    return wijk, sanne, joost


def _window(conversation, starts: timedelta, ends: timedelta):
    """The clock: move the spreekuur's window around now instead of waiting for it."""
    now = utcnow()
    conversation.starts_at = conversation.post.starts_at = now + starts
    conversation.ends_at = conversation.post.ends_at = now + ends
    db.session.commit()


def _open(context, user, path):
    page = context.new_page()
    log_in(page, user.email)
    page.goto(path)
    expect(page.locator("#conversation")).to_have_attribute("data-connected", "true")
    return page


def _type_and_send(page, field, text):
    """Keyboard only: focus the field, type, Tab to its Send button, Enter."""
    page.locator(field).focus()
    page.keyboard.type(text)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")


def test_spreekuur_with_the_wethouder_and_a_debate_closed_with_conclusions(new_context, axe, gemeente, make_user,  # noqa: F811
                                                                          shoot):
    wijk, sanne, joost = gemeente
    anouk, jeroen = make_user("Anouk de Bruijn"), make_user("Jeroen van Beek")
    start = utcnow() + timedelta(hours=1)
    conversation = spreekuur.create_spreekuur(sanne, wijk, {
        "organisation": "gemeente", "host": joost.id, "title": "Spreekuur met de wethouder: wonen",
        "body": "Stel je vraag over wonen in Waalwijk.", "slow_mode_seconds": 30,
        "starts_at": start.isoformat() + "Z", "ends_at": (start + timedelta(hours=1)).isoformat() + "Z"})
    assert conversation.host_function == FUNCTION  # the function the gemeente's admin gave him
    _window(conversation, timedelta(minutes=-5), timedelta(minutes=55))
    path = f"/spreekuur/{conversation.id}"

    laptop = _open(new_context(viewport=LAPTOP), anouk, path)
    phone = _open(new_context(viewport=PHONE, is_mobile=True, has_touch=True), jeroen, path)
    host = _open(new_context(viewport=LAPTOP), joost, path)
    assert axe(laptop) == [] and axe(phone) == []
    shoot(phone, "spreekuur-phone-live")

    # Two residents ask; the other one sees each question at once, and upvotes it.
    _type_and_send(laptop, "#say-new", "Hoe lang wacht je nu op een starterswoning?")
    first = phone.locator("#question-list li.question", has_text="starterswoning")
    expect(first).to_be_visible()
    expect(phone.locator("#live-announcer")).to_contain_text("Anouk de Bruijn")
    _type_and_send(phone, "#say-new", "Komen er meer huurwoningen in Besoijen?")
    second = laptop.locator("#question-list li.question", has_text="huurwoningen")
    expect(second).to_be_visible()
    first.locator("button.reaction").focus()
    phone.keyboard.press("Enter")
    expect(laptop.locator("#question-list li.question").first).to_contain_text("starterswoning")  # most asked first
    expect(laptop.locator("#question-list li.question", has_text="starterswoning")
           .locator("[data-votes]").first).to_have_text("1")
    # Slow mode: the phone's next question is refused with the time it may be sent, the text stays.
    _type_and_send(phone, "#say-new", "En wat gebeurt er met Landgoed Driessen?")
    error = phone.locator("form[data-say] [data-say-error]").last
    expect(error).to_be_visible()
    expect(error).to_contain_text(":")
    expect(phone.locator("#say-new")).to_have_value("En wat gebeurt er met Landgoed Driessen?")
    shoot(phone, "spreekuur-phone-slow-mode")

    # The laptop pauses; the wethouder answers the most asked question; both residents get it live.
    laptop.locator("#pause").focus()
    laptop.keyboard.press("Enter")
    expect(laptop.locator("#pause")).to_have_attribute("aria-pressed", "true")
    question = host.locator("#question-list li.question", has_text="starterswoning")
    question.locator("details.answer-box summary").focus()
    host.keyboard.press("Enter")
    qid = question.get_attribute("id")[1:]
    _type_and_send(host, f"#say-{qid}", "Gemiddeld zeven jaar. Dit jaar komen er 120 starterswoningen bij.")
    answer = phone.locator("#messages li.by-host", has_text="zeven jaar")
    expect(answer).to_be_visible()
    expect(answer.locator(".host-badge")).to_contain_text("Gemeente")
    expect(answer.locator(".host-badge")).to_contain_text(FUNCTION)
    expect(phone.locator(f"#q{qid}")).to_have_class("question answered")
    expect(laptop.locator("#paused-note")).to_be_visible()  # held back while paused: counted, not shown
    expect(laptop.locator("#messages li.by-host", has_text="zeven jaar")).to_have_count(0)
    laptop.locator("#pause").focus()
    laptop.keyboard.press("Enter")
    expect(laptop.locator("#messages li.by-host", has_text="zeven jaar")
           .locator(".host-badge")).to_contain_text(FUNCTION)
    expect(laptop.locator("#messages li.by-host .entry-kind")).not_to_be_empty()  # what it is, also after Pause
    expect(laptop.locator(f"#q{qid}")).to_have_class("question answered")
    expect(laptop.locator("#live-announcer")).not_to_be_empty()
    shoot(laptop, "spreekuur-laptop-answered", publish="spreekuur.png")
    shoot(phone, "spreekuur-phone-answered")
    assert scrolls_sideways(phone) == 0 and axe(phone) == []
    # The scheduler heard nothing of the chat.
    assert db.session.scalars(select(Notification).where(Notification.user_id == sanne.id)).all() == []

    # Afterwards: read-only, the wethouder writes the summary; transcript and summary are on the wijk page.
    _window(conversation, timedelta(hours=-2), timedelta(hours=-1))
    host.reload()
    expect(host.locator("#say-new")).to_have_count(0)
    _type_and_send(host, "#summary-body", "Veel vragen over **starterswoningen**: er komen er dit jaar 120 bij.")
    expect(host.locator(".closing")).to_contain_text("120")
    phone.goto("/w/waalwijk")
    card = phone.locator("article", has_text="Spreekuur met de wethouder").first
    expect(card).to_contain_text("120")
    shoot(phone, "wijk-page-summary")
    phone.goto(path)
    expect(phone.locator("#messages")).to_contain_text("Hoe lang wacht je nu op een starterswoning?")
    expect(phone.locator("#messages")).to_contain_text("zeven jaar")
    assert db.session.scalar(select(Notification.id).where(Notification.user_id == anouk.id,
                                                           Notification.kind == "summary"))

    # A debate: an argument appears live on the other page; closing needs conclusions, which reach both.
    debate = debates.create_debate(sanne, wijk, {"organisation": "gemeente",
                                                 "title": "Wat doen we met het Raadhuisplein?"})
    services.say(anouk, debate, {"body": "Meer groen en bankjes.", "stance": "for"})
    debate_path = f"/debat/{debate.id}"
    laptop.goto(debate_path)
    expect(laptop.locator("#conversation")).to_have_attribute("data-connected", "true")
    phone.goto(debate_path)
    phone.locator("input[name=stance][value=against]").check()
    _type_and_send(phone, "#say-new", "Dan verdwijnen de parkeerplaatsen voor de winkels.")
    arrived = laptop.locator("#messages li.message", has_text="parkeerplaatsen")
    expect(arrived).to_be_visible()
    expect(arrived.locator(".stance")).to_have_class("stance stance-against")
    expect(laptop.locator("#messages li.entry-tools")).to_have_count(2)
    expect(laptop.locator(f"#t{arrived.get_attribute('id')[1:]} button.reaction")).to_be_visible()  # Useful (not own)
    shoot(laptop, "debate-live")
    closing = _open(new_context(viewport=LAPTOP), sanne, debate_path)
    closing.locator("#heard").fill("Steun voor groen, zorgen over parkeren.")
    closing.locator("#next_steps").focus()
    closing.keyboard.type("Twee schetsen in maart.")
    closing.keyboard.press("Tab")
    closing.keyboard.press("Enter")
    expect(closing.locator(".closing")).to_contain_text("Twee schetsen in maart.")
    for resident, page in ((anouk, laptop), (jeroen, phone)):
        page.goto("/notificaties")
        expect(page.locator("main")).to_contain_text("Raadhuisplein")
        assert db.session.scalar(select(Notification.id).where(Notification.user_id == resident.id,
                                                               Notification.kind == "conclusions"))
    shoot(phone, "debate-conclusions-notified")
    phone.goto(debate_path)
    expect(phone.locator(".closing")).to_contain_text("Steun voor groen")
    assert axe(phone) == []
    shoot(phone, "debate-closed-phone")
