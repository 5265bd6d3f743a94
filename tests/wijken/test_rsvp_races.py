"""RSVPs under real parallel requests: the counters always equal the rows and capacity holds."""
import random
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.timeutil import isoformat, utcnow
from tests.helpers import at_once
from wijken.models import Post, Rsvp


@pytest.fixture
def event(make_user, make_wijk, make_org, make_post):
    wijk = make_wijk("centrum")
    organiser = make_user("Organisator")
    org = make_org("gemeente-t", "gemeente", [wijk], [organiser])
    post = make_post(organiser, wijk, kind="wijkschouw", title="Wijkschouw", organisation=org,
                     starts_at=isoformat(utcnow() + timedelta(days=5)), location="Speeltuin", capacity=3)
    return {"post": post, "organiser": organiser}


def _race(app, post_id, requests):
    """Send (headers, json) requests at once from as many threads; returns the status codes."""
    statuses = []

    def press(headers, body):
        response = app.test_client().put(f"/api/v1/posts/{post_id}/rsvp", json=body, headers=headers)
        statuses.append(response.status_code)

    at_once(press, requests)
    return statuses


def _assert_counters_match_rows(post_id):
    db.session.expire_all()
    post = db.session.get(Post, post_id)

    def rows(status):
        return db.session.scalar(select(func.count()).select_from(Rsvp)
                                 .where(Rsvp.post_id == post_id, Rsvp.status == status))
    assert (post.going_count, post.maybe_count) == (rows("going"), rows("maybe"))
    assert post.going_count <= post.capacity


def test_parallel_changes_by_the_same_people_keep_counters_and_capacity(app, api, event, make_user):
    """Five people change their answer many times at once (the attack in issue 12: going ended at -18)."""
    post_id = event["post"].id
    people = [api.as_user(make_user()).headers for _ in range(5)]  # tokens before the race
    rng = random.Random(12)
    for _round in range(3):
        requests = [(people[i % 5], {"status": rng.choice(["going", "maybe", "not_going"])}) for i in range(20)]
        statuses = _race(app, post_id, requests)
        assert set(statuses) <= {200, 409}, statuses
        _assert_counters_match_rows(post_id)


def test_parallel_first_answers_and_changes_never_overbook(app, api, event, make_user):
    """Everyone alternates going / not going at once: never more going than the places, counts exact."""
    post_id = event["post"].id
    people = [api.as_user(make_user()).headers for _ in range(6)]
    requests = [(people[i % 6], {"status": "going" if (i // 6) % 2 == 0 else "not_going"}) for i in range(24)]
    statuses = _race(app, post_id, requests)
    assert set(statuses) <= {200, 409}, statuses
    _assert_counters_match_rows(post_id)


def test_capacity_lowered_while_people_sign_up_still_holds(app, api, event, make_user):
    post_id = event["post"].id
    organiser = api.as_user(event["organiser"]).headers
    people = [api.as_user(make_user()).headers for _ in range(6)]
    statuses, barrier = [], threading.Barrier(7)

    def lower():
        barrier.wait()
        statuses.append(app.test_client().patch(f"/api/v1/posts/{post_id}", json={"capacity": 1},
                                                headers=organiser).status_code)

    def going(headers):
        barrier.wait()
        statuses.append(app.test_client().put(f"/api/v1/posts/{post_id}/rsvp", json={"status": "going"},
                                              headers=headers).status_code)

    threads = [threading.Thread(target=lower)] + [threading.Thread(target=going, args=(h,)) for h in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(statuses) <= {200, 409, 422}, statuses
    _assert_counters_match_rows(post_id)
