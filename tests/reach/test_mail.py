"""Wijk mail against the real local SMTP server: who gets what and when, unsubscribing, following by
e-mail only, digests, retries and bounces."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.timeutil import utcnow
from reach.mailings import queue_digests
from reach.models import EmailSubscription, OutboundMail, SuppressedAddress
from reach.outbox import deliver_due
from wijken.models import Follow, Post, Wijk

WARNING = {"kind": "inbraakwaarschuwing", "title": "Inbraken in de Grotestraat",
           "body": "Sluit ramen en deuren, ook overdag."}


def follower(make_user, wijk, level: str, frequency: str = "weekly", **kwargs):
    from wijken.services import follow
    user = make_user(two_factor_on=False, **kwargs)
    follow(user, wijk, level, frequency)
    return user


@pytest.fixture
def mail_down(app):
    """The mail server is unreachable until the block ends (the app's SMTP port points nowhere)."""
    from contextlib import contextmanager

    @contextmanager
    def down(**config):
        state, saved = app.extensions["mailman"], app.extensions["mailman"].port
        overrides = {k: app.config[k] for k in config}
        state.port = 1
        app.config.update(config)
        try:
            yield
        finally:
            state.port = saved
            app.config.update(overrides)
    return down


def post_warning(api, agent):
    response = api.as_user(agent).post("/api/v1/wijken/centrum/posts", json=WARNING | {"organisation": "politie"})
    assert response.status_code == 201, response.text
    return response.json


def recipients(smtp) -> list[str]:
    return sorted(r for rcpts, _m in smtp.messages for r in rcpts)


def subscriber(client, smtp, email="buur@example.test", frequency="weekly"):
    assert client.post("/w/centrum/per-mail", data={"email": email, "frequency": frequency}).status_code == 200
    link = smtp.link(email, r"http://localhost/w/centrum/per-mail/\S+")
    assert client.get(link.removeprefix("http://localhost")).status_code == 302


def test_a_warning_reaches_exactly_the_followers_at_all_and_important_at_once(api, client, smtp, make_user, wijk,
                                                                               politie):
    agent, _org = politie
    at_all, important = follower(make_user, wijk, "all"), follower(make_user, wijk, "important")
    follower(make_user, wijk, "digest")
    follower(make_user, wijk, "none")
    follower(make_user, wijk, "all", verified=False)  # an unconfirmed address gets nothing
    subscriber(client, smtp)
    smtp.messages.clear()

    post = post_warning(api, agent)
    assert recipients(smtp) == sorted([at_all.email, important.email, "buur@example.test"])
    message = smtp.to(important.email)[0]
    assert message["Subject"] == "Waarschuwing in Centrum: Inbraken in de Grotestraat"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<http://localhost/afmelden/\S+>", message["List-Unsubscribe"].strip())
    text = message.get_body(("plain",)).get_content()
    assert f"http://localhost/w/centrum/p/{post['id']}" in text and "Sluit ramen" in text
    assert message["List-Unsubscribe"].strip()[1:-1] in text  # the same link stands in the mail itself

    assert deliver_due() == 0  # nothing left, nothing twice
    assert len(smtp.messages) == 3


def test_level_all_gets_every_post_and_important_only_important_ones(api, smtp, make_user, make_post, wijk):
    at_all, important = follower(make_user, wijk, "all"), follower(make_user, wijk, "important")
    author = make_user(two_factor_on=False)
    make_post(author, wijk, title="Wie leent me een ladder?")
    deliver_due()
    assert recipients(smtp) == [at_all.email]
    assert important.email not in recipients(smtp) and author.email not in recipients(smtp)


def test_one_click_unsubscribe_works_without_a_session(api, make_app, smtp, make_user, wijk, politie):
    agent, _org = politie
    person = follower(make_user, wijk, "important")
    post_warning(api, agent)
    link = smtp.to(person.email)[0]["List-Unsubscribe"].strip()[1:-1].removeprefix("http://localhost")
    stranger = make_app(WTF_CSRF_ENABLED=True).test_client()  # no session, no CSRF token: RFC 8058
    response = stranger.post(link, data="List-Unsubscribe=One-Click",
                             content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and "Centrum" in response.text
    assert db.session.scalar(select(Follow.level).where(Follow.user_id == person.id)) == "none"
    smtp.messages.clear()
    post_warning(api, agent)
    assert person.email not in recipients(smtp)


def test_a_tampered_unsubscribe_link_changes_nothing(client, smtp, make_user, wijk):
    from reach import tokens
    person = follower(make_user, wijk, "all")
    token = tokens.for_follow(db.session.scalar(select(Follow)))
    for bad in (token[:-3] + "abc", "nonsense", "x" * 600):
        assert client.post(f"/afmelden/{bad}").status_code == 404
        assert client.get(f"/afmelden/{bad}").status_code == 404
    assert db.session.scalar(select(Follow.level).where(Follow.user_id == person.id)) == "all"
    assert client.get(f"/afmelden/{token}").status_code == 200  # the real one shows the confirmation page


def test_following_by_e_mail_only_needs_the_link_in_the_mail(client, smtp, wijk):
    response = client.post("/w/centrum/per-mail", data={"email": "Buur@Example.test", "frequency": "daily"})
    assert response.status_code == 200 and "buur@example.test" in response.text
    subscription = db.session.scalar(select(EmailSubscription))
    assert subscription.confirmed_at is None and subscription.frequency == "daily"
    (mail,) = smtp.to("buur@example.test")
    assert "List-Unsubscribe" not in mail  # nothing to stop yet
    again = client.post("/w/centrum/per-mail", data={"email": "buur@example.test", "frequency": "daily"})
    assert again.status_code == 200 and db.session.scalar(select(func.count()).select_from(EmailSubscription)) == 1
    link = smtp.link("buur@example.test", r"http://localhost/w/centrum/per-mail/\S+")
    assert client.get(link.removeprefix("http://localhost")).status_code == 302
    assert db.session.scalar(select(EmailSubscription)).confirmed_at is not None
    assert client.get("/w/centrum/per-mail/vervalst").status_code == 404


@pytest.mark.parametrize("email", ["", "geen-adres", "a@b@c.test", "x" * 300 + "@example.test"])
def test_an_invalid_address_is_refused_at_subscription(client, smtp, wijk, email):
    response = client.post("/w/centrum/per-mail", data={"email": email, "frequency": "weekly"})
    assert response.status_code == 422 and 'id="email-error"' in response.text
    assert db.session.scalar(select(func.count()).select_from(EmailSubscription)) == 0
    assert smtp.messages == []


def test_digests_collect_only_what_is_still_visible(client, smtp, make_user, make_post, wijk, politie):
    from wijken.services import set_status
    digest_reader = follower(make_user, wijk, "digest", "daily")
    important = follower(make_user, wijk, "important", "daily")
    subscriber(client, smtp, frequency="daily")
    author = make_user(two_factor_on=False)
    kept = make_post(author, wijk, title="Burendag op zaterdag")
    hidden = make_post(author, wijk, title="Geheim bericht dat verborgen wordt")
    set_status(hidden, "hidden")
    db.session.commit()
    agent, _org = politie
    from wijken.services import create_post
    create_post(agent, wijk, WARNING | {"organisation": "politie"})
    deliver_due()
    smtp.messages.clear()

    assert queue_digests("daily", utcnow() + timedelta(minutes=1)) == 3
    deliver_due()
    texts = {r: m.get_body(("plain",)).get_content() for rcpts, m in smtp.messages for r in rcpts}
    assert set(texts) == {digest_reader.email, important.email, "buur@example.test"}
    assert all(kept.title in text and hidden.title not in text for text in texts.values())
    assert WARNING["title"] in texts[digest_reader.email]
    assert WARNING["title"] not in texts[important.email]  # they had it at once
    assert smtp.to(digest_reader.email)[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # the same round again: nobody gets a second digest
    assert queue_digests("daily", utcnow() + timedelta(minutes=2)) == 0
    assert deliver_due() == 0


def test_a_retried_delivery_never_mails_twice(smtp, make_user, make_post, wijk):
    from reach.mailings import post_published
    at_all = follower(make_user, wijk, "all")
    post = make_post(make_user(two_factor_on=False), wijk)
    deliver_due()
    post_published(post)  # e.g. approved again after a restore: the same messages
    db.session.commit()
    deliver_due()
    assert recipients(smtp) == [at_all.email]
    assert db.session.scalar(select(func.count()).select_from(OutboundMail)) == 1


def test_a_hidden_post_is_not_mailed_when_its_turn_comes(mail_down, smtp, make_user, make_post, wijk):
    from wijken.services import set_status
    follower(make_user, wijk, "all")
    with mail_down():  # the server is down when the post is written
        post = make_post(make_user(two_factor_on=False), wijk)
        deliver_due()
    set_status(db.session.get(Post, post.id), "hidden")
    db.session.commit()
    db.session.execute(OutboundMail.__table__.update().values(next_attempt_at=utcnow()))
    db.session.commit()
    deliver_due()  # the server is back
    assert smtp.messages == []
    assert db.session.scalar(select(OutboundMail.status)) == "cancelled"


def test_an_unreachable_server_is_retried_with_backoff_until_it_works(mail_down, smtp, make_user, make_post, wijk):
    person = follower(make_user, wijk, "all")
    with mail_down(MAIL_RETRY_DELAYS=(60, 120)):
        make_post(make_user(two_factor_on=False), wijk)
        deliver_due()
        message = db.session.scalar(select(OutboundMail))
        assert (message.status, message.attempts) == ("pending", 1) and "Connection" in message.last_error
        assert message.next_attempt_at > utcnow() + timedelta(seconds=50)
        assert deliver_due() == 0  # not due yet
    db.session.execute(OutboundMail.__table__.update().values(next_attempt_at=utcnow()))
    db.session.commit()
    deliver_due()
    assert recipients(smtp) == [person.email]
    assert db.session.scalar(select(OutboundMail.status)) == "sent"


def test_after_the_last_attempt_a_failure_is_shown_to_site_admins(mail_down, client, login, smtp, make_user,
                                                                   make_post, wijk):
    follower(make_user, wijk, "all")
    with mail_down(MAIL_RETRY_DELAYS=(0,)):
        make_post(make_user(two_factor_on=False), wijk)
        deliver_due()
        deliver_due()
    message = db.session.scalar(select(OutboundMail))
    assert (message.status, message.attempts) == ("failed", 2)
    login(make_user(admin=True))
    page = client.get("/beheer/mail")
    assert page.status_code == 200 and message.recipient in page.text and "mislukt" in page.text
    client.post("/beheer/mail", data={"action": "retry", "id": str(message.id)})
    assert recipients(smtp) == [message.recipient]


def test_a_bouncing_address_is_not_tried_again_and_again(smtp, make_user, make_post, wijk):
    person = follower(make_user, wijk, "all")
    smtp.refuse.add(person.email)
    author = make_user(two_factor_on=False)
    make_post(author, wijk, title="Eén")
    deliver_due()
    assert db.session.scalar(select(OutboundMail.status)) == "bounced"
    assert db.session.scalar(select(SuppressedAddress.email)) == person.email
    make_post(author, wijk, title="Twee")
    deliver_due()
    assert db.session.scalar(select(func.count()).select_from(OutboundMail)) == 1  # not even queued
    assert smtp.messages == []


def test_follow_levels_change_on_the_wijk_page_and_the_settings_page(client, login, make_user, wijk):
    person = make_user(two_factor_on=False)
    login(person)
    client.post("/w/centrum/follow", data={"action": "follow"})
    assert 'name="digest_frequency"' in client.get("/w/centrum").text
    client.post("/w/centrum/follow", data={"action": "settings", "level": "digest", "digest_frequency": "daily"})
    follow = db.session.scalar(select(Follow))
    assert (follow.level, follow.digest_frequency) == ("digest", "daily")
    page = client.get("/me/volgen")
    assert page.status_code == 200 and "Centrum" in page.text
    client.post("/me/volgen", data={f"f{follow.id}-level": "important", f"f{follow.id}-digest_frequency": "weekly"})
    db.session.refresh(follow)
    assert (follow.level, follow.digest_frequency) == ("important", "weekly")
    bad = client.post("/me/volgen", data={f"f{follow.id}-level": "loud", f"f{follow.id}-digest_frequency": "weekly"})
    assert bad.status_code == 422
    db.session.refresh(follow)
    assert follow.level == "important"


def test_a_new_follow_is_at_level_important_on_the_page_the_api_and_the_form(client, api, login, make_user,
                                                                              make_post, smtp, wijk, politie):
    """Following without choosing mails warnings at once and the rest in the summary, not every post."""
    by_page, by_api = make_user(two_factor_on=False), make_user(two_factor_on=False)
    login(by_page)
    client.post("/w/centrum/follow", data={"action": "follow"})
    assert api.as_user(by_api).put("/api/v1/wijken/centrum/follow").json["level"] == "important"
    assert set(db.session.scalars(select(Follow.level))) == {"important"}
    page = client.get("/w/centrum").text
    assert re.search(r'<option selected value="important">|<option value="important" selected>', page)
    smtp.messages.clear()
    make_post(make_user(two_factor_on=False), wijk, title="Wie leent me een ladder?")
    deliver_due()
    assert recipients(smtp) == []
    post_warning(api, politie[0])
    assert recipients(smtp) == sorted([by_page.email, by_api.email])


def test_a_newcomer_follows_a_demo_wijk_by_e_mail_and_hears_the_police_warning_at_once(app, client, smtp):
    """The issue's "done when": e-mail only, then the demo police system posts a warning through the API."""
    import base64

    from demo.seed import API_CLIENT, seed_demo_command
    assert app.test_cli_runner().invoke(seed_demo_command).exit_code == 0
    deliver_due()
    smtp.messages.clear()
    slug = db.session.scalar(select(Wijk.slug).where(Wijk.name == "Waalwijk"))
    assert client.post(f"/w/{slug}/per-mail", data={"email": "nieuw@example.test", "frequency": "weekly"}
                       ).status_code == 200
    link = smtp.link("nieuw@example.test", rf"http://localhost/w/{slug}/per-mail/\S+")
    assert client.get(link.removeprefix("http://localhost")).status_code == 302

    credentials = base64.b64encode(f"{API_CLIENT['client_id']}:{API_CLIENT['secret']}".encode()).decode()
    token = client.post("/oauth/token", data={"grant_type": "client_credentials"},
                        headers={"Authorization": f"Basic {credentials}"}).json["access_token"]
    response = client.post(f"/api/v1/wijken/{slug}/posts", headers={"Authorization": f"Bearer {token}"},
                           json=WARNING | {"organisation": "politie-waalwijk"})
    assert response.status_code == 201, response.text
    (warning,) = smtp.to("nieuw@example.test")[1:]
    assert warning["Subject"] == f"Waarschuwing in Waalwijk: {WARNING['title']}"
    assert warning["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_request_fans_the_mail_out_after_its_response_and_skips_a_post_hidden_meanwhile(app, smtp, make_user,
                                                                                         make_post, wijk):
    from flask import g

    from wijken.services import set_status
    follower(make_user, wijk, "all")
    author = make_user(two_factor_on=False)
    with app.test_request_context():
        post = make_post(author, wijk)
        deferred = g.jobs_after_response
    assert db.session.scalar(select(func.count()).select_from(OutboundMail)) == 0  # nothing rendered in the request
    set_status(db.session.get(Post, post.id), "hidden")
    db.session.commit()
    for job, args in deferred:
        job(*args)
    deliver_due()
    assert smtp.messages == [] and db.session.scalar(select(func.count()).select_from(OutboundMail)) == 0


def test_a_site_admin_lets_a_bounced_address_get_mail_again(client, login, smtp, make_user, make_post, wijk):
    person = follower(make_user, wijk, "all")
    smtp.refuse.add(person.email)
    make_post(make_user(two_factor_on=False), wijk)
    deliver_due()
    login(make_user(admin=True))
    assert person.email in client.get("/beheer/mail").text
    assert client.post("/beheer/mail", data={"action": "unsuppress", "email": person.email}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(SuppressedAddress)) == 0


def test_the_settings_page_saves_all_wijken_or_none(client, login, make_user, make_wijk, wijk):
    from wijken.services import follow
    person = make_user(two_factor_on=False)
    first, second = follow(person, wijk, "all"), follow(person, make_wijk("noord"), "all")
    login(person)
    bad = client.post("/me/volgen", data={f"f{first.id}-level": "digest", f"f{first.id}-digest_frequency": "daily",
                                          f"f{second.id}-level": "loud", f"f{second.id}-digest_frequency": "daily"})
    assert bad.status_code == 422
    assert set(db.session.scalars(select(Follow.level))) == {"all"}  # the first wijk did not change either


def test_a_wijk_name_with_a_line_break_still_gets_its_mail_out(smtp, make_user, make_post, make_wijk):
    """(Stored before the import refused such names.) The subject is one line; nothing stays `sending`."""
    wijk = make_wijk("noord", "Noord\r\nBcc: iedereen@example.test")
    person = follower(make_user, wijk, "all")
    make_post(make_user(two_factor_on=False), wijk, title="Straatfeest")
    deliver_due()
    assert recipients(smtp) == [person.email]
    assert db.session.scalars(select(OutboundMail.status)).all() == ["sent"]


def test_a_message_that_cannot_be_built_fails_visibly_at_once(app, smtp, caplog):
    """A header with a line break can never be sent: failed (for the admins' outbox page) and logged, not left
    `sending` for ever or retried; the next message goes out."""
    from reach.outbox import queue_mail
    queue_mail("broken", "a@example.test", "post", "Nieuws\r\nBcc: iedereen@example.test", "tekst", "<p>tekst</p>")
    queue_mail("fine", "b@example.test", "post", "Nieuws", "tekst", "<p>tekst</p>")
    db.session.commit()
    assert deliver_due() == 2
    statuses = dict(db.session.execute(select(OutboundMail.key, OutboundMail.status)).all())
    assert statuses == {"broken": "failed", "fine": "sent"}
    assert "cannot be built" in caplog.text and recipients(smtp) == ["b@example.test"]
    assert "BadHeaderError" in db.session.scalar(select(OutboundMail.last_error).where(OutboundMail.key == "broken"))
