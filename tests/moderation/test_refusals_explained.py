"""A refused write says why in plain Dutch (a mute: until when, in Amsterdam time, and the reason) and keeps
what was typed; the codes the log and the outbox store are shown as Dutch words."""
import re

import pytest
from sqlalchemy import select

from core.extensions import db
from moderation.services import moderate
from notifications.models import Notification
from wijken.roles import grant_wijk_role

UNTIL = "2031-01-15T14:30:00Z"  # 15:30 in Amsterdam (winter time)


@pytest.fixture
def world(make_user, make_wijk, make_post):
    wijk = make_wijk("centrum", "Centrum")
    coordinator, resident = make_user("Coördinator"), make_user("Bewoner", two_factor_on=False)
    grant_wijk_role(coordinator, wijk, "coordinator")
    post = make_post(make_user("Schrijver"), wijk, title="Ladder")
    return wijk, coordinator, resident, post


def mute(api, coordinator, resident):
    response = api.as_user(coordinator).post("/api/v1/moderation/actions", json={
        "action": "mute", "target": "user", "id": resident.id, "wijk": "centrum", "until": UNTIL,
        "reason": "Schelden in de reacties"})
    assert response.status_code == 200, response.text


def test_a_muted_write_says_until_when_in_amsterdam_time_and_why_and_keeps_the_text(client, login, api, world):
    _wijk, coordinator, resident, post = world
    login(resident)
    assert 'id="body-new"' in client.get(f"/w/centrum/p/{post.id}").text  # the form was open before the mute
    mute(api, coordinator, resident)

    refused = client.post(f"/w/centrum/p/{post.id}/reageren", data={"body": "Dat is **niet** eerlijk!",
                                                                    "parent_id": ""})
    assert refused.status_code == 403
    page = refused.text
    assert "15 januari 2031, 15:30" in page and "Schelden in de reacties" in page and "UTC" not in page
    assert re.search(r'<textarea[^>]*name="body"[^>]*>Dat is \*\*niet\*\* eerlijk!</textarea>', page)
    assert f'action="/w/centrum/p/{post.id}/reageren"' in page and 'name="parent_id"' in page

    api_refused = api.as_user(resident).post(f"/api/v1/posts/{post.id}/comments", json={"body": "Toch wel."})
    assert api_refused.status_code == 403
    message = api_refused.json["error"]["message"]
    assert "15 januari 2031, 15:30" in message and "Schelden in de reacties" in message

    notice = db.session.scalar(select(Notification.message).where(Notification.user_id == resident.id))
    assert "15 januari 2031 15:30" in notice.replace(",", "") and "UTC" not in notice
    assert "15 januari 2031, 15:30" in client.get("/w/centrum").text  # the notice on the wijk page


def test_a_rate_limited_post_keeps_title_and_text(make_app, make_user, make_wijk):
    from tests.conftest import log_in
    app = make_app(RATELIMIT_ENABLED=True, WRITE_LIMIT_PER_USER="1 per minute")
    with app.app_context():
        make_wijk("centrum", "Centrum")
        resident = make_user("Bewoner", two_factor_on=False)
        client = log_in(app.test_client(), resident)
        first = {"kind": "bericht", "title": "Eerste", "body": "Hallo"}
        assert client.post("/w/centrum/nieuw", data=first).status_code == 302
        refused = client.post("/w/centrum/nieuw", data={"kind": "bericht", "title": "Tweede bericht",
                                                        "body": "Een lange tekst\nover twee regels"})
    assert refused.status_code == 429
    assert 'value="Tweede bericht"' in refused.text and "Een lange tekst\nover twee regels</textarea>" in refused.text
    assert '<input type="hidden" name="kind" value="bericht">' in refused.text


def test_codes_are_shown_as_dutch_words(client, login, api, world):
    _wijk, coordinator, resident, post = world
    moderate(coordinator, {"action": "hide", "target": "post", "id": post.id, "reason": "Test"})
    mute(api, coordinator, resident)
    login(coordinator)
    log = client.get("/moderatie/logboek?wijk=centrum").text
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", log)
    assert "verborgen" in cells and "gedempt" in cells and "hide" not in cells and "mute" not in cells
    assert f"bericht {post.id}" in cells and f"persoon {resident.id}" in cells

    roles = client.get("/me").text
    assert "Centrum: Coördinator" in roles and "coordinator" not in roles.lower().replace("coördinator", "")


def test_the_outbox_and_organisation_roles_in_dutch(app, client, login, make_user, make_org, make_wijk):
    from tests.conftest import log_in
    wijk = make_wijk("centrum", "Centrum")
    admin, poster = make_user("Beheer", admin=True), make_user("Plaatser")
    make_org("politie", "politie", [wijk], [poster])
    login(admin)
    outbox = client.get("/beheer/mail").text
    terms = re.findall(r"<dt>([^<]*)</dt>", outbox)
    assert {"wacht", "verstuurd", "mislukt"} <= set(terms) and not {"pending", "sent", "failed"} & set(terms)
    assert "Politie: Plaatser" in log_in(app.test_client(), poster).get("/me").text


def test_every_action_the_log_may_hold_has_a_dutch_word(app):
    from flask_babel import force_locale

    from audit.labels import ACTION_LABELS, action_label
    from audit.services import ACTIONS
    assert set(ACTIONS) <= set(ACTION_LABELS), set(ACTIONS) - set(ACTION_LABELS)
    with app.test_request_context(), force_locale("nl"):
        assert {code: action_label(code) for code in ACTIONS if action_label(code) == code} == {}


def test_flag_states_and_organisation_kinds_in_dutch(client, login, world, make_org, make_post, make_user):
    from moderation.services import flag
    wijk, coordinator, _resident, post = world
    agent = make_user("Agent")
    make_org("politie", "politie", [wijk], [agent])
    make_post(agent, wijk, title="Spreekuur", organisation="politie")
    flag(make_user(), {"target": "post", "id": post.id, "reason": "spam"})
    moderate(coordinator, {"action": "dismiss", "target": "post", "id": post.id, "reason": "Niets mis mee"})
    flag(make_user(), {"target": "post", "id": post.id, "reason": "anders", "text": "Nog steeds?"})
    login(coordinator)
    queue = client.get("/moderatie").text
    assert "(afgewezen)" in queue and "(dismissed)" not in queue
    wijk_page = client.get("/w/centrum").text
    assert '<span class="org-kind">Politie</span>' in wijk_page
