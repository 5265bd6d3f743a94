"""In-app notifications: each kind, follow levels, no self-notification, nothing about invisible content,
reaction aggregation, read and read-all (pages and API), query counts, and the live count in the user's room."""
import contextvars
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from accounts.models import User
from core.errors import ValidationError
from core.extensions import db, socketio
from core.timeutil import isoformat, utcnow
from moderation.services import moderate
from notifications import services as notifications
from notifications.models import Notification
from tests.conftest import log_in
from tests.querycount import count_queries
from wijken.models import Wijk
from wijken.municipalities import municipality_named
from wijken.roles import grant_wijk_role
from wijken.services import (
    add_comment,
    create_post,
    delete_post,
    follow,
    set_reaction,
    set_rsvp,
    update_post,
)


@pytest.fixture
def wijk(make_wijk):
    return make_wijk("centrum", "Centrum")


@pytest.fixture
def coordinator(make_user, wijk):
    user = make_user("Coördinator")
    grant_wijk_role(user, wijk, "coordinator")
    return user


def notes(user, kind=None) -> list[Notification]:
    db.session.expire_all()
    query = select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query.order_by(Notification.id)))


def unread(user) -> int:
    db.session.expire_all()
    return notifications.unread_count(user)


def isolated(call, *args, **kwargs):
    """Run a socket test client call outside the test's app context, as a real server would."""
    return contextvars.Context().run(call, *args, **kwargs)


def socket_of(app, user=None):
    flask_client = log_in(app.test_client(), user) if user is not None else None
    return isolated(socketio.test_client, app, flask_test_client=flask_client)


def counts_heard(client) -> list[int]:
    return [e["args"][0]["unread"] for e in client.get_received() if e["name"] == "notifications"]


def event_in(wijk, days: int = 7, **data):
    start = utcnow() + timedelta(days=days)
    return {"kind": "evenement", "title": "Burendag", "body": "Kom ook!", "location": "Het plein",
            "starts_at": isoformat(start), "ends_at": isoformat(start + timedelta(hours=3))} | data


# --- replies ------------------------------------------------------------------------

def test_a_comment_on_my_post_and_a_reply_to_my_comment_notify_me_not_the_writer(make_user, make_post, wijk):
    author, anna, bert = make_user("Auteur"), make_user("Anna"), make_user("Bert")
    post = make_post(author, wijk, title="Wie heeft een ladder?")

    first = add_comment(anna, post, {"body": "Ik heb er een, geheim adres 12"})
    [note] = notes(author)
    assert note.kind == "reply"
    assert note.message == "Anna heeft gereageerd op je bericht “Wie heeft een ladder?”"
    assert note.link == f"/w/centrum/p/{post.id}#c{first.id}"
    assert "geheim" not in note.message  # never the comment's body

    reply = add_comment(bert, post, {"body": "Mag ik hem ook lenen?", "parent_id": first.id})
    [to_anna] = notes(anna)
    assert to_anna.message == "Bert heeft geantwoord op je reactie bij “Wie heeft een ladder?”"
    assert to_anna.link.endswith(f"#c{reply.id}")
    assert len(notes(author)) == 2  # the post's author hears of every comment

    add_comment(author, post, {"body": "Fijn, buren!"})  # on my own post: nobody else was replied to
    add_comment(anna, post, {"body": "Graag gedaan", "parent_id": first.id})  # my own comment
    assert len(notes(author)) == 3 and len(notes(anna)) == 1 and notes(bert) == []


def test_a_reply_to_a_reply_tells_the_one_replied_to_once(make_user, make_post, wijk):
    author, anna, bert = make_user("Auteur"), make_user("Anna"), make_user("Bert")
    post = make_post(author, wijk)
    top = add_comment(author, post, {"body": "Wie komt er?"})
    answer = add_comment(anna, post, {"body": "Ik!", "parent_id": top.id})
    add_comment(bert, post, {"body": "Ik ook, Anna", "parent_id": answer.id})
    assert [n.message.split(" ")[0] for n in notes(anna)] == ["Bert"]
    # The author wrote both the post and the top comment: one notification per comment, not two.
    assert [n.message.split(" ")[0] for n in notes(author)] == ["Anna", "Bert"]


def test_messages_are_in_the_recipients_language(make_user, make_post, wijk):
    author = make_user("Author")
    author.locale = "en"
    db.session.commit()
    post = make_post(author, wijk, title="Ladder")
    add_comment(make_user("Anna"), post, {"body": "Hier"})
    assert notes(author)[0].message == "Anna commented on your post “Ladder”"


# --- reactions ----------------------------------------------------------------------

def test_reactions_make_one_unread_notification_per_post_that_follows_the_count(make_user, make_post, wijk):
    author, anna, bert = make_user("Auteur"), make_user("Anna"), make_user("Bert")
    post = make_post(author, wijk, title="Opruimdag")
    other = make_post(author, wijk, title="Tweede")

    set_reaction(anna, post, "like", True)
    set_reaction(anna, post, "thanks", True)
    [note] = notes(author, "reaction")
    assert note.message == "Anna waardeert je bericht “Opruimdag”"
    set_reaction(bert, post, "useful", True)
    [note] = notes(author, "reaction")
    assert note.message == "Bert en 1 ander waarderen je bericht “Opruimdag”"
    set_reaction(make_user("Cor"), post, "like", True)
    assert notes(author, "reaction")[0].message == "Cor en 2 anderen waarderen je bericht “Opruimdag”"
    set_reaction(anna, other, "like", True)
    assert len(notes(author, "reaction")) == 2  # one per post

    set_reaction(author, post, "like", True)  # my own reaction: not news
    assert notes(author, "reaction")[0].message.startswith("Cor en 2 anderen")


def test_taking_reactions_back_leaves_no_junk(make_user, make_post, wijk):
    author, anna, bert = make_user("Auteur"), make_user("Anna"), make_user("Bert")
    post = make_post(author, wijk, title="Opruimdag")
    set_reaction(anna, post, "like", True)
    set_reaction(bert, post, "like", True)
    set_reaction(bert, post, "like", False)
    assert [n.message for n in notes(author, "reaction")] == ["Anna waardeert je bericht “Opruimdag”"]
    set_reaction(anna, post, "like", False)
    assert notes(author, "reaction") == [] and unread(author) == 0


def test_after_reading_only_new_reactions_count(make_user, make_post, wijk):
    author, anna, bert = make_user("Auteur"), make_user("Anna"), make_user("Bert")
    post = make_post(author, wijk, title="Opruimdag")
    set_reaction(anna, post, "like", True)
    notifications.mark_read(author)
    set_reaction(bert, post, "thanks", True)
    read, new = notes(author, "reaction")
    assert read.read_at is not None and new.read_at is None
    assert new.message == "Bert waardeert je bericht “Opruimdag”"
    set_reaction(anna, post, "like", False)  # taken back after I read it: changes nothing unread
    assert [n.message for n in notes(author, "reaction")][1] == new.message
    set_reaction(bert, post, "thanks", False)
    assert [n.read_at is not None for n in notes(author, "reaction")] == [True]


# --- new posts in followed wijken ---------------------------------------------------

@pytest.fixture
def followers(make_user, wijk):
    people = {level: make_user(f"Volger {level}") for level in ("all", "important", "digest", "none")}
    for level, user in people.items():
        follow(user, wijk, level)
    return people


def test_followers_hear_of_new_posts_by_level(make_user, make_org, make_post, wijk, followers):
    agent = make_user("Agent")
    follow(agent, wijk, "all")
    politie = make_org("politie", "politie", [wijk], [agent])

    post = make_post(make_user("Bewoner"), wijk, title="Rommelmarkt")
    assert [n.message for n in notes(followers["all"])] == ["Bericht in Centrum: “Rommelmarkt”"]
    assert notes(followers["all"])[0].link == f"/w/centrum/p/{post.id}"
    assert notes(followers["important"]) == notes(followers["digest"]) == notes(followers["none"]) == []

    make_post(agent, wijk, kind="inbraakwaarschuwing", title="Inbraken Kerkstraat", body="Let op",
              organisation=politie)
    assert [n.kind for n in notes(followers["all"])] == ["new_post", "new_post"]
    assert [n.message for n in notes(followers["important"])] == ["Inbraakwaarschuwing in Centrum: "
                                                                  "“Inbraken Kerkstraat”"]
    assert notes(followers["digest"]) == [] and notes(followers["none"]) == []
    assert [n.link for n in notes(agent)] == [f"/w/centrum/p/{post.id}"]  # follows at "all", but wrote the warning


def test_important_kinds_are_the_shared_definition(make_user, make_org, make_post, wijk, followers):
    from wijken.kinds import IMPORTANT_KINDS
    gemeente_user = make_user("Ambtenaar")
    gemeente = make_org("gemeente", "gemeente", [wijk], [gemeente_user])
    make_post(gemeente_user, wijk, kind="aankondiging", title="Werk aan de weg", body="Vanaf maandag",
              organisation=gemeente)
    make_post(gemeente_user, wijk, **event_in(wijk, title="Markt"), organisation=gemeente)
    assert {"aankondiging", "inbraakwaarschuwing", "wijkschouw"} <= IMPORTANT_KINDS
    assert "evenement" not in IMPORTANT_KINDS
    assert [n.message for n in notes(followers["important"])] == ["Aankondiging in Centrum: “Werk aan de weg”"]
    assert len(notes(followers["all"])) == 2


def test_new_post_messages_follow_each_followers_language(make_user, make_post, wijk):
    dutch, english, unknown = make_user("NL"), make_user("EN"), make_user("XX")
    english.locale, unknown.locale = "en", "de"
    db.session.commit()
    for user in (dutch, english, unknown):
        follow(user, wijk, "all")
    make_post(make_user(), wijk, title="Buurtfeest")
    assert notes(dutch)[0].message == notes(unknown)[0].message == "Bericht in Centrum: “Buurtfeest”"
    assert notes(english)[0].message == "Message in Centrum: “Buurtfeest”"


def test_pre_moderated_posts_notify_followers_only_when_approved(make_user, wijk, followers, coordinator, api):
    wijk.premoderation = True
    db.session.commit()
    newcomer = make_user("Nieuw")
    post = create_post(newcomer, wijk, {"kind": "bericht", "title": "Eerste", "body": "Hallo"})
    assert post.status == "pending"
    assert notes(followers["all"]) == []  # nobody but moderators can see it yet
    moderate(coordinator, {"action": "approve", "target": "post", "id": post.id, "reason": "Prima"})
    assert [n.message for n in notes(followers["all"])] == ["Bericht in Centrum: “Eerste”"]


def test_deleted_accounts_and_service_accounts_are_never_notified(make_user, make_post, wijk, app):
    from privacy.services import delete_account
    gone, service = make_user("Weg"), make_user("Systeem")
    for user in (gone, service):
        follow(user, wijk, "all")
    systems_post = make_post(service, wijk, title="Van het systeem")
    service.is_service = True
    db.session.commit()
    kept_post = make_post(gone, wijk, title="Blijft staan")  # kept, signed "deleted user"
    with app.test_request_context():
        delete_account(gone, {"password": "correct horse battery", "content": "keep"})
    make_post(make_user(), wijk)
    add_comment(make_user(), systems_post, {"body": "Hoi"})
    commenter = make_user()
    add_comment(commenter, kept_post, {"body": "Nog steeds waar"})
    set_reaction(commenter, kept_post, "like", True)
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_the_work_for_a_new_post_does_not_grow_with_the_followers(app, make_user, make_post, wijk):
    author = make_user("Auteur")
    make_post(author, wijk)  # warm up

    def statements_for_one_post():  # the notifications' share of it (the outbox writes one mail per follower)
        with count_queries(app) as statements:
            make_post(author, wijk)
        return len([s for s in statements if "notification" in s or s.split()[:2] in (["UPDATE", "user"],
                                                                                       ["UPDATE", '"user"'])])

    for _n in range(3):
        follow(make_user(), wijk, "all")
    few = statements_for_one_post()
    for _n in range(25):
        follow(make_user(), wijk, "all")
    many = statements_for_one_post()
    assert many == few == len(notifications.LANGUAGES) + 2  # an INSERT per language, the caches, the counts
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 3 + 28


# --- events -------------------------------------------------------------------------

def test_people_coming_hear_when_an_event_moves_or_is_cancelled(make_user, make_post, wijk):
    organiser = make_user("Organisator")
    going, maybe, not_going = make_user("Komt"), make_user("Misschien"), make_user("Komt niet")
    event = make_post(organiser, wijk, **event_in(wijk))
    for user, status in ((going, "going"), (maybe, "maybe"), (not_going, "not_going"), (organiser, "going")):
        set_rsvp(user, event, status)

    update_post(organiser, event, {"title": "Burendag!"})  # the title alone: nothing to tell
    assert notes(going) == []
    new_start = utcnow() + timedelta(days=8)
    update_post(organiser, event, {"starts_at": isoformat(new_start),
                                   "ends_at": isoformat(new_start + timedelta(hours=2))})
    [moved] = notes(going)
    assert moved.kind == "event_changed" and moved.link == f"/w/centrum/p/{event.id}"
    assert moved.message.startswith("De tijd van “Burendag!” is veranderd: het begint nu op ")
    assert [n.kind for n in notes(maybe)] == ["event_changed"]
    assert notes(not_going) == [] and notes(organiser) == []
    update_post(organiser, event, {"location": "Buurthuis"})
    assert notes(going)[-1].message == "De plek van “Burendag!” is veranderd."

    delete_post(organiser, event)
    cancelled = notes(going)[-1]
    assert cancelled.kind == "event_cancelled" and cancelled.link is None
    assert "Burendag" not in cancelled.message and "Centrum" in cancelled.message
    assert [n.kind for n in notes(maybe)][-1] == "event_cancelled"
    assert notes(not_going) == []


def test_a_moderator_removing_an_event_tells_the_people_coming(make_user, make_post, wijk, coordinator):
    event = make_post(make_user(), wijk, **event_in(wijk))
    going = make_user("Komt")
    set_rsvp(going, event, "going")
    moderate(coordinator, {"action": "hide", "target": "post", "id": event.id, "reason": "Even kijken"})
    assert notes(going) == []  # hidden for review is not cancelled
    moderate(coordinator, {"action": "remove", "target": "post", "id": event.id, "reason": "Spam"})
    assert [n.kind for n in notes(going)] == ["event_cancelled"]


# --- hidden content -------------------------------------------------------------------

def test_content_hidden_later_is_not_shown_in_the_list(api, client, login, make_user, make_post, wijk,
                                                        coordinator, followers):
    reader = followers["all"]
    post = make_post(make_user(), wijk, title="Geheime titel")
    moderate(coordinator, {"action": "hide", "target": "post", "id": post.id, "reason": "Klachten"})
    login(reader)
    page = client.get("/notificaties").text
    assert "Geheime titel" not in page and "niet meer beschikbaar" in page
    [item] = api.as_user(reader).get("/api/v1/me/notifications").json["items"]
    assert item["link"] is None and "Geheime titel" not in item["message"]
    assert item["read"] is False  # still counts until read

    moderate(coordinator, {"action": "restore", "target": "post", "id": post.id, "reason": "Toch goed"})
    assert "Geheime titel" in client.get("/notificaties").text


def test_a_hidden_reply_is_not_shown_either(api, make_user, make_post, wijk, coordinator):
    author = make_user("Auteur")
    post = make_post(author, wijk, title="Vraag")
    comment = add_comment(make_user("Troll"), post, {"body": "Iets lelijks"})
    moderate(coordinator, {"action": "remove", "target": "comment", "id": comment.id, "reason": "Nee"})
    items = api.as_user(author).get("/api/v1/me/notifications").json["items"]
    reply = next(i for i in items if i["kind"] == "reply")
    assert "Troll" not in reply["message"] and reply["link"] is None
    assert reply["message"] == "Dit ging over iets dat niet meer beschikbaar is."


def test_opening_a_notification_about_removed_content_says_so(client, login, make_user, make_post, wijk, coordinator,
                                                               followers):
    post = make_post(make_user(), wijk)
    moderate(coordinator, {"action": "remove", "target": "post", "id": post.id, "reason": "Spam"})
    login(followers["all"])
    [note] = notes(followers["all"])
    response = client.post(f"/notificaties/{note.id}")
    assert response.status_code == 302 and response.location.endswith("/notificaties")
    assert unread(followers["all"]) == 0


# --- reading ------------------------------------------------------------------------

def test_pages_open_mark_read_and_mark_all_read(client, login, make_user, make_post, wijk):
    author, anna = make_user("Auteur"), make_user("Anna")
    posts = [make_post(author, wijk, title=f"Post {n}") for n in range(3)]
    comments = [add_comment(anna, post, {"body": "Ja"}) for post in posts]
    first, second, third = notes(author)
    login(author)
    page = client.get("/notificaties").text
    assert page.count('class="notification unread"') == 3 and "3 ongelezen" in page

    opened = client.post(f"/notificaties/{first.id}")
    assert opened.status_code == 302
    assert opened.location == f"/w/centrum/p/{posts[0].id}#c{comments[0].id}"
    assert client.post(f"/notificaties/{second.id}/gelezen").status_code == 302
    assert [n.read_at is not None for n in notes(author)] == [True, True, False]
    assert client.get("/notificaties").text.count('class="notification unread"') == 1

    client.post("/notificaties")
    assert unread(author) == 0
    assert "Alles gelezen." in client.get("/notificaties").text


def test_someone_elses_notification_is_a_404_and_stays_unread(client, login, make_user, make_post, wijk):
    author = make_user("Auteur")
    add_comment(make_user(), make_post(author, wijk), {"body": "Hoi"})
    [note] = notes(author)
    login(make_user("Nieuwsgierig"))
    assert client.post(f"/notificaties/{note.id}").status_code == 404
    assert client.post(f"/notificaties/{note.id}/gelezen").status_code == 404
    assert client.post("/notificaties/99999999999/gelezen").status_code == 404
    assert unread(author) == 1


def test_the_list_is_paginated_by_keyset(client, login, make_user, make_post, wijk):
    author = make_user("Auteur")
    for n in range(notifications.PAGE_SIZE + 5):
        notifications.notify(author, "moderation", f"Melding {n}")
    db.session.commit()
    login(author)
    first = client.get("/notificaties").text
    assert "Melding 34" in first and "Melding 4<" not in first and "?before=" in first
    last_shown = max(n.id for n in notes(author)) - notifications.PAGE_SIZE + 1
    older = client.get(f"/notificaties?before={last_shown}").text
    assert "Melding 4<" in older and "Melding 0<" in older and "Melding 5<" not in older
    assert client.get("/notificaties?before=zomaar").status_code == 400
    assert "Geen oudere notificaties" in client.get("/notificaties?before=1").text
    old_address = client.get("/meldingen?before=1")  # the address before "melding" meant a report (issue 18)
    assert old_address.status_code == 301 and old_address.location.endswith("/notificaties?before=1")


def test_the_page_runs_a_bounded_number_of_queries(app, client, login, make_user, make_post, wijk, coordinator):
    author = make_user("Auteur")
    login(author)

    def queries_for_page():
        db.session.commit()
        client.get("/notificaties")  # warm up what is loaded once per process
        with count_queries(app) as statements:
            assert client.get("/notificaties").status_code == 200
        return len(statements)

    def more_notifications(n):
        for _i in range(n):
            post = make_post(author, wijk)
            comment = add_comment(make_user(), post, {"body": "Hoi"})
            moderate(coordinator, {"action": "hide", "target": "comment", "id": comment.id, "reason": "Nee"})

    more_notifications(2)
    few = queries_for_page()
    more_notifications(8)
    # 8, the posts' and comments' photos (selectin) since issue 17, the viewer's municipality roles since issue 20
    assert queries_for_page() == few <= 11


# --- the API --------------------------------------------------------------------------

def test_api_lists_by_keyset_and_marks_read(api, make_user, make_post, wijk):
    author, other = make_user("Auteur"), make_user("Ander")
    post = make_post(author, wijk, title="Vraag")
    for n in range(5):
        add_comment(make_user(f"Buur {n}"), post, {"body": "Antwoord"})
    add_comment(author, make_post(other, wijk), {"body": "Ook"})
    mine = api.as_user(author)

    page = mine.get("/api/v1/me/notifications?limit=2").json
    assert page["unread"] == 5 and len(page["items"]) == 2
    assert page["items"][0]["message"] == "Buur 4 heeft gereageerd op je bericht “Vraag”"
    assert set(page["items"][0]) == {"id", "kind", "message", "link", "created_at", "read"}
    rest = mine.get(f"/api/v1/me/notifications?before={page['next']}").json
    assert [i["message"][:6] for i in rest["items"]] == ["Buur 2", "Buur 1", "Buur 0"] and rest["next"] is None
    assert mine.get("/api/v1/me/notifications?before=x").json["error"]["code"] == "bad_cursor"
    assert mine.get("/api/v1/me/notifications?limit=x").status_code == 400

    [theirs] = notes(other)
    ids = [page["items"][0]["id"], theirs.id]
    assert mine.post("/api/v1/me/notifications/read", json={"ids": ids}).status_code == 204
    assert mine.get("/api/v1/me/notifications").json["unread"] == 4
    assert unread(other) == 1  # others' ids are ignored

    for bad in ({"ids": []}, {"ids": ["1"]}, {"ids": [True]}, {"ids": 3}, {"all": "yes"}, {"all": False},
                {"ids": [1], "all": True}, {"ids": list(range(1, 102))}):
        response = mine.post("/api/v1/me/notifications/read", json=bad)
        assert response.status_code == 422, bad
    assert mine.post("/api/v1/me/notifications/read", data="[1]",
                     content_type="application/json").json["error"]["code"] == "malformed"
    assert mine.get("/api/v1/me/notifications").json["unread"] == 4

    assert mine.post("/api/v1/me/notifications/read", json={"all": True}).status_code == 204
    assert mine.get("/api/v1/me/notifications").json["unread"] == 0
    assert api.get("/api/v1/me/notifications").status_code == 401


# --- live -----------------------------------------------------------------------------

def test_the_unread_count_reaches_only_that_users_sockets(app, make_user, make_post, wijk):
    author, bystander, writer = make_user("Auteur"), make_user("Omstander"), make_user("Schrijver")
    post = make_post(author, wijk)
    add_comment(writer, post, {"body": "Eerste"})
    mine, theirs, anonymous = socket_of(app, author), socket_of(app, bystander), socket_of(app)
    assert counts_heard(mine) == [1]  # on connect: where the bell should stand now
    assert counts_heard(theirs) == [0]
    assert isolated(anonymous.emit, "join", {"wijk": "centrum"}, callback=True)["ok"]
    anonymous.get_received()

    add_comment(writer, post, {"body": "Nog een"})
    assert counts_heard(mine) == [2]
    assert counts_heard(theirs) == [] and counts_heard(anonymous) == []

    with pytest.raises(ValidationError):
        add_comment(writer, post, {"body": ""})  # refused: no notification, no event
    db.session.rollback()
    notifications.notify(author, "moderation", "Teruggedraaid")
    db.session.rollback()  # a write that failed after notifying: nothing was said, nothing will be
    db.session.commit()
    assert counts_heard(mine) == [] and unread(author) == 2

    notifications.mark_read(author, [notes(author)[0].id])
    assert counts_heard(mine) == [1]
    notifications.mark_read(author)
    assert counts_heard(mine) == [0]
    notifications.mark_read(author)  # nothing changed: nothing said
    assert counts_heard(mine) == []
    for client in (mine, theirs, anonymous):
        client.disconnect()


def test_followers_hear_their_count_and_it_takes_no_wijk_seq(app, make_user, make_post, wijk, followers):
    listening = socket_of(app, followers["all"])
    quiet = socket_of(app, followers["digest"])
    listening.get_received(), quiet.get_received()
    post = make_post(make_user(), wijk)
    assert counts_heard(listening) == [1] and counts_heard(quiet) == []

    seq = db.session.get(Wijk, wijk.id).last_seq
    notifications.mark_read(followers["all"])
    db.session.expire_all()
    assert db.session.get(Wijk, wijk.id).last_seq == seq == post.seq
    assert counts_heard(listening) == [0]
    listening.disconnect()
    quiet.disconnect()


def test_the_per_user_page_cache_shows_the_new_count(client, login, make_user, make_post, wijk, followers):
    reader = followers["all"]
    login(reader)
    other = Wijk(slug="noord", name="Noord", cbs_code="WK000002", municipality=municipality_named("Teststad"),
                 geometry=wijk.geometry)
    db.session.add(other)
    db.session.commit()
    assert 'data-unread="0"' in client.get("/w/noord").text  # cached for this user now
    make_post(make_user(), wijk)
    assert 'data-unread="1"' in client.get("/w/noord").text
    state = db.session.scalar(select(User.state_version).where(User.id == reader.id))
    assert state > 0
