"""A post sent twice is one post: the API's Idempotency-Key and the new-post form's one-time key."""
import re
import threading

import pytest
from sqlalchemy import func, select

from core.extensions import db
from wijken.models import Post

NEWS = {"kind": "bericht", "title": "Straatfeest", "body": "Zaterdag in de Dorpsstraat."}


@pytest.fixture
def wijk(make_wijk):
    return make_wijk("centrum")


def posts() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Post))


def test_the_same_key_twice_is_one_post_with_the_same_answer(api, wijk, make_user):
    me = api.as_user(make_user())
    key = {"Idempotency-Key": "5f0e1c9a-1d2b-4c3d-8e4f-000000000001"}
    first = me.client.post("/api/v1/wijken/centrum/posts", json=NEWS, headers=me.headers | key)
    again = me.client.post("/api/v1/wijken/centrum/posts", json=NEWS, headers=me.headers | key)
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert posts() == 1
    other = me.client.post("/api/v1/wijken/centrum/posts", json=NEWS,
                           headers=me.headers | {"Idempotency-Key": "another"})
    assert other.status_code == 201 and other.json["id"] != first.json["id"] and posts() == 2
    # Without a key every POST is a new post, as before.
    assert me.post("/api/v1/wijken/centrum/posts", json=NEWS).status_code == 201 and posts() == 3


def test_a_key_is_per_person_and_for_one_request_only(api, wijk, make_user):
    me, neighbour = api.as_user(make_user()), api.as_user(make_user())
    key = {"Idempotency-Key": "mijn-sleutel"}
    assert me.client.post("/api/v1/wijken/centrum/posts", json=NEWS, headers=me.headers | key).status_code == 201
    theirs = me.client.post("/api/v1/wijken/centrum/posts", json=NEWS, headers=neighbour.headers | key)
    assert theirs.status_code == 201 and posts() == 2
    other = me.client.post("/api/v1/wijken/centrum/posts", json=NEWS | {"title": "Iets anders"},
                           headers=me.headers | key)
    assert other.status_code == 422 and other.json["error"]["code"] == "idempotency_key_reused"
    assert posts() == 2


def test_a_refused_request_may_be_sent_again_with_its_key(api, wijk, make_user):
    me = api.as_user(make_user())
    key = {"Idempotency-Key": "retry-me"}
    refused = me.client.post("/api/v1/wijken/centrum/posts", json=NEWS | {"title": ""}, headers=me.headers | key)
    assert refused.status_code == 422
    again = me.client.post("/api/v1/wijken/centrum/posts", json=NEWS | {"title": ""}, headers=me.headers | key)
    assert again.status_code == 422 and "Idempotent-Replayed" not in again.headers
    fixed = me.client.post("/api/v1/wijken/centrum/posts", json=NEWS, headers=me.headers | key)
    assert fixed.status_code == 201 and posts() == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "met spatie", "tab\there", "ß"])
def test_a_malformed_key_is_a_400(api, wijk, make_user, key):
    me = api.as_user(make_user())
    response = me.client.post("/api/v1/wijken/centrum/posts", json=NEWS, headers=me.headers | {"Idempotency-Key": key})
    assert response.status_code == 400 and response.json["error"]["code"] == "bad_idempotency_key"
    assert posts() == 0


def test_the_same_key_at_the_same_moment_makes_one_post(app, api, wijk, make_user):
    me = api.as_user(make_user())
    headers = me.headers | {"Idempotency-Key": "samen"}  # the token is issued before the race
    statuses, barrier = [], threading.Barrier(6)

    def send():
        barrier.wait()
        statuses.append(app.test_client().post("/api/v1/wijken/centrum/posts", json=NEWS,
                                               headers=headers).status_code)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert posts() == 1
    assert 201 in statuses and set(statuses) <= {201, 409}, statuses


def test_the_new_post_form_sent_twice_is_one_post(client, login, wijk, make_user):
    login(make_user())
    form = client.get("/w/centrum/nieuw").text
    key = re.search(r'name="form_key" type="hidden" value="([^"]+)"|type="hidden" name="form_key" value="([^"]+)"',
                    form)
    assert key, form
    data = NEWS | {"form_key": key.group(1) or key.group(2)}
    first = client.post("/w/centrum/nieuw", data=data)
    second = client.post("/w/centrum/nieuw", data=data)
    assert first.status_code == second.status_code == 302
    assert second.location == first.location and "/w/centrum/p/" in first.location
    assert posts() == 1
    fresh = re.search(r'name="form_key"[^>]*value="([^"]+)"', client.get("/w/centrum/nieuw").text).group(1)
    assert fresh != data["form_key"]
    assert client.post("/w/centrum/nieuw", data=NEWS | {"form_key": fresh}).status_code == 302 and posts() == 2
