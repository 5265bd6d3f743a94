"""The HTML pages: reading without an account, following, posting, threads, query counts."""
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from core.extensions import cache, db
from core.timeutil import isoformat, utcnow
from tests.querycount import count_queries
from wijken.models import Comment, Follow, Post


@pytest.fixture
def wijk_with_partner(make_user, make_wijk, make_org):
    wijk = make_wijk("centrum", "Centrum")
    agent = make_user("Agent Jansen")
    politie = make_org("politie", "politie", [wijk], [agent])
    return wijk, agent, politie


def test_municipality_home_lists_wijken_on_a_map(client, make_wijk):
    make_wijk("centrum", "Centrum")
    html = client.get("/g/teststad").text
    assert '<svg class="wijk-map"' in html
    assert 'href="/w/centrum"' in html and "<title>Centrum</title>" in html


def test_find_without_javascript(client, make_wijk):
    make_wijk("centrum")
    assert client.get("/zoek?lat=51.05&lon=5.05").headers["Location"] == "/w/centrum"
    assert client.get("/zoek?lat=10&lon=10").headers["Location"] == "/"
    assert client.get("/zoek?lat=abc").status_code == 302


def test_anonymous_reads_wijk_and_post(client, wijk_with_partner, make_post, make_user):
    wijk, agent, politie = wijk_with_partner
    post = make_post(agent, wijk, kind="aankondiging", title="Gemeenteavond", organisation=politie)
    page = client.get("/w/centrum")
    assert page.status_code == 200
    assert "Gemeenteavond" in page.text and "by-partner" in page.text and "verified" in page.text
    detail = client.get(f"/w/centrum/p/{post.id}")
    assert detail.status_code == 200 and "Politie" in detail.text
    assert client.get(f"/w/elders/p/{post.id}").status_code == 404
    assert client.get("/w/centrum/p/999").status_code == 404


def test_follow_and_unfollow_from_the_page(client, login, make_user, make_wijk):
    make_wijk("centrum")
    user = make_user()
    login(user)
    assert client.post("/w/centrum/follow", data={"action": "follow"}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Follow)) == 1
    page = client.get("/w/centrum").text
    assert re.search(r"1 (follower|volger)", page)
    client.post("/w/centrum/follow", data={"action": "unfollow"})
    assert db.session.scalar(select(func.count()).select_from(Follow)) == 0


def test_follow_needs_login(client, make_wijk):
    make_wijk("centrum")
    response = client.post("/w/centrum/follow", data={"action": "follow"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_my_feed_shows_followed_wijken_only(client, login, make_user, make_wijk, make_post):
    centrum, noord = make_wijk("centrum"), make_wijk("noord")
    author, reader = make_user(), make_user()
    make_post(author, centrum, title="Uit het centrum")
    make_post(author, noord, title="Uit het noorden")
    login(reader)
    client.post("/w/centrum/follow", data={"action": "follow"})
    html = client.get("/mijn-wijken").text
    assert "Uit het centrum" in html and "Uit het noorden" not in html


def test_partner_posts_warning_through_the_form(client, login, wijk_with_partner):
    wijk, agent, _politie = wijk_with_partner
    login(agent)
    form = client.get("/w/centrum/nieuw").text
    assert 'value="inbraakwaarschuwing"' in form and 'value="politie"' in form
    response = client.post("/w/centrum/nieuw", data={
        "kind": "inbraakwaarschuwing", "organisation": "politie", "title": "Inbraakgolf",
        "body": "Let op je ramen"})
    assert response.status_code == 302
    page = client.get("/w/centrum").text
    assert 'class="warning-banner"' in page and "Inbraakgolf" in page


def test_resident_form_offers_only_allowed_kinds_and_refuses_others(client, login, make_user, make_wijk):
    make_wijk("centrum")
    login(make_user())
    form = client.get("/w/centrum/nieuw").text
    assert 'value="bericht"' in form and 'value="aankondiging"' not in form
    response = client.post("/w/centrum/nieuw", data={"kind": "aankondiging", "title": "x", "body": "y"})
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Post)) == 0


def test_form_errors_are_shown_and_nothing_is_stored(client, login, make_user, make_wijk):
    make_wijk("centrum")
    login(make_user())
    start = (utcnow() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post("/w/centrum/nieuw", data={
        "kind": "evenement", "title": "", "body": "Feest", "starts_at": start, "ends_at": "2020-01-01T10:00",
        "location": "Plein"})
    assert response.status_code == 422
    assert 'id="title-error"' in response.text and 'id="ends_at-error"' in response.text
    assert db.session.scalar(select(func.count()).select_from(Post)) == 0


def test_comment_reply_edit_and_delete_on_the_page(client, login, make_user, make_wijk, make_post):
    wijk = make_wijk("centrum")
    author = make_user("Schrijver")
    post = make_post(author, wijk)
    login(author)
    client.post(f"/w/centrum/p/{post.id}/reageren", data={"body": "Eerste reactie"})
    first = db.session.scalars(select(Comment)).one()
    client.post(f"/w/centrum/p/{post.id}/reageren", data={"body": "Antwoord", "parent_id": str(first.id)})
    html = client.get(f"/w/centrum/p/{post.id}").text
    assert "Eerste reactie" in html and '<ol class="replies">' in html
    client.post(f"/w/centrum/c/{first.id}/bewerken", data={"body": "Aangepast"})
    assert "Aangepast" in client.get(f"/w/centrum/p/{post.id}").text
    client.post(f"/w/centrum/c/{first.id}/verwijderen")
    html = client.get(f"/w/centrum/p/{post.id}").text
    assert "Aangepast" not in html and "Antwoord" in html  # the reply stays, under a placeholder


def test_edit_post_page_marks_edited(client, login, make_user, make_wijk, make_post):
    wijk = make_wijk("centrum")
    author = make_user()
    post = make_post(author, wijk, title="Oud")
    login(author)
    assert client.get(f"/w/centrum/p/{post.id}/bewerken").status_code == 200
    client.post(f"/w/centrum/p/{post.id}/bewerken", data={"title": "Nieuw", "body": "Tekst"})
    assert db.session.get(Post, post.id).edited_at is not None
    html = client.get(f"/w/centrum/p/{post.id}").text
    assert "Nieuw" in html and re.search(r"(edited|bewerkt)", html)


def test_other_users_cannot_edit_or_delete(client, login, make_user, make_wijk, make_post):
    wijk = make_wijk("centrum")
    post = make_post(make_user(), wijk)
    login(make_user())
    assert client.get(f"/w/centrum/p/{post.id}/bewerken").status_code == 403
    assert client.post(f"/w/centrum/p/{post.id}/verwijderen").status_code == 403
    assert db.session.get(Post, post.id).status == "published"


def test_coordinator_pins_from_the_page(client, login, make_user, make_wijk, make_post):
    from wijken.roles import grant_wijk_role
    wijk = make_wijk("centrum")
    old = make_post(make_user(), wijk, title="Oudste")
    make_post(make_user(), wijk, title="Nieuwste")
    coordinator = make_user()
    grant_wijk_role(coordinator, wijk, "coordinator")
    login(coordinator)
    client.post(f"/w/centrum/p/{old.id}/modereren", data={"action": "pin", "reason": "Belangrijk"})
    html = client.get("/w/centrum").text
    assert html.index("Oudste") < html.index("Nieuwste")


def test_rsvp_full_gives_a_clear_message(client, login, make_user, make_wijk, make_post):
    wijk = make_wijk("centrum")
    organiser = make_user()
    post = make_post(organiser, wijk, kind="evenement", title="Kleine rondleiding", location="Kerk",
                     starts_at=isoformat(utcnow() + timedelta(days=1)),
                     ends_at=isoformat(utcnow() + timedelta(days=1, hours=1)), capacity=1)
    login(organiser)
    client.post(f"/w/centrum/p/{post.id}/rsvp", data={"status": "going"})
    client.post("/logout")
    login(make_user())
    response = client.post(f"/w/centrum/p/{post.id}/rsvp", data={"status": "going"}, follow_redirects=True)
    assert re.search(r"(This activity is full|Deze activiteit is vol)", response.text)
    assert db.session.get(Post, post.id).going_count == 1


def test_script_is_inert_on_every_page(client, login, make_user, make_wijk, make_post):
    wijk = make_wijk("centrum")
    evil = "<script>alert('x')</script>"
    author = make_user(evil)
    post = make_post(author, wijk, kind="evenement", title=evil, body=evil, location=evil,
                     starts_at=isoformat(utcnow() + timedelta(days=1)),
                     ends_at=isoformat(utcnow() + timedelta(days=1, hours=1)))
    for url in ("/w/centrum", f"/w/centrum/p/{post.id}", "/w/centrum/feed.xml"):
        body = client.get(url).text
        assert "<script>alert" not in body, url
    ics = client.get(f"/w/centrum/p/{post.id}.ics").text
    assert "<script" not in ics and "SUMMARY:alert('x')" in ics


def _add_posts(wijk, users, make_post, count, start=0):
    """Posts with a comment and a reaction each, by rotating authors."""
    from wijken.services import add_comment, set_reaction
    for i in range(start, start + count):
        post = make_post(users[i % 3], wijk, title=f"Bericht {i}")
        add_comment(users[(i + 1) % 3], post, {"body": "Reactie"})
        set_reaction(users[(i + 2) % 3], post, "like", on=True)


@pytest.mark.parametrize("as_user", [False, True])
def test_wijk_page_query_count_does_not_grow_with_posts(app, client, login, make_user, make_wijk, make_post,
                                                        as_user):
    wijk, users = make_wijk("centrum"), [make_user() for _ in range(3)]
    _add_posts(wijk, users, make_post, 5)
    if as_user:
        login(users[0])
    client.get("/")  # shows (and so clears) the login's welcome message

    def queries_for_page():
        cache.clear()  # measure the full render, not the page cache
        with count_queries(app) as statements:
            assert client.get("/w/centrum?kind=bericht").status_code == 200
        return len(statements)

    few = queries_for_page()
    _add_posts(wijk, users, make_post, 45, start=5)
    many = queries_for_page()
    assert few == many
    assert few <= 17  # 12 for feed, viewer and wijk; open meldingen; photos; whom to ask; response times (cached 5 min)


def test_api_feed_query_count_does_not_grow_with_posts(app, api, make_user, make_wijk, make_post):
    wijk, users = make_wijk("centrum"), [make_user() for _ in range(3)]
    _add_posts(wijk, users, make_post, 5)

    def queries():
        with count_queries(app) as statements:
            assert len(api.get("/api/v1/wijken/centrum/posts?limit=100").json["items"]) > 0
        return len(statements)

    few = queries()
    _add_posts(wijk, users, make_post, 45, start=5)
    assert queries() == few <= 6


@pytest.fixture
def one_minute(monkeypatch):
    """The page cache's key holds the minute; a slow machine crossing one between two requests renders again."""
    import time

    from wijken import pagecache
    now = time.time()
    monkeypatch.setattr(pagecache, "time", SimpleNamespace(time=lambda: now, monotonic=time.monotonic))


def test_anonymous_page_is_served_from_cache_until_the_wijk_changes(app, client, make_user, make_wijk, make_post,
                                                                    one_minute):
    wijk = make_wijk("centrum")
    author = make_user()
    make_post(author, wijk, title="Eerste")
    client.get("/w/centrum")
    with count_queries(app) as statements:
        cached = client.get("/w/centrum")
    assert len(statements) <= 1 and "Eerste" in cached.text  # the wijk's state, looked up at most once a second
    make_post(author, wijk, title="Tweede")
    assert "Tweede" in client.get("/w/centrum").text


def test_logged_in_pages_are_cached_per_user_with_their_own_csrf_token(make_app, make_user, make_wijk,
                                                                       make_post, one_minute):
    app = make_app(WTF_CSRF_ENABLED=True)
    wijk = make_wijk("centrum")
    make_post(make_user(), wijk, title="Gedeeld bericht")
    follower, other = make_user("Volger", two_factor_on=False), make_user("Ander", two_factor_on=False)
    clients = {}
    for user in (follower, other):
        clients[user.id] = client = app.test_client()
        token = client.get("/login").text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post("/login", data={"email": user.email, "password": "correct horse battery", "csrf_token": token})
        client.get("/")  # the welcome message
    follow_form = clients[follower.id].get("/w/centrum").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', follow_form).group(1)
    clients[follower.id].post("/w/centrum/follow", data={"action": "follow", "csrf_token": token})
    clients[follower.id].get("/w/centrum")  # shows the flash, rendered fresh
    clients[follower.id].get("/w/centrum")  # rendered and cached

    with count_queries(app) as statements:
        mine = clients[follower.id].get("/w/centrum").text
    assert len(statements) == 1  # the wijk's seq with the user's state version: no render
    assert 'value="unfollow"' in mine and "__csrf_token__" not in mine
    theirs = clients[other.id].get("/w/centrum").text
    assert 'value="follow"' in theirs and "Ander" in theirs and "Volger" not in theirs
    # The cached page's forms work: the token was filled in for this session.
    token = re.search(r'name="csrf_token" value="([^"]+)"', mine).group(1)
    response = clients[follower.id].post("/w/centrum/follow", data={"action": "unfollow", "csrf_token": token})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Follow)) == 0


def test_language_switch(client, make_wijk):
    make_wijk("centrum")
    page = client.get("/w/centrum").text
    assert 'action="/taal/en"' in page and 'name="next" value="/w/centrum"' in page
    switched = client.post("/taal/en", data={"next": "/w/centrum"})
    assert switched.status_code == 302 and switched.location == "/w/centrum"
    assert 'lang="en"' in client.get("/w/centrum").text
    client.post("/taal/nl", headers={"Referer": "http://localhost/w/centrum"})
    assert 'lang="nl"' in client.get("/w/centrum").text


def test_following_a_language_link_changes_nothing(client, login, make_user, make_wijk):
    """GET /taal/<code> (an old link, or one on another site) only shows the switch; the POST switches."""
    from accounts.models import User
    make_wijk("centrum")
    user = make_user()
    login(user)
    shown = client.get("/taal/en?next=/w/centrum")
    assert shown.status_code == 200
    assert not [c for c in shown.headers.getlist("Set-Cookie") if c.startswith("lang=")]
    assert 'name="next" value="/w/centrum"' in shown.text and 'method="post"' in shown.text
    assert db.session.get(User, user.id).locale != "en" and 'lang="nl"' in client.get("/w/centrum").text
    assert client.post("/taal/en").status_code == 302
    assert db.session.get(User, user.id).locale == "en"
    assert client.get("/taal/xx").status_code == 404


def test_errors_are_friendly_pages(client):
    response = client.get("/w/bestaat-niet")
    assert response.status_code == 404 and "<html" in response.text
    api_style = client.get("/w/bestaat-niet", headers={"Accept": "application/json"})
    assert api_style.json["error"]["code"] == "not_found"


def test_react_from_the_feed_and_take_it_back(client, login, make_user, make_wijk, make_post):
    wijk = make_wijk("centrum")
    post = make_post(make_user(), wijk)
    login(make_user())
    page = client.get("/w/centrum").text
    assert 'name="reaction" value="like:on"' in page
    client.post(f"/w/centrum/p/{post.id}/reacties", data={"reaction": "like:on", "next": "/w/centrum"})
    page = client.get("/w/centrum").text
    assert 'value="like:off" class="reaction"\n            aria-pressed="true"' in page
    assert re.search(r'data-count="like">1<', page)
    client.post(f"/w/centrum/p/{post.id}/reacties", data={"reaction": "like:off"})
    assert re.search(r'data-count="like">0<', client.get("/w/centrum").text)
    assert client.post(f"/w/centrum/p/{post.id}/reacties", data={"reaction": "boos:on"}).status_code == 404


def test_a_wijk_slug_with_a_nul_character_is_simply_not_found(client, make_wijk):
    make_wijk("centrum")
    assert client.get("/w/cen%00trum").status_code == 404


def test_live_fragments_show_each_viewer_what_they_may_see(client, login, make_user, make_wijk, make_post):
    """/w/<slug>/fragment/...: what live.js inserts, rendered per viewer through the permission predicates."""
    from moderation.services import moderate
    from wijken.services import add_comment
    wijk = make_wijk("centrum")
    author, admin = make_user("Auteur"), make_user("Beheer", admin=True)
    post = make_post(author, wijk, title="Ladder")
    comment = add_comment(author, post, {"body": "Hallo"})

    anonymous = client.get(f"/w/centrum/fragment/reactie/{comment.id}")
    assert anonymous.status_code == 200 and anonymous.headers["Cache-Control"] == "private, no-store"
    assert anonymous.json["comment_count"] == 1 and "Hallo" in anonymous.json["html"]
    assert "details class=\"flag\"" not in anonymous.json["html"]  # nobody to report as
    login(make_user("Lezer"))
    mine = client.get(f"/w/centrum/fragment/reactie/{comment.id}").json["html"]
    assert 'class="flag"' in mine and 'class="reply"' in mine and 'name="csrf_token"' in mine

    moderate(admin, {"action": "hide", "target": "comment", "id": comment.id, "reason": "test"})
    hidden = client.get(f"/w/centrum/fragment/reactie/{comment.id}").json
    assert hidden["html"] is None and hidden["comment_count"] == 0
    assert client.get(f"/w/elders/fragment/reactie/{comment.id}").status_code == 404
    moderate(admin, {"action": "hide", "target": "post", "id": post.id, "reason": "test"})
    assert client.get(f"/w/centrum/fragment/reactie/{comment.id}").status_code == 404
    assert client.get(f"/w/centrum/fragment/bericht/{post.id}").status_code == 404
    assert client.get("/w/centrum/fragment/waarschuwingen").status_code == 200
