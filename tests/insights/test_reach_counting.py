"""Readers counted without cookies (a daily-salted hash, only for the day) and followers by where they came from
(`?src=` remembered in the session until the follow)."""
from datetime import timedelta

import redis
from sqlalchemy import select

from core.extensions import db
from core.timeutil import utcnow
from insights.models import DailyCount, FollowReferral
from insights.rollup import rollup
from tests.conftest import log_in


def test_readers_are_counted_per_day_and_nothing_identifying_outlives_it(make_app, redis_url, make_wijk, make_post,
                                                                          make_user):
    app = make_app(REDIS_URL=redis_url)
    store = redis.Redis.from_url(redis_url)
    store.flushdb()
    with app.app_context():
        wijk = make_wijk("centrum")
        post = make_post(make_user(), wijk)
        client = app.test_client()
        for agent in ("Firefox", "Firefox", "Safari"):
            assert client.get("/w/centrum", headers={"User-Agent": agent}).status_code == 200
        client.get(f"/w/centrum/p/{post.id}", headers={"User-Agent": "Firefox"})
        client.get("/w/centrum", headers={"User-Agent": "Googlebot"})  # bots are not readers
        client.get("/w/onbekend", headers={"User-Agent": "Firefox"})  # a 404 is no read
        stored = [k.decode() for k in store.keys("insights:*")]
        assert len(stored) == 2 and any(k.startswith("insights:salt:") for k in stored)
        members = store.smembers(next(k for k in stored if k.startswith("insights:readers:")))
        assert len(members) == 2 and all(len(m) == 64 for m in members)  # hashes, no address or browser
        assert not any(b"Firefox" in m or b"127.0.0.1" in m for m in members)

        rollup()
        today = utcnow().date()
        assert db.session.scalar(select(DailyCount.value).where(DailyCount.metric == "readers",
                                                                DailyCount.day == today)) == 2
        # The next night's roll-up keeps the count and purges the day's hashes and salt.
        rollup(utcnow() + timedelta(days=1))
        assert store.keys("insights:*") == []
        assert db.session.scalar(select(DailyCount.value).where(DailyCount.metric == "readers",
                                                                DailyCount.day == today)) == 2
        db.session.remove()
    store.flushdb()


def test_a_follow_after_landing_from_the_flyer_counts_to_the_flyer(app, client, make_wijk, make_user):
    make_wijk("centrum")
    make_wijk("noord")
    user = make_user()
    assert client.get("/w/centrum?src=flyer").status_code == 200
    log_in(client, user)
    assert client.post("/w/centrum/follow", data={"action": "follow"}).status_code == 302
    client.post("/w/noord/follow", data={"action": "follow"})  # the landing counts once
    assert [(r.medium, r.wijk_id) for r in db.session.scalars(select(FollowReferral))] == [
        ("flyer", db.session.scalar(select(FollowReferral.wijk_id)))]
    client.get("/w/centrum?src=onbekend")  # an unknown medium is ignored
    client.post("/w/centrum/follow", data={"action": "unfollow"})
    client.post("/w/centrum/follow", data={"action": "follow"})
    assert len(db.session.scalars(select(FollowReferral)).all()) == 1
