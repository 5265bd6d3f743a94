"""The spreekuur end to end through its services, pages and API: the window, slow mode, questions most asked
first, answers by the host, moderation live, the transcript and the summary."""
import pytest
from sqlalchemy import select

from audit.models import AuditEntry
from conversations import services, spreekuur
from conversations.models import Entry
from core.errors import Conflict, PermissionDenied
from core.extensions import db
from notifications.models import Notification
from tests.conftest import Api, log_in
from tests.querycount import count_queries
from wijken.models import Comment


def test_scheduled_spreekuur_is_a_post_in_the_feed_and_agenda(hold, client):
    conversation, host, _poster = hold()
    post = conversation.post
    assert post.kind == "spreekuur" and post.starts_at == conversation.starts_at
    assert f"/spreekuur/{conversation.id}" in post.body and "wethouder Wonen" in post.body
    assert "Spreekuur over wonen" in client.get("/w/besoijen").text
    assert b"Spreekuur over wonen" in client.get("/w/besoijen/agenda.ics").data
    page = client.get(f"/spreekuur/{conversation.id}").text
    assert "Wethouder Jansen" in page and "wethouder Wonen" in page and "state-scheduled" in page


def test_writing_only_inside_the_window_with_slow_mode_and_host_exempt(hold, clock, make_user):
    conversation, host, _poster = hold()
    anna = make_user("Anna")
    with pytest.raises(Conflict) as refused:
        services.say(anna, conversation, {"body": "Mag dit al?"})
    assert refused.value.code == "not_started" and refused.value.details["retry_at"]
    clock.live(conversation)
    question = services.say(anna, conversation, {"body": "Wanneer komen er starterswoningen?"})
    assert question.kind == "question"
    with pytest.raises(services.TooSoon) as too_soon:
        services.say(anna, conversation, {"body": "Nog een vraag"})
    assert too_soon.value.status == 429 and too_soon.value.details["retry_at"]
    assert db.session.scalar(select(Comment.id).where(Comment.body == "Nog een vraag")) is None
    clock.written_ago(question, 31)
    assert services.say(anna, conversation, {"body": "Nog een vraag"}).kind == "question"
    for text in ("Goede vraag.", "Volgend jaar 40 woningen.", "En nog meer."):  # the host is never slowed down
        assert services.say(host, conversation, {"body": text}).kind == "message"
    answer = services.say(host, conversation, {"body": "Aan de Akkerlaan.", "parent_id": question.comment_id})
    assert answer.kind == "answer" and db.session.get(Entry, question.comment_id).answered_at is not None
    clock.ended(conversation)
    with pytest.raises(Conflict) as ended:
        services.say(host, conversation, {"body": "Te laat"})
    assert ended.value.code == "ended"


def test_questions_most_asked_first_and_votes_once_each(hold, clock, make_user):
    conversation, host, _poster = hold(slow_mode_seconds=0)
    clock.live(conversation)
    anna, bert, carla = make_user("Anna"), make_user("Bert"), make_user("Carla")
    first = services.say(anna, conversation, {"body": "Eerste vraag"})
    second = services.say(bert, conversation, {"body": "Tweede vraag"})
    for user in (anna, carla):
        services.set_vote(user, conversation, services.entry_in(conversation, second.comment_id), True)
    services.set_vote(carla, conversation, services.entry_in(conversation, second.comment_id), True)  # once
    with pytest.raises(PermissionDenied):
        services.set_vote(anna, conversation, services.entry_in(conversation, first.comment_id), True)  # own
    ranked = services.ranked(services.thread(None, conversation), "question")
    assert [(e.comment_id, e.votes) for e in ranked] == [(second.comment_id, 2), (first.comment_id, 0)]
    services.say(host, conversation, {"body": "Antwoord", "parent_id": second.comment_id})
    ranked = services.ranked(services.thread(None, conversation), "question")
    assert [e.comment_id for e in ranked] == [first.comment_id, second.comment_id]  # answered ones last


def test_hide_and_mute_for_the_session_go_through_the_queue_and_audit_log(hold, clock, make_user, client):
    conversation, host, poster = hold(slow_mode_seconds=0)
    clock.live(conversation)
    troll, anna = make_user("Troll"), make_user("Anna")
    bad = services.say(troll, conversation, {"body": "Scheldwoorden"})
    services.say(anna, conversation, {"body": "Nette vraag"})
    with pytest.raises(PermissionDenied):
        services.hide_message(anna, conversation, bad.comment_id, "nee")
    moderator = make_user("Moderator")
    from partners.services import grant_membership
    grant_membership(moderator, conversation.organisation, "moderator")
    services.hide_message(moderator, conversation, bad.comment_id, "Schelden")
    assert db.session.get(Comment, bad.comment_id).status == "hidden"
    page = client.get(f"/spreekuur/{conversation.id}").text
    assert "Scheldwoorden" not in page and "Nette vraag" in page
    services.mute_for_session(moderator, conversation, troll.id, "Blijft schelden")
    with pytest.raises(PermissionDenied) as muted:
        services.say(troll, conversation, {"body": "Ik weer"})
    assert muted.value.code == "muted"
    with pytest.raises(Conflict):
        services.mute_for_session(moderator, conversation, host.id, "De host")
    actions = [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-2:] == ["hide", "session_mute"]
    # the post's ordinary thread obeys the same rule
    response = Api(client, troll).post(f"/api/v1/posts/{conversation.post_id}/comments", json={"body": "via api"})
    assert response.status_code == 409 and response.json["error"]["code"] == "thread_closed"


def test_transcript_and_summary_reach_followers_and_participants(hold, clock, make_user):
    conversation, host, poster = hold(slow_mode_seconds=0)
    from wijken.services import follow
    follower = make_user("Volger")
    follow(follower, conversation.wijk, "important")
    clock.live(conversation)
    anna = make_user("Anna")
    services.say(anna, conversation, {"body": "Vraag over parkeren"})
    clock.ended(conversation)
    with pytest.raises(PermissionDenied):
        spreekuur.publish_summary(anna, conversation, {"body": "Mijn samenvatting"})
    spreekuur.publish_summary(host, conversation, {"body": "We bouwen **40** woningen."})
    assert "<strong>40</strong>" in conversation.closing_html and "We bouwen **40** woningen." in conversation.post.body
    told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "summary")))
    assert {anna.id, follower.id} <= told
    with pytest.raises(PermissionDenied):
        spreekuur.publish_summary(host, conversation, {"body": "Nog eens"})


def test_pages_without_javascript_keep_the_typed_text(hold, clock, make_user, app, client):
    conversation, host, _poster = hold()
    clock.live(conversation)
    anna = make_user("Anna")
    log_in(client, anna)
    sent = client.post(f"/spreekuur/{conversation.id}/bericht", data={"body": "Eerste"})
    assert sent.status_code == 302
    refused = client.post(f"/spreekuur/{conversation.id}/bericht", data={"body": "Mijn getypte tweede vraag"})
    assert refused.status_code == 429
    assert "Mijn getypte tweede vraag</textarea>" in refused.text and "form-error" in refused.text
    read_along = client.get(f"/spreekuur/{conversation.id}?lezen=1").text
    assert 'http-equiv="refresh"' in read_along and "<textarea" not in read_along.split('id="chat"')[1]


def test_api_refusals_say_when_it_is_possible_again(hold, clock, make_user, client):
    conversation, host, _poster = hold()
    anna = Api(client, make_user("Anna"))
    early = anna.post(f"/api/v1/spreekuren/{conversation.id}/messages", json={"body": "Te vroeg"})
    assert early.status_code == 409 and early.json["error"]["code"] == "not_started"
    assert early.json["error"]["retry_at"].endswith("Z")
    clock.live(conversation)
    assert anna.post(f"/api/v1/spreekuren/{conversation.id}/messages", json={"body": "Vraag"}).status_code == 201
    again = anna.post(f"/api/v1/spreekuren/{conversation.id}/messages", json={"body": "Vraag 2"})
    assert again.status_code == 429 and again.json["error"]["code"] == "slow_mode" and again.json["error"]["retry_at"]
    shown = Api(client).get(f"/api/v1/spreekuren/{conversation.id}").json
    assert shown["state"] == "live" and shown["host"]["function"] == "wethouder Wonen"
    assert [m["kind"] for m in shown["messages"]] == ["question"]


def test_transcript_page_in_constant_queries(hold, clock, make_user, app, client):
    conversation, host, _poster = hold(slow_mode_seconds=0)
    clock.live(conversation)
    people = [make_user(f"Bewoner {i}") for i in range(4)]

    def queries():
        with count_queries(app) as statements:
            assert client.get(f"/spreekuur/{conversation.id}").status_code == 200
        return len(statements)

    services.say(people[0], conversation, {"body": "Vraag 0"})
    few = queries()
    for i, person in enumerate(people * 3):
        services.say(person, conversation, {"body": f"Bericht {i}"})
    assert queries() == few


def test_the_wijk_event_log_serves_conversation_events(hold, clock, make_user, client):
    conversation, _host, _poster = hold(slow_mode_seconds=0)
    clock.live(conversation)
    services.say(make_user("Anna"), conversation, {"body": "Vraag"})
    page = client.get("/api/v1/wijken/besoijen/events?since=0")
    assert page.status_code == 200 and "entry_updated" in [e["event"] for e in page.json["items"]]


def test_chat_messages_notify_nobody_only_the_summary_does(hold, clock, make_user):
    """The scheduler (the post's author) used to get a notification for every message of the chat."""
    conversation, host, poster = hold(slow_mode_seconds=0)
    clock.live(conversation)
    anna, bert = make_user("Anna"), make_user("Bert")
    question = services.say(anna, conversation, {"body": "Vraag over de bus"})
    services.say(bert, conversation, {"body": "Ik ook", "parent_id": question.comment_id})
    services.say(host, conversation, {"body": "Lijn 1 blijft.", "parent_id": question.comment_id})
    services.say(host, conversation, {"body": "Welkom allemaal"})
    assert db.session.scalars(select(Notification.kind)).all() == []
    clock.ended(conversation)
    spreekuur.publish_summary(host, conversation, {"body": "De bus blijft."})
    told = db.session.scalars(select(Notification.user_id).where(Notification.kind == "summary")).all()
    assert sorted(told) == sorted({anna.id, bert.id, poster.id})  # not the host who wrote it
    assert db.session.scalar(select(Notification.id).where(Notification.kind != "summary")) is None


def test_a_transcript_of_2000_messages_in_the_same_queries_as_of_20(hold, clock, make_user, app, client):
    """The photos of comments used to be loaded 500 at a time: a long transcript ran more queries."""
    from sqlalchemy import insert

    conversation, host, _poster = hold(slow_mode_seconds=0)
    clock.ended(conversation)
    people = [make_user(f"Bewoner {i}").id for i in range(5)]

    def add(start: int, n: int) -> None:  # rows, as the page reads them (writing goes through `say` elsewhere)
        for i in range(start, start + n):
            comment_id = db.session.execute(insert(Comment).values(
                post_id=conversation.post_id, author_id=people[i % 5], body=f"Vraag {i}",
                body_html=f"<p>Vraag {i}</p>", status="published", seq=0)).inserted_primary_key[0]
            db.session.execute(insert(Entry).values(comment_id=comment_id, conversation_id=conversation.id,
                                                    user_id=people[i % 5], kind="question", votes=i % 3))
        db.session.commit()

    def queries():
        with count_queries(app) as statements:
            page = client.get(f"/spreekuur/{conversation.id}")
        assert page.status_code == 200
        return len(statements), page.text.count('class="message ')

    add(0, 20)
    few, shown = queries()
    assert shown == 20
    add(20, 1980)
    assert queries() == (few, 2000)
